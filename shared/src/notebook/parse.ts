/**
 * nbformat 4.0–4.5 → `NotebookDoc`. Tolerant where nbformat allows variation (`source` as a
 * string or a list of lines, missing `outputs`), strict where a guess could lose data.
 * Nothing here executes or evaluates notebook content.
 */
import type { Range } from '../model/finding.js';
import type {
  Cell,
  CellKind,
  CellSuppression,
  MetadataText,
  NotebookDoc,
  Output,
  OutputText,
} from '../model/notebook.js';
import { firstDuplicateKey } from './json-duplicates.js';
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

/**
 * Where `JSON.parse` stopped, as 1-based line and column, from its message: V8 names a position
 * (`… in JSON at position 118`), says the input ended, or quotes up to ten characters either
 * side of an unexpected token (`Unexpected token 'x', ..."y",\n "b": xyz}"…`), which are found
 * again in the text. Only the numbers are ever shown, never the quoted text.
 */
export function jsonErrorPosition(
  error: unknown,
  text: string,
): { line: number; column: number } | undefined {
  const message = error instanceof Error ? error.message : '';
  let position: number | undefined;
  const at = /at position (\d{1,12})/.exec(message);
  if (at) position = Number(at[1]);
  else if (/Unexpected end of JSON input/.test(message)) position = text.length;
  else {
    const quoted =
      /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]{0,40})"(?:\.\.\.)? is not valid JSON$/.exec(
        message,
      );
    if (quoted) {
      const context = quoted[3]!;
      const found = text.indexOf(context);
      if (found !== -1)
        position = found + (quoted[2] ? Math.min(10, context.length) : context.indexOf(quoted[1]!));
    }
  }
  if (position === undefined || position < 0 || position > text.length) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
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
      const text = textField(raw, 'text', where);
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
      const ename = textField(raw, 'ename', where);
      const evalue = textField(raw, 'evalue', where);
      const tracebackRaw = raw['traceback'];
      if (
        tracebackRaw !== undefined &&
        (!Array.isArray(tracebackRaw) || tracebackRaw.some((line) => typeof line !== 'string'))
      )
        throw new NotebookError(
          `${where}: "traceback" must be a list of strings`,
          'not-a-notebook',
        );
      const traceback = (tracebackRaw ?? []) as string[];
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

/**
 * A JSON value pretty-printed (one space of indent, like JSON payloads of outputs) with the
 * range of every string token in the text and that string's path, so a finding in the text maps
 * back to the value it is in. Iterative, so a deeply nested value cannot overflow the stack;
 * stops adding at `LIMITS.maxOutputChars` (and says so).
 */
function printJson(value: Json, basePath: readonly string[]): MetadataText {
  const parts: string[] = [];
  const strings: { path: readonly string[]; range: Range }[] = [];
  let length = 0;
  let truncated = false;
  const emit = (piece: string): void => {
    parts.push(piece);
    length += piece.length;
  };
  type Frame = { readonly path: readonly string[]; readonly value: Json; readonly depth: number };
  // A stack of work items: a value to print, or a literal piece (closing brackets, commas).
  const stack: (Frame | string)[] = [{ path: basePath, value, depth: 0 }];
  while (stack.length > 0) {
    if (length > LIMITS.maxOutputChars) {
      truncated = true;
      break;
    }
    const item = stack.pop()!;
    if (typeof item === 'string') {
      emit(item);
      continue;
    }
    const { path, value: v, depth } = item;
    if (typeof v === 'string') {
      const token = JSON.stringify(v);
      strings.push({ path, range: [length, length + token.length] });
      emit(token);
    } else if (v === null || typeof v !== 'object') {
      // Editors hand over live values: `undefined` and functions print as JSON.stringify would.
      emit((JSON.stringify(v) as string | undefined) ?? 'null');
    } else {
      const entries: [string, Json][] = Array.isArray(v)
        ? v.map((x, i) => [String(i), x])
        : Object.entries(v).filter(([, child]) => child !== undefined);
      const open = Array.isArray(v) ? '[' : '{';
      const close = Array.isArray(v) ? ']' : '}';
      if (entries.length === 0) {
        emit(open + close);
        continue;
      }
      const indent = '\n' + ' '.repeat(Math.min(depth + 1, 64));
      emit(open);
      const work: (Frame | string)[] = [];
      entries.forEach(([key, child], i) => {
        work.push(
          (i > 0 ? ',' : '') + indent + (Array.isArray(v) ? '' : `${JSON.stringify(key)}: `),
        );
        work.push({ path: [...path, key], value: child, depth: depth + 1 });
      });
      work.push('\n' + ' '.repeat(Math.min(depth, 64)) + close);
      for (let i = work.length - 1; i >= 0; i--) stack.push(work[i]!);
    }
  }
  const text = parts.join('');
  return {
    path: basePath,
    format: 'json',
    text: truncated ? text.slice(0, LIMITS.maxOutputChars) : text,
    strings,
    ...(truncated ? { truncated: true } : {}),
  };
}

/** Is there any string anywhere in this value (only those can hold a secret)? */
function hasString(value: Json): boolean {
  const stack: Json[] = [value];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (typeof v === 'string') return v.length > 0;
    if (v !== null && typeof v === 'object')
      stack.push(...(Array.isArray(v) ? v : Object.values(v)));
  }
  return false;
}

/**
 * The metadata texts of a notebook or a cell: its `metadata` object (widget state, extension
 * data, tags) and, for cells, each textual attachment. Images and other binary attachments are
 * never read. Empty metadata gives nothing.
 */
export function metadataTexts(owner: JsonObject): MetadataText[] {
  const texts: MetadataText[] = [];
  const metadata = owner['metadata'];
  if (isObject(metadata) && hasString(metadata)) texts.push(printJson(metadata, ['metadata']));
  const attachments = owner['attachments'];
  if (isObject(attachments)) {
    for (const [name, bundle] of Object.entries(attachments)) {
      if (!isObject(bundle)) continue;
      for (const [mime, payload] of Object.entries(bundle)) {
        if (!isTextualMime(mime)) continue;
        const path = ['attachments', name, mime];
        const text = joinMultiline(payload);
        if (text !== undefined) {
          const capped = cappedOutputText(mime, text);
          texts.push({
            path,
            format: 'text',
            text: capped.text,
            strings: [],
            ...(capped.truncated ? { truncated: true } : {}),
          });
        } else if (payload !== null && typeof payload === 'object') {
          texts.push(printJson(payload, path));
        }
      }
    }
  }
  return texts;
}

/** The cell-level suppression stored in cell metadata under `cellguard`, if any. */
export function suppressionFromMetadata(metadata: unknown): CellSuppression | undefined {
  if (!isObject(metadata)) return undefined;
  const entry = metadata['cellguard'];
  if (!isObject(entry)) return undefined;
  const ignore = entry['ignore'];
  const reason = typeof entry['reason'] === 'string' ? entry['reason'].trim() : undefined;
  const until = typeof entry['until'] === 'string' ? entry['until'] : undefined;
  const extra = { ...(reason ? { reason } : {}), ...(until !== undefined ? { until } : {}) };
  if (ignore === true) return { ignore: true, ...extra };
  if (Array.isArray(ignore)) {
    const ids = ignore.filter((id): id is string => typeof id === 'string');
    return { ignore: ids, ...extra };
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
  if (outputsRaw !== undefined && !Array.isArray(outputsRaw))
    throw new NotebookError(`${where}: "outputs" must be a list`, 'not-a-notebook');
  const outputs: Output[] = [];
  if (type === 'code' && Array.isArray(outputsRaw)) {
    outputsRaw.forEach((output, outputIndex) =>
      outputs.push(parseOutput(output, `${where}, output ${outputIndex}`)),
    );
  }
  const id = typeof raw['id'] === 'string' ? raw['id'] : undefined;
  const suppression = suppressionFromMetadata(raw['metadata']);
  const metadata = metadataTexts(raw);
  return {
    kind: type as CellKind,
    source,
    outputs,
    ...(id !== undefined ? { id } : {}),
    ...(suppression ? { suppression } : {}),
    ...(metadata.length > 0 ? { metadata } : {}),
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

/**
 * A text field of an output: absent is empty; a string or a list of strings is its text; any
 * other type is a parse problem of the file — read as empty, a secret in it would go unchecked.
 */
function textField(raw: JsonObject, key: string, where: string): string {
  const value = raw[key];
  if (value === undefined || value === null) return '';
  const text = joinMultiline(value);
  if (text === undefined)
    throw new NotebookError(
      `${where}: "${key}" must be a string or a list of strings`,
      'not-a-notebook',
    );
  return text;
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
  const notebookMetadata = metadataTexts(json);
  // One reading of the language for every front end (an empty language_info.name falls through).
  return {
    cells: cells.map(parseCell),
    language: notebookLanguage(json['metadata']),
    ...(notebookMetadata.length > 0 ? { metadata: notebookMetadata } : {}),
  };
}

/** Parse the text of an `.ipynb` file. Throws `NotebookError` with a clear reason. */
export function parseNotebook(text: string): NotebookDoc {
  if (text.length > LIMITS.maxFileBytes) {
    throw new NotebookError(`file is larger than ${LIMITS.maxFileBytes} bytes`, 'too-large');
  }
  if (looksBinary(text)) throw new NotebookError('binary file, not a notebook', 'binary');
  let json: unknown;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const where = jsonErrorPosition(error, body);
    throw new NotebookError(
      `invalid JSON${where ? ` at line ${where.line}, column ${where.column}` : ''}: ${jsonErrorReason(error)}`,
      'invalid-json',
    );
  }
  // JSON.parse keeps the last of two equal keys: the dropped value would go unchecked.
  const duplicate = firstDuplicateKey(body);
  if (duplicate) {
    const { line, column } = lineColumn(body, duplicate.offset);
    const key = /^[\w-]{0,40}$/.test(duplicate.key) ? `"${duplicate.key}"` : 'a key';
    throw new NotebookError(
      `duplicate key ${key} at line ${line}, column ${column}: a JSON reader keeps one of the values and drops the other unchecked`,
      'invalid-json',
    );
  }
  return notebookFromJson(json);
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Any other text file (`.md`, `.txt`, `.env`, `.yaml`, `.json`, …) is one raw cell: the text rules
 * (secrets, as in markdown) read it, nothing parses it as Python. Offsets are file offsets.
 */
export function fromTextSource(text: string): NotebookDoc {
  if (looksBinary(text)) throw new NotebookError('binary file, not text', 'binary');
  return {
    cells: [{ kind: 'raw', source: text, outputs: [] }],
    language: 'text',
    isPythonFile: true,
  };
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
