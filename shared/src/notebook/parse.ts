/**
 * nbformat 4.0–4.5 → `NotebookDoc`. Tolerant where nbformat allows variation (`source` as a
 * string or a list of lines, missing `outputs`), strict where a guess could lose data.
 * Nothing here executes or evaluates notebook content.
 */
import type {
  Cell,
  CellKind,
  CellSuppression,
  NotebookDoc,
  Output,
  OutputText,
} from '../model/notebook.js';
import { NotebookError } from './errors.js';
import { LIMITS } from './limits.js';
import { notebookLanguage } from '../editor/language.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** nbformat "multiline string": a string or a list of strings that are concatenated. */
export function joinMultiline(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((part) => typeof part === 'string')) {
    return (value as string[]).join('');
  }
  return undefined;
}

/** Mime types whose payload is text that can carry secrets or PII. Everything else is skipped. */
export function isTextualMime(mime: string): boolean {
  // Images (SVG included), audio and video are never analysed.
  if (mime.startsWith('image/') || mime.startsWith('audio/') || mime.startsWith('video/'))
    return false;
  return (
    mime.startsWith('text/') ||
    mime === 'application/json' ||
    mime.endsWith('+json') ||
    mime === 'application/javascript' ||
    mime === 'application/x-latex'
  );
}

/** JSON payloads (`application/json`, `application/vnd.*+json`) are analysed pretty-printed. */
export function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json');
}

// ECMA-48 CSI/OSC sequences as IPython tracebacks emit them. Bounded quantifiers keep it linear.
const ANSI =
  // eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
  /\u001b\[[0-9;?]{0,32}[\x20-\x2F]{0,4}[\x40-\x7E]|\u001b\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)/g;

/** Remove terminal colour codes (IPython tracebacks are full of them). */
export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

/**
 * A JSON payload as the pretty-printed text rules read. `JSON.stringify` recurses, so a payload
 * nested thousands deep overflows the stack: that is a clear `NotebookError`, never a RangeError.
 */
function jsonPayloadText(payload: Json, where: string): string {
  try {
    return JSON.stringify(payload, null, 1);
  } catch {
    throw new NotebookError(
      `${where}: the JSON payload is nested too deeply to analyse`,
      'too-large',
    );
  }
}

/**
 * `JSON.parse`'s reason without the input it quotes: V8 echoes up to ten characters around the
 * bad token (`Unexpected token 'x', "…sk-proj-AB"… is not valid JSON`), which may be a secret.
 */
export function jsonErrorReason(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return reason
    .slice(0, 400)
    .replace(/^"[\s\S]*" is not valid JSON$/, 'not valid JSON')
    .replace(/, (?:\.\.\.)?"[\s\S]*$/, '')
    .slice(0, 200);
}

/** An output representation, cut at `LIMITS.maxOutputChars` (and marked) when larger. */
export function cappedOutputText(mimeType: string, text: string): OutputText {
  if (text.length > LIMITS.maxOutputChars) {
    return { mimeType, text: text.slice(0, LIMITS.maxOutputChars), truncated: true };
  }
  return { mimeType, text };
}

function parseOutput(raw: unknown, where: string): Output {
  if (!isObject(raw))
    throw new NotebookError(`${where}: an output is not an object`, 'not-a-notebook');
  const type = raw['output_type'];
  switch (type) {
    case 'stream': {
      const text = joinMultiline(raw['text']) ?? '';
      const name = typeof raw['name'] === 'string' ? raw['name'] : 'stdout';
      return { outputType: 'stream', name, texts: [cappedOutputText('stream', text)] };
    }
    case 'execute_result':
    case 'display_data': {
      const data = raw['data'];
      const texts: OutputText[] = [];
      if (isObject(data)) {
        for (const [mime, payload] of Object.entries(data)) {
          if (!isTextualMime(mime)) continue;
          let text = joinMultiline(payload);
          if (text === undefined && (isObject(payload) || Array.isArray(payload)))
            text = jsonPayloadText(payload, where);
          if (text !== undefined) texts.push(cappedOutputText(mime, text));
        }
      }
      return { outputType: type, texts };
    }
    case 'error': {
      const ename = typeof raw['ename'] === 'string' ? raw['ename'] : '';
      const evalue = typeof raw['evalue'] === 'string' ? raw['evalue'] : '';
      const traceback = Array.isArray(raw['traceback'])
        ? raw['traceback'].filter((line): line is string => typeof line === 'string')
        : [];
      // One text: "ename: evalue" then the traceback lines, colour codes removed. Redaction of
      // error outputs therefore rewrites evalue/traceback through `applyEdits` (see fixes.ts).
      const joined = [`${ename}: ${evalue}`, ...traceback].join('\n');
      // Strip colour codes from a bounded head only: a 50 MB traceback must not cost a 50 MB
      // regex pass (colour codes rarely make up more than half of a traceback).
      const head =
        joined.length > 2 * LIMITS.maxOutputChars
          ? joined.slice(0, 2 * LIMITS.maxOutputChars)
          : joined;
      const text = cappedOutputText('error', stripAnsi(head));
      return {
        outputType: 'error',
        texts: [head.length < joined.length ? { ...text, truncated: true } : text],
      };
    }
    default:
      // Unknown output types (nbformat extensions) are kept out of analysis, not an error.
      return { outputType: 'display_data', texts: [] };
  }
}

/** The cell-level suppression stored in cell metadata under `cellguard`, if any. */
export function suppressionFromMetadata(metadata: unknown): CellSuppression | undefined {
  if (!isObject(metadata)) return undefined;
  const entry = metadata['cellguard'];
  if (!isObject(entry)) return undefined;
  const ignore = entry['ignore'];
  const reason = typeof entry['reason'] === 'string' ? entry['reason'] : undefined;
  if (ignore === true) return { ignore: true, ...(reason ? { reason } : {}) };
  if (Array.isArray(ignore)) {
    const ids = ignore.filter((id): id is string => typeof id === 'string');
    return { ignore: ids, ...(reason ? { reason } : {}) };
  }
  return undefined;
}

function parseCell(raw: unknown, index: number): Cell {
  const where = `cell ${index}`;
  if (!isObject(raw)) throw new NotebookError(`${where} is not an object`, 'not-a-notebook');
  const type = raw['cell_type'];
  if (type !== 'code' && type !== 'markdown' && type !== 'raw') {
    // Echo the value only when it reads like a cell type: an odd value could be pasted content.
    const shown =
      typeof type === 'string' && /^[\w-]{0,16}$/.test(type)
        ? JSON.stringify(type)
        : `of type ${typeof type}`;
    throw new NotebookError(`${where} has an unknown cell_type ${shown}`, 'not-a-notebook');
  }
  const source = joinMultiline(raw['source']);
  if (source === undefined) {
    throw new NotebookError(
      `${where}: "source" must be a string or a list of strings`,
      'not-a-notebook',
    );
  }
  const outputsRaw = raw['outputs'];
  const outputs: Output[] = [];
  if (type === 'code' && Array.isArray(outputsRaw)) {
    outputsRaw.forEach((output, outputIndex) =>
      outputs.push(parseOutput(output, `${where}, output ${outputIndex}`)),
    );
  }
  const id = typeof raw['id'] === 'string' ? raw['id'] : undefined;
  const suppression = suppressionFromMetadata(raw['metadata']);
  return {
    kind: type as CellKind,
    source,
    outputs,
    ...(id !== undefined ? { id } : {}),
    ...(suppression ? { suppression } : {}),
  };
}

/** Looks like a binary file (NUL bytes or a high share of control characters in the head). */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 4096);
  if (head.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return head.length > 0 && control / head.length > 0.1;
}

/** Parse an already-decoded JSON value (as an editor holds it) into a `NotebookDoc`. */
export function notebookFromJson(json: unknown): NotebookDoc {
  if (!isObject(json))
    throw new NotebookError('not a notebook: the top level is not a JSON object', 'not-a-notebook');
  const major = json['nbformat'];
  const minor = json['nbformat_minor'];
  if (typeof major !== 'number') {
    throw new NotebookError('not a notebook: "nbformat" is missing', 'not-a-notebook');
  }
  if (major !== 4) {
    throw new NotebookError(
      `nbformat ${major} is not supported (Cellguard reads nbformat 4.0–4.5; convert with "jupyter nbconvert --to notebook")`,
      'unsupported-nbformat',
    );
  }
  if (typeof minor === 'number' && minor > 5) {
    // Newer 4.x minors only add optional fields; read them and say nothing.
  }
  const cells = json['cells'];
  if (!Array.isArray(cells))
    throw new NotebookError('not a notebook: "cells" is not a list', 'not-a-notebook');
  // One reading of the language for every front end (an empty language_info.name falls through).
  return { cells: cells.map(parseCell), language: notebookLanguage(json['metadata']) };
}

/** Parse the text of an `.ipynb` file. Throws `NotebookError` with a clear reason. */
export function parseNotebook(text: string): NotebookDoc {
  if (text.length > LIMITS.maxFileBytes) {
    throw new NotebookError(`file is larger than ${LIMITS.maxFileBytes} bytes`, 'too-large');
  }
  if (looksBinary(text)) throw new NotebookError('binary file, not a notebook', 'binary');
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new NotebookError(`invalid JSON: ${jsonErrorReason(error)}`, 'invalid-json');
  }
  return notebookFromJson(json);
}

/** A `.py` file is one code cell with no outputs. */
export function fromPythonSource(text: string): NotebookDoc {
  if (looksBinary(text)) throw new NotebookError('binary file, not Python source', 'binary');
  return {
    // The text is kept as is (BOM included) so offsets are offsets into the file on disk.
    cells: [{ kind: 'code', source: text, outputs: [] }],
    language: 'python',
    isPythonFile: true,
  };
}
