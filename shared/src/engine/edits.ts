/**
 * Applying fixes: pure functions over text and over nbformat JSON, so every editor and the CLI
 * change notebooks the same way — only the edited spans change, every other byte and key stays.
 */
import type { Edit, Range, RedactOutputEdit, SourceEdit } from '../model/finding.js';
import { joinMultiline, stripAnsi } from '../notebook/parse.js';

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

/** nbformat stores multiline strings as a list of lines, each keeping its "\n". Keep that shape. */
function splitLikeOriginal(original: unknown, text: string): string | string[] {
  if (typeof original === 'string') return text;
  const lines: string[] = [];
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    lines.push(text.slice(start, end));
    start = end;
  }
  return lines;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Redact spans of one output's text, given as offsets into the text Cellguard analysed. */
export function redactOutputJson(output: JsonObject, edit: RedactOutputEdit): JsonObject {
  const type = output['output_type'];
  if (type === 'stream' && edit.mimeType === 'stream') {
    const text = joinMultiline(output['text']) ?? '';
    return {
      ...output,
      text: splitLikeOriginal(output['text'], applySourceEdits(text, edit.replacements)),
    };
  }
  if ((type === 'execute_result' || type === 'display_data') && isObject(output['data'])) {
    const data = output['data'];
    const payload = data[edit.mimeType];
    const text = joinMultiline(payload);
    if (text !== undefined) {
      return {
        ...output,
        data: {
          ...data,
          [edit.mimeType]: splitLikeOriginal(payload, applySourceEdits(text, edit.replacements)),
        },
      };
    }
    if (isObject(payload) || Array.isArray(payload)) {
      // JSON payloads were analysed as pretty-printed text; redact by value inside the structure.
      const analysed = JSON.stringify(payload, null, 1);
      const values = edit.replacements.map((r) => ({
        from: analysed.slice(r.range[0], r.range[1]),
        to: r.text,
      }));
      return { ...output, data: { ...data, [edit.mimeType]: replaceInJson(payload, values) } };
    }
    return output;
  }
  if (type === 'error') {
    // The analysed text is "ename: evalue\ntraceback…" with colour codes removed. Redact by value
    // in evalue and each traceback line, which keeps their colour codes.
    const ename = typeof output['ename'] === 'string' ? output['ename'] : '';
    const evalue = typeof output['evalue'] === 'string' ? output['evalue'] : '';
    const traceback = Array.isArray(output['traceback']) ? output['traceback'] : [];
    const analysed = stripAnsi(
      [`${ename}: ${evalue}`, ...traceback.filter((l) => typeof l === 'string')].join('\n'),
    );
    const values = edit.replacements
      .map((r) => ({ from: analysed.slice(r.range[0], r.range[1]), to: r.text }))
      .filter((v) => v.from.length > 0);
    const replace = (s: string): string =>
      values.reduce((acc, v) => acc.split(v.from).join(v.to), s);
    return {
      ...output,
      evalue: replace(evalue),
      traceback: traceback.map((line) => (typeof line === 'string' ? replace(line) : line)),
    };
  }
  return output;
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
 * Apply edits to an nbformat 4 notebook object. Returns a new object; untouched cells, outputs
 * and metadata are the same objects as before (so serialising them gives the same bytes).
 */
export function applyEditsToNotebookJson(notebook: JsonObject, edits: readonly Edit[]): JsonObject {
  const cells = notebook['cells'];
  if (!Array.isArray(cells)) return notebook;
  const newCells = [...cells];
  const byCell = new Map<number, Edit[]>();
  for (const edit of edits) {
    const list = byCell.get(edit.cellIndex) ?? [];
    list.push(edit);
    byCell.set(edit.cellIndex, list);
  }
  for (const [cellIndex, cellEdits] of byCell) {
    const original = newCells[cellIndex];
    if (!isObject(original)) continue;
    const cell: JsonObject = { ...original };
    const sourceEdits = cellEdits.filter((e): e is SourceEdit => e.kind === 'source');
    if (sourceEdits.length > 0) {
      const source = joinMultiline(cell['source']) ?? '';
      cell['source'] = splitLikeOriginal(cell['source'], applySourceEdits(source, sourceEdits));
    }
    let outputs = Array.isArray(cell['outputs']) ? [...(cell['outputs'] as unknown[])] : undefined;
    const cleared = new Set<number>();
    for (const edit of cellEdits) {
      if (edit.kind === 'redact-output' && outputs && isObject(outputs[edit.outputIndex])) {
        outputs[edit.outputIndex] = redactOutputJson(outputs[edit.outputIndex] as JsonObject, edit);
      } else if (edit.kind === 'clear-output') {
        cleared.add(edit.outputIndex);
      } else if (edit.kind === 'clear-cell-outputs' && outputs) {
        outputs = [];
        if ('execution_count' in cell) cell['execution_count'] = null;
      } else if (edit.kind === 'cell-metadata') {
        const metadata = isObject(cell['metadata']) ? cell['metadata'] : {};
        cell['metadata'] = { ...metadata, [edit.key]: edit.value };
      }
    }
    if (outputs && cleared.size > 0) outputs = outputs.filter((_, i) => !cleared.has(i));
    if (outputs) cell['outputs'] = outputs;
    newCells[cellIndex] = cell;
  }
  return { ...notebook, cells: newCells };
}
