/**
 * Redaction that leaves nothing: the one implementation the CLI fixer and both editors use.
 *
 * A `redact-output` edit names spans of the text Cellguard analysed for one representation of an
 * output (see `OutputText`). Those spans are turned back into the values they hold, and every
 * stored representation of that output is then rewritten by value — `text/plain` and `text/html`
 * of a DataFrame alike, JSON keys and leaves, stream text, `evalue` and every traceback line — so
 * no copy survives in a representation the finding did not point at. Matching works on the
 * stored text: colour codes (ANSI) between characters, HTML character references and JSON escapes
 * do not hide a value, and a value spanning traceback lines is removed from each line it touches.
 * Overlapping spans are merged into one label; text that is already a label is never a value, so
 * applying the same redaction twice changes nothing more.
 */
import type { Edit, Range, RedactOutputEdit } from '../model/finding.js';
import { NotebookError } from '../notebook/errors.js';
import { joinMultiline, jsonErrorReason, notebookFromJson } from '../notebook/parse.js';
import { htmlToText } from '../rules/outputs/html-text.js';

type JsonObject = Record<string, unknown>;

/** Apply non-overlapping replacements, last first (the same as `applySourceEdits`). */
function applySourceEdits(text: string, edits: readonly { range: Range; text: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    const [start, end] = edit.range;
    if (end > limit || start < 0 || end > text.length || start > end) continue;
    result = result.slice(0, start) + edit.text + result.slice(end);
    limit = start;
  }
  return result;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The one redaction label scheme: `[REDACTED:<rule-id>]`, named after the rule that found it. */
export function redactionLabel(ruleId: string): string {
  return `[REDACTED:${ruleId}]`;
}

const LABEL_START = '[REDACTED:';

/**
 * Values shorter than this are only redacted at the span the finding names, never by value
 * elsewhere: replacing every "42" of an output would destroy it for nothing.
 */
const MIN_VALUE_CHARS = 4;

/** A value to remove from an output, and the label that replaces it. */
export interface RedactionValue {
  readonly value: string;
  readonly label: string;
}

/** Lenient JSON string-fragment decoding (a span of pretty-printed JSON may cut an escape). */
function decodeJsonFragment(fragment: string): string {
  if (!fragment.includes('\\')) return fragment;
  let out = '';
  for (let i = 0; i < fragment.length; i++) {
    const c = fragment[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = fragment[i + 1];
    if (next === undefined) break;
    i++;
    switch (next) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        const hex = fragment.slice(i + 1, i + 5);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
        }
        break;
      }
      default:
        out += next;
    }
  }
  return out;
}

/** The representation texts Cellguard analyses for one stored output (same code as the CLI). */
function analysedTexts(output: JsonObject): Map<string, string> {
  const texts = new Map<string, string>();
  try {
    const doc = notebookFromJson({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [{ cell_type: 'code', source: '', metadata: {}, outputs: [output] }],
    });
    for (const t of doc.cells[0]?.outputs[0]?.texts ?? []) texts.set(t.mimeType, t.text);
  } catch {
    // A malformed output yields no values; its spans cannot be located.
  }
  return texts;
}

/**
 * The values the spans of `edits` hold in `output` (all edits must address this output). A span
 * that reaches into an existing label is stale (the output was redacted since) and is dropped.
 */
export function redactionValues(
  output: JsonObject,
  edits: readonly RedactOutputEdit[],
  texts: ReadonlyMap<string, string> = analysedTexts(output),
): RedactionValue[] {
  const values: RedactionValue[] = [];
  const seen = new Set<string>();
  for (const edit of edits) {
    const text = texts.get(edit.mimeType);
    if (text === undefined) continue;
    for (const r of edit.replacements) {
      const [start, end] = r.range;
      if (start < 0 || end > text.length || start >= end) continue;
      let value = text.slice(start, end);
      if (value.includes(LABEL_START) || r.text.includes(value)) continue;
      if (edit.mimeType === 'application/json' || edit.mimeType.endsWith('+json'))
        value = decodeJsonFragment(value);
      else if (/html|xml|markdown/.test(edit.mimeType) && value.includes('&'))
        value = htmlToText(value).text;
      if (value.length === 0 || seen.has(value)) continue;
      seen.add(value);
      values.push({ value, label: r.text });
    }
  }
  // Longer values first: when two overlap, the merged span keeps the longer value's label.
  return values.sort((a, b) => b.value.length - a.value.length);
}

// ECMA-48 CSI / OSC sequences, as `stripAnsi` in notebook/parse.ts (bounded, linear).
const ANSI =
  // eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
  /\u001b\[[0-9;?]{0,32}[\x20-\x2F]{0,4}[\x40-\x7E]|\u001b\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)/g;

/** A decoded view of stored text with, for each decoded character, its raw span. */
interface View {
  readonly text: string;
  /** Absent for the stored text itself (offsets are raw offsets). */
  readonly rawStart?: ArrayLike<number>;
  readonly rawEnd?: ArrayLike<number>;
}

/** The text with colour codes removed, each kept character mapped to its raw offset. */
function ansiView(raw: string): View {
  const rawStart = new Int32Array(raw.length);
  const parts: string[] = [];
  let length = 0;
  let at = 0;
  const keep = (from: number, to: number): void => {
    parts.push(raw.slice(from, to));
    for (let k = from; k < to; k++) rawStart[length++] = k;
  };
  for (const m of raw.matchAll(ANSI)) {
    keep(at, m.index);
    at = m.index + m[0].length;
  }
  keep(at, raw.length);
  const starts = rawStart.subarray(0, length);
  return { text: parts.join(''), rawStart: starts, rawEnd: starts.map((k) => k + 1) };
}

/** Every raw span of `raw` holding one of `values`, through each decoded view that applies. */
function valueSpans(
  raw: string,
  values: readonly RedactionValue[],
  html: boolean,
): { range: Range; label: string }[] {
  const spans: { range: Range; label: string }[] = [];
  const views: View[] = [{ text: raw }];
  if (raw.includes('\u001b')) views.push(ansiView(raw));
  if (html && raw.includes('&')) {
    const h = htmlToText(raw);
    views.push({ text: h.text, rawStart: h.rawStart, rawEnd: h.rawEnd });
  }
  for (const view of views) {
    for (const { value, label } of values) {
      if (value.length < MIN_VALUE_CHARS) continue;
      const variants = new Set([value]);
      // A value printed inside JSON text (a dict dumped with json.dumps) carries its escapes.
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value) variants.add(escaped);
      for (const variant of variants) {
        for (
          let at = view.text.indexOf(variant);
          at >= 0;
          at = view.text.indexOf(variant, at + 1)
        ) {
          const end = at + variant.length;
          const range: Range =
            view.rawStart && view.rawEnd ? [view.rawStart[at]!, view.rawEnd[end - 1]!] : [at, end];
          spans.push({ range, label });
        }
      }
    }
  }
  return spans;
}

/** Merge overlapping spans (sorted by start); the merged span keeps the first span's label. */
export function mergeSpans(
  spans: readonly { range: Range; label: string }[],
): { range: Range; text: string }[] {
  const sorted = [...spans].sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
  const merged: { range: [number, number]; text: string }[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.range[0] < last.range[1]) {
      last.range[1] = Math.max(last.range[1], s.range[1]);
      continue;
    }
    merged.push({ range: [s.range[0], s.range[1]], text: s.label });
  }
  return merged;
}

/**
 * Redact `values` in a list of stored strings read as one text joined by `separator` (traceback
 * lines, so a PEM key spanning lines goes from each of them). The label lands in the first part a
 * span touches; the rest of the span is removed from the parts it continues into, and separators
 * stay, so the list keeps its length.
 */
function redactParts(
  parts: readonly string[],
  separator: string,
  values: readonly RedactionValue[],
  html: boolean,
  extra: readonly { range: Range; label: string }[] = [],
): string[] {
  const joined = parts.length === 1 ? parts[0]! : parts.join(separator);
  const spans = mergeSpans([...valueSpans(joined, values, html), ...extra]);
  if (spans.length === 0) return [...parts];
  if (parts.length === 1) return [applySourceEdits(joined, spans)];
  const labelled = new Set<number>();
  const out: string[] = [];
  let partStart = 0;
  let first = 0; // first span that may still touch this part (spans are sorted and disjoint)
  for (const part of parts) {
    const partEnd = partStart + part.length;
    const local: { range: Range; text: string }[] = [];
    while (first < spans.length && spans[first]!.range[1] <= partStart) first++;
    for (let k = first; k < spans.length && spans[k]!.range[0] < partEnd; k++) {
      const s = spans[k]!;
      const from = Math.max(s.range[0], partStart);
      const to = Math.min(s.range[1], partEnd);
      if (to <= from) continue;
      const text = labelled.has(k) ? '' : s.text;
      labelled.add(k);
      local.push({ range: [from - partStart, to - partStart], text });
    }
    out.push(local.length > 0 ? applySourceEdits(part, local) : part);
    partStart = partEnd + separator.length;
  }
  return out;
}

/** nbformat keeps multiline strings as a list of lines each ending in "\n": keep that shape. */
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

function redactString(
  text: string,
  values: readonly RedactionValue[],
  html: boolean,
  extra: readonly { range: Range; label: string }[] = [],
): string {
  return redactParts([text], '', values, html, extra)[0]!;
}

/** Redact by value in every key and string leaf of a JSON payload (keys can hold values too). */
function redactJsonValue(value: unknown, values: readonly RedactionValue[]): unknown {
  if (typeof value === 'string') return redactString(value, values, false);
  if (Array.isArray(value)) return value.map((item) => redactJsonValue(item, values));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      let key = redactString(k, values, false);
      while (key in out) key += '\u200b'; // two keys redacted alike stay two keys
      out[key] = redactJsonValue(v, values);
    }
    return out;
  }
  return value;
}

/** Binary payloads (base64) cannot spell a text value; everything else is searched. */
function isBinaryMime(mime: string): boolean {
  return /^(?:image\/(?!svg)|audio\/|video\/|application\/(?:pdf|octet-stream))/.test(mime);
}

function isMarkupMime(mime: string): boolean {
  return /html|xml|markdown|svg/.test(mime);
}

/** The spans an edit names in a representation whose stored text is the analysed text. */
function directSpans(
  analysedByMime: ReadonlyMap<string, string>,
  edits: readonly RedactOutputEdit[],
  mime: string,
  storedText: string,
): { range: Range; label: string }[] {
  const analysed = analysedByMime.get(mime);
  if (analysed === undefined || analysed !== storedText) return [];
  return edits
    .filter((e) => e.mimeType === mime)
    .flatMap((e) => e.replacements)
    .filter((r) => r.range[0] >= 0 && r.range[1] <= storedText.length && r.range[0] < r.range[1])
    .filter((r) => !storedText.slice(r.range[0], r.range[1]).includes(LABEL_START))
    .map((r) => ({ range: r.range, label: r.text }));
}

/**
 * Redact one stored nbformat output: every value the edits' spans hold is removed from every
 * representation (and the output's metadata). Returns a new object; the input is not changed.
 * Editors map their output type to this nbformat shape and back (see each adapter's convert.ts).
 */
export function redactOutput(
  output: JsonObject,
  edits: readonly RedactOutputEdit[],
  known?: readonly RedactionValue[],
): JsonObject {
  const analysed = analysedTexts(output);
  // `known`: values already read from another copy of this output (VS Code keeps the traceback
  // twice), so both copies lose the same values.
  const values = known ?? redactionValues(output, edits, analysed);
  if (values.length === 0) return output;
  const type = output['output_type'];
  const result: JsonObject = { ...output };
  if (type === 'stream') {
    const text = joinMultiline(output['text']);
    if (text !== undefined) {
      const extra = directSpans(analysed, edits, 'stream', text);
      result['text'] = splitLikeOriginal(output['text'], redactString(text, values, false, extra));
    }
  } else if (type === 'error') {
    if (typeof output['ename'] === 'string')
      result['ename'] = redactString(output['ename'], values, false);
    const evalue = typeof output['evalue'] === 'string' ? output['evalue'] : '';
    const traceback = Array.isArray(output['traceback']) ? output['traceback'] : [];
    const lines = traceback.filter((l): l is string => typeof l === 'string');
    const [newEvalue, ...newLines] = redactParts([evalue, ...lines], '\n', values, false);
    if (typeof output['evalue'] === 'string') result['evalue'] = newEvalue;
    let k = 0;
    result['traceback'] = traceback.map((l) => (typeof l === 'string' ? newLines[k++]! : l));
  }
  if (isObject(output['data'])) {
    const data: JsonObject = {};
    for (const [mime, payload] of Object.entries(output['data'])) {
      const key = redactString(mime, values, false);
      if (isBinaryMime(mime)) {
        data[key] = payload;
        continue;
      }
      const text = joinMultiline(payload);
      if (text !== undefined) {
        const extra = directSpans(analysed, edits, mime, text);
        data[key] = splitLikeOriginal(
          payload,
          redactString(text, values, isMarkupMime(mime), extra),
        );
      } else data[key] = redactJsonValue(payload, values);
    }
    result['data'] = data;
  }
  if (isObject(output['metadata']))
    result['metadata'] = redactJsonValue(output['metadata'], values) as JsonObject;
  return result;
}

/**
 * Apply output edits (redact, clear one output, clear a cell's outputs) to nbformat cell outputs.
 * `outputs` is a cell's `outputs` list; the result is a new list (unchanged outputs are the same
 * objects). Redactions of one output are applied together, so overlapping spans merge.
 */
export function applyOutputEditsToCell(
  outputs: readonly unknown[],
  edits: readonly Edit[],
): unknown[] {
  let next = [...outputs];
  const redactions = new Map<number, RedactOutputEdit[]>();
  const cleared = new Set<number>();
  let clearAll = false;
  for (const edit of edits) {
    if (edit.kind === 'redact-output') {
      redactions.set(edit.outputIndex, [...(redactions.get(edit.outputIndex) ?? []), edit]);
    } else if (edit.kind === 'clear-output') cleared.add(edit.outputIndex);
    else if (edit.kind === 'clear-cell-outputs') clearAll = true;
  }
  if (clearAll) return [];
  for (const [index, list] of redactions) {
    const output = next[index];
    if (isObject(output)) next[index] = redactOutput(output, list);
  }
  if (cleared.size > 0) next = next.filter((_, i) => !cleared.has(i));
  return next;
}

/**
 * Apply edits to an nbformat 4 notebook object: source edits, metadata edits and output edits
 * through `applyOutputEditsToCell`. Returns a new object; untouched cells are the same objects.
 */
export function applyOutputEdits(notebook: JsonObject, edits: readonly Edit[]): JsonObject {
  const cells = notebook['cells'];
  if (!Array.isArray(cells)) return notebook;
  const newCells = [...(cells as unknown[])];
  for (const [cellIndex, cellEdits] of groupByCell(edits)) {
    const original = newCells[cellIndex];
    if (!isObject(original)) continue;
    newCells[cellIndex] = applyCellEdits(original, cellEdits);
  }
  return { ...notebook, cells: newCells };
}

function groupByCell(edits: readonly Edit[]): Map<number, Edit[]> {
  const byCell = new Map<number, Edit[]>();
  for (const edit of edits)
    byCell.set(edit.cellIndex, [...(byCell.get(edit.cellIndex) ?? []), edit]);
  return byCell;
}

function applyCellEdits(original: JsonObject, cellEdits: readonly Edit[]): JsonObject {
  const cell: JsonObject = { ...original };
  const sourceEdits = cellEdits.filter((e) => e.kind === 'source');
  if (sourceEdits.length > 0) {
    const source = joinMultiline(cell['source']) ?? '';
    cell['source'] = splitLikeOriginal(cell['source'], applySourceEdits(source, sourceEdits));
  }
  for (const edit of cellEdits) {
    if (edit.kind !== 'cell-metadata') continue;
    const metadata = isObject(cell['metadata']) ? cell['metadata'] : {};
    cell['metadata'] = { ...metadata, [edit.key]: edit.value };
  }
  if (Array.isArray(cell['outputs'])) {
    const outputEdits = cellEdits.filter((e) => e.kind !== 'source' && e.kind !== 'cell-metadata');
    if (outputEdits.length > 0) {
      cell['outputs'] = applyOutputEditsToCell(cell['outputs'] as unknown[], outputEdits);
      if (outputEdits.some((e) => e.kind === 'clear-cell-outputs') && 'execution_count' in cell)
        cell['execution_count'] = null;
    }
  }
  return cell;
}

// ---------------------------------------------------------------------------------------------
// On the file's text: only the edited cells' bytes change.

interface ValueSpan {
  readonly start: number;
  readonly end: number;
}

/** Spans of each `cells[i]` value in the raw JSON text, found by one linear scan. */
export function notebookCellSpans(text: string): ValueSpan[] {
  let pos = 0;
  const ws = (): void => {
    while (pos < text.length && ' \n\r\t'.includes(text[pos]!)) pos++;
  };
  const fail = (): never => {
    throw new NotebookError('invalid JSON: cannot locate the cells', 'invalid-json');
  };
  const skipString = (): void => {
    pos++;
    for (;;) {
      const q = text.indexOf('"', pos);
      if (q < 0) fail();
      let backslashes = 0;
      for (let k = q - 1; text[k] === '\\'; k--) backslashes++;
      pos = q + 1;
      if (backslashes % 2 === 0) return;
    }
  };
  // Skip one value iteratively (no recursion: a payload nested 100,000 deep must not overflow).
  const skipValue = (): void => {
    ws();
    let depth = 0;
    do {
      ws();
      const c = text[pos];
      if (c === undefined) fail();
      if (c === '"') skipString();
      else if (c === '{' || c === '[') {
        depth++;
        pos++;
      } else if (c === '}' || c === ']') {
        depth--;
        pos++;
      } else if (c === ',' || c === ':') pos++;
      else {
        while (pos < text.length && !',:]} \n\r\t'.includes(text[pos]!)) pos++;
      }
    } while (depth > 0);
  };
  const readKey = (): string => {
    const start = pos;
    skipString();
    return JSON.parse(text.slice(start, pos)) as string;
  };
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  ws();
  if (text[pos] !== '{') fail();
  pos++;
  let spans: ValueSpan[] | undefined;
  for (;;) {
    ws();
    if (text[pos] === '}') break;
    if (text[pos] === ',') {
      pos++;
      ws();
    }
    if (text[pos] !== '"') fail();
    const key = readKey();
    ws();
    if (text[pos] !== ':') fail();
    pos++;
    ws();
    if (key === 'cells' && text[pos] === '[') {
      pos++;
      const found: ValueSpan[] = [];
      for (;;) {
        ws();
        if (text[pos] === ']') {
          pos++;
          break;
        }
        if (text[pos] === ',') {
          pos++;
          ws();
        }
        const start = pos;
        skipValue();
        found.push({ start, end: pos });
      }
      spans = found; // the last "cells" key wins, as in JSON.parse
    } else skipValue();
  }
  return spans ?? fail();
}

/** Indentation unit and the column of a cell, as the file uses them (nbformat writes 1 space). */
function indentOf(text: string, span: ValueSpan): { unit: string; base: string } {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const base = /^[ \t]*/.exec(text.slice(lineStart, span.start))![0];
  const inner = /\n([ \t]+)/.exec(text.slice(span.start, Math.min(span.end, span.start + 400)));
  const unit = inner && inner[1]!.length > base.length ? inner[1]!.slice(base.length) : ' ';
  return { unit, base };
}

function serialiseLike(text: string, span: ValueSpan, value: unknown): string {
  const single = !text.slice(span.start, span.end).includes('\n');
  if (single) return JSON.stringify(value);
  const { unit, base } = indentOf(text, span);
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${base}`);
}

/**
 * Apply edits to the text of an `.ipynb` file. Only the edited cells are re-serialised (in the
 * file's own indentation); every byte outside them is unchanged. Throws `NotebookError` when the
 * text is not a notebook — nothing is lost, since nothing is written.
 */
export function applyEditsToNotebookText(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text;
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new NotebookError(`invalid JSON: ${jsonErrorReason(error)}`, 'invalid-json');
  }
  if (!isObject(json) || !Array.isArray(json['cells']))
    throw new NotebookError('not a notebook: "cells" is not a list', 'not-a-notebook');
  const cells = json['cells'] as unknown[];
  const spans = notebookCellSpans(text);
  if (spans.length !== cells.length)
    throw new NotebookError('invalid JSON: cannot locate the cells', 'invalid-json');
  let result = text;
  const byCell = [...groupByCell(edits)].sort(([a], [b]) => b - a); // last cell first
  for (const [cellIndex, cellEdits] of byCell) {
    const cell = cells[cellIndex];
    const span = spans[cellIndex];
    if (!isObject(cell) || !span) continue;
    const edited = applyCellEdits(cell, cellEdits);
    if (JSON.stringify(edited) === JSON.stringify(cell)) continue;
    result =
      result.slice(0, span.start) + serialiseLike(text, span, edited) + result.slice(span.end);
  }
  return result;
}
