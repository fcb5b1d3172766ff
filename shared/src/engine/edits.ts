/**
 * Applying fixes: pure functions over text and over nbformat JSON, so every editor and the CLI
 * change notebooks the same way — only the edited spans change, every other byte and key stays.
 */
import type { Edit, Range, RedactOutputEdit } from '../model/finding.js';
import { applyOutputEdits, redactOutput } from '../editor/redact.js';

/** Apply non-overlapping source edits to one text. Later edits first, so offsets stay valid. */
export function applySourceEdits(
  text: string,
  edits: readonly { range: Range; text: string }[],
): string {
  const sorted = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    const [start, end] = edit.range;
    if (end > limit || start < 0 || end > text.length || start > end) continue; // overlapping or stale: skip
    result = result.slice(0, start) + edit.text + result.slice(end);
    limit = start;
  }
  return result;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Redact one stored output. Kept for callers of the earlier API: it is `redactOutput` of
 * `editor/redact.ts`, which removes the values from every representation of the output.
 */
export function redactOutputJson(output: JsonObject, edit: RedactOutputEdit): JsonObject {
  return redactOutput(output, [edit]);
}

/** Replace every occurrence of each `from` by its `to` (redaction by value). */
export function replaceValues(
  text: string,
  values: readonly { from: string; to: string }[],
): string {
  return values.reduce((acc, v) => (v.from ? acc.split(v.from).join(v.to) : acc), text);
}

/**
 * Redact by value inside a JSON payload. `values[].from` are fragments of the pretty-printed
 * (JSON-encoded) text Cellguard analysed, so they are decoded before matching string leaves.
 */
export function replaceInJson(
  value: unknown,
  values: readonly { from: string; to: string }[],
): unknown {
  if (typeof value === 'string') {
    return replaceValues(
      value,
      values.map((v) => ({ from: safeDecode(v.from), to: v.to })),
    );
  }
  if (Array.isArray(value)) return value.map((item) => replaceInJson(item, values));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceInJson(v, values)]));
  return value;
}

function safeDecode(fragment: string): string {
  try {
    return JSON.parse(`"${fragment}"`) as string;
  } catch {
    return fragment;
  }
}

/**
 * Apply edits to an nbformat 4 notebook object: `applyOutputEdits` of `editor/redact.ts` (one
 * implementation for the CLI and both editors). Untouched cells are the same objects.
 */
export function applyEditsToNotebookJson(notebook: JsonObject, edits: readonly Edit[]): JsonObject {
  return applyOutputEdits(notebook, edits);
}
