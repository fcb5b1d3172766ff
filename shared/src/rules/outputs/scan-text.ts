/**
 * The text a detector reads for one output representation, and the way back: offsets in the
 * scanned text → offsets in the stored text (what `redact-output` edits address), plus the cheap
 * context PII detectors use to raise confidence (the column a value sits in, the label before it).
 */
import type { Range } from '../../model/finding.js';
import type { OutputText } from '../../model/notebook.js';
import { htmlToText, type HtmlText } from './html-text.js';

export interface ScanText {
  readonly mimeType: string;
  /** What detectors scan: the stored text, or the visible text of HTML. */
  readonly text: string;
  /** `[start, end)` in `text` → range in the stored representation text. */
  toRaw(start: number, end: number): Range;
  /** Lower-cased header of the table column `pos` sits in (pandas text or HTML tables), if any. */
  columnOf(start: number, end: number): string | undefined;
  /** Up to 40 characters before `pos` on its line, lower-cased: `phone: `, `"ssn": "`. */
  labelBefore(pos: number): string;
}

const LABEL_CHARS = 40;
const MAX_HEADER_LINE = 4096;

/** Start of the line holding `pos`, or -1 when that line is longer than a table row can be. */
function lineStartOf(text: string, pos: number): number {
  // Bounded: on a 2 MB single-line output, one search per candidate must not scan back to 0.
  const from = Math.max(0, pos - MAX_HEADER_LINE);
  const newline = text.slice(from, pos).lastIndexOf('\n');
  if (newline >= 0) return from + newline + 1;
  return from === 0 ? 0 : -1;
}

function labelBefore(text: string, pos: number): string {
  const from = Math.max(0, pos - LABEL_CHARS);
  const slice = text.slice(from, pos);
  const newline = slice.lastIndexOf('\n');
  return (newline >= 0 ? slice.slice(newline + 1) : slice).toLowerCase();
}

/**
 * Plain-text tables (pandas `DataFrame.__repr__`, `print(df)`, `tabulate`): the header is the first
 * line of a block (the text's first line, or the first after a blank line — pandas wraps wide
 * frames into such blocks). The header words whose columns overlap the value's columns name it.
 */
class PlainColumns {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private blockStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    let at = this.text.indexOf('\n\n');
    while (at >= 0) {
      starts.push(at + 2);
      at = this.text.indexOf('\n\n', at + 2);
    }
    this.starts = starts;
    return starts;
  }

  columnOf(start: number, end: number): string | undefined {
    const starts = this.blockStarts();
    // Last block start ≤ start (binary search).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    const headerStart = starts[lo]!;
    const lineStart = lineStartOf(this.text, start);
    if (lineStart < 0 || lineStart === headerStart) return undefined;
    const headerSlice = this.text.slice(headerStart, headerStart + MAX_HEADER_LINE + 1);
    const newline = headerSlice.indexOf('\n');
    if (newline < 0 && headerStart + headerSlice.length < this.text.length) return undefined;
    const headerEnd = newline < 0 ? this.text.length : headerStart + newline;
    const header = this.text.slice(headerStart, headerEnd);
    const from = start - lineStart;
    const to = end - lineStart;
    if (to > header.length + 8) return undefined;
    // Widen to the words that overlap [from, to).
    let a = Math.min(from, header.length);
    let b = Math.min(to, header.length);
    while (a > 0 && header[a - 1] !== ' ') a--;
    while (b < header.length && header[b] !== ' ') b++;
    const words = header.slice(a, b).trim();
    return words.length > 0 ? words.toLowerCase() : undefined;
  }
}

function plainScan(rep: OutputText): ScanText {
  let columns: PlainColumns | undefined;
  return {
    mimeType: rep.mimeType,
    text: rep.text,
    toRaw: (start, end) => [start, end],
    columnOf: (start, end) => (columns ??= new PlainColumns(rep.text)).columnOf(start, end),
    labelBefore: (pos) => labelBefore(rep.text, pos),
  };
}

function htmlScan(rep: OutputText): ScanText {
  const html: HtmlText = htmlToText(rep.text);
  const { text, rawStart, rawEnd, cells, headerOf } = html;
  return {
    mimeType: rep.mimeType,
    text,
    toRaw: (start, end) => [rawStart[start] ?? rep.text.length, rawEnd[end - 1] ?? rep.text.length],
    columnOf: (start) => {
      if (cells.length === 0) return undefined;
      let lo = 0;
      let hi = cells.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (cells[mid]!.start <= start) lo = mid;
        else hi = mid - 1;
      }
      const cell = cells[lo]!;
      if (cell.start > start || cell.end < start || cell.head) return undefined;
      return headerOf(cell);
    },
    labelBefore: (pos) => labelBefore(text, pos),
  };
}

/**
 * The scan texts of the last few representations. The engine visits outputs one after another
 * and every output rule scans all representations of an output when it first sees one, so only
 * the current output's are needed again. A scan text of a 2 MB HTML table (its text, offset maps
 * and the digit runs keyed on it) is tens of MB: kept for the whole notebook, as a WeakMap on
 * the representation did, a notebook of large DataFrames peaked near 1 GB (issue #15).
 */
const RECENT = 4;
const recent = new Map<OutputText, ScanText>();

/** The scan text of a representation, built once and shared by every output rule. */
export function scanTextOf(rep: OutputText): ScanText {
  let scan = recent.get(rep);
  if (!scan) {
    scan =
      rep.mimeType === 'text/html' || rep.mimeType === 'application/xhtml+xml'
        ? htmlScan(rep)
        : plainScan(rep);
    recent.set(rep, scan);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  }
  return scan;
}
