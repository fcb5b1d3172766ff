/**
 * A small linear-time HTML → text scanner for output representations (`text/html`: pandas tables,
 * rich reprs). It keeps, for every character of the extracted text, the span of raw HTML it came
 * from, so a value found in the text maps back to the exact stored bytes (entities included) and a
 * redaction edit rewrites only those bytes.
 *
 * Not a conforming HTML parser (WHATWG §13.2) and it need not be: it only has to recover the text
 * a reader sees. Tags become zero-width separators, comments and `<script>`/`<style>` bodies are
 * skipped, character references are decoded. Each raw character is visited a bounded number of
 * times, so the cost is O(n).
 */

/** One `<td>`/`<th>` of a table, as a span of the extracted text. */
export interface HtmlCell {
  readonly start: number;
  end: number;
  readonly row: number;
  readonly col: number;
  /** Index of the table (in document order). */
  readonly table: number;
  readonly header: boolean;
  /** Inside a `<thead>`. */
  readonly head: boolean;
}

export interface HtmlText {
  readonly text: string;
  /** Raw offset where extracted character i starts. */
  readonly rawStart: Int32Array;
  /** Raw offset where extracted character i ends (exclusive). */
  readonly rawEnd: Int32Array;
  /** Table cells in document order (by `start`). */
  readonly cells: readonly HtmlCell[];
  /**
   * Header text (lower-cased) of the column a cell is in: its table's `<thead>` rows, or for a
   * table without one, its first row when that row is all `<th>`.
   */
  headerOf(cell: HtmlCell): string | undefined;
}

// Inline elements: no separator, so `<b>jane</b>@x.org` still reads as one word.
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'code',
  'em',
  'font',
  'i',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'tt',
  'u',
  'var',
  'wbr',
]);

// The named references a table or repr actually uses; unknown ones stay as written.
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  commat: '@',
  period: '.',
  hyphen: '-',
  dash: '-',
  ndash: '\u2013',
  mdash: '\u2014',
  plus: '+',
  lpar: '(',
  rpar: ')',
  colon: ':',
  equals: '=',
  num: '#',
  percnt: '%',
  lowbar: '_',
  sol: '/',
  copy: '\u00a9',
  hellip: '\u2026',
};

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * Finds the `>` that ends a tag. The first `>` after the tag start, unless an attribute value
 * quoted with `"` or `'` is still open there (`title="a > b"`): then the first `>` after the
 * closing quote. Positions are cached and only move forward, so over a whole document every
 * character is searched a bounded number of times — `<a<a<a…` or `<a "…` without an end cannot
 * make it quadratic.
 */
class TagEnds {
  private gtAt = -1;
  private gtFrom = -1;
  constructor(private readonly raw: string) {}

  private nextGt(from: number): number {
    if (this.gtFrom >= 0 && from >= this.gtFrom && (this.gtAt === -1 || this.gtAt >= from))
      return this.gtAt;
    this.gtFrom = from;
    this.gtAt = this.raw.indexOf('>', from);
    return this.gtAt;
  }

  /** Index of the `>` that ends the tag whose name starts at `from`, or -1. */
  end(from: number): number {
    const gt = this.nextGt(from);
    if (gt < 0) return -1;
    // An attribute value quoted across the `>`: the quote before it is unbalanced.
    let quote = 0;
    for (let i = from; i < gt; i++) {
      const c = this.raw.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
    }
    if (quote === 0) return gt;
    const close = this.raw.indexOf(String.fromCharCode(quote), gt);
    if (close < 0) return gt;
    const after = this.raw.indexOf('>', close);
    return after < 0 ? gt : after;
  }
}

/** Decode one character reference at `at` (`&…;`). Returns the text and the raw length, or undefined. */
function decodeEntity(raw: string, at: number): { value: string; length: number } | undefined {
  // Bounded look-ahead: a lone "&" must not search the rest of the document.
  const semi = raw.slice(at + 1, at + 13).indexOf(';') + at + 1;
  if (semi === at) return undefined;
  const body = raw.slice(at + 1, semi);
  let code: number | undefined;
  if (/^#\d{1,7}$/.test(body)) code = Number.parseInt(body.slice(1), 10);
  else if (/^#[xX][0-9a-fA-F]{1,6}$/.test(body)) code = Number.parseInt(body.slice(2), 16);
  if (code !== undefined) {
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code === 0) return undefined;
    return { value: String.fromCodePoint(code), length: semi - at + 1 };
  }
  const named = NAMED[body];
  return named === undefined ? undefined : { value: named, length: semi - at + 1 };
}

/** Case-insensitive search for `</name` from `from`, linear in the distance covered. */
function findClosing(raw: string, name: string, from: number): number {
  let at = raw.indexOf('</', from);
  while (at >= 0) {
    if (raw.slice(at + 2, at + 2 + name.length).toLowerCase() === name) return at;
    at = raw.indexOf('</', at + 2);
  }
  return -1;
}

/** Extract the visible text of `raw` HTML with an offset map back into `raw`. */
export function htmlToText(raw: string): HtmlText {
  const n = raw.length;
  // The text is never longer than the raw HTML plus one separator per tag (a tag is ≥ 3 chars).
  const rawStart = new Int32Array(n + 1);
  const rawEnd = new Int32Array(n + 1);
  const parts: string[] = [];
  let length = 0;
  const cells: HtmlCell[] = [];
  let row = -1;
  let table = -1;
  let tableFirstRow = 0;
  let col = -1;
  let inHead = false;
  let openCell: HtmlCell | undefined;
  const tagEnds = new TagEnds(raw);

  const emit = (value: string, start: number, end: number): void => {
    for (let k = 0; k < value.length; k++) {
      rawStart[length] = start;
      rawEnd[length] = end;
      length++;
    }
    parts.push(value);
  };
  const closeCell = (): void => {
    if (!openCell) return;
    openCell.end = length;
    openCell = undefined;
  };
  let textStart = 0;
  const flushText = (upTo: number): void => {
    if (upTo <= textStart) return;
    for (let k = textStart; k < upTo; k++) {
      rawStart[length] = k;
      rawEnd[length] = k + 1;
      length++;
    }
    parts.push(raw.slice(textStart, upTo));
  };

  let i = 0;
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c === 38 /* & */) {
      const entity = decodeEntity(raw, i);
      if (entity) {
        flushText(i);
        emit(entity.value, i, i + entity.length);
        i += entity.length;
        textStart = i;
        continue;
      }
      i++;
      continue;
    }
    if (c !== 60 /* < */) {
      i++;
      continue;
    }
    // A tag, a comment, a doctype — or a lone "<" that is text.
    const next = raw.charCodeAt(i + 1);
    if (raw.startsWith('<!--', i)) {
      flushText(i);
      const close = raw.indexOf('-->', i + 4);
      i = close < 0 ? n : close + 3;
      textStart = i;
      continue;
    }
    const closing = next === 47; /* / */
    const nameStart = closing ? i + 2 : i + 1;
    const first = raw.charCodeAt(nameStart);
    if (!isAsciiLetter(first) && !(next === 33 /* ! */ || next === 63) /* ? */) {
      i++;
      continue;
    }
    const end = tagEnds.end(nameStart);
    if (end < 0) {
      // An unterminated "<x": the rest is text, as browsers show it.
      i++;
      continue;
    }
    flushText(i);
    let nameEnd = nameStart;
    while (nameEnd < end && isNameChar(raw.charCodeAt(nameEnd))) nameEnd++;
    const name = raw.slice(nameStart, nameEnd).toLowerCase();
    i = end + 1;
    if (!closing && (name === 'script' || name === 'style')) {
      const close = findClosing(raw, name, i);
      const after = close < 0 ? -1 : tagEnds.end(close + 2);
      i = after < 0 ? n : after + 1;
      textStart = i;
      continue;
    }
    if (name === 'thead') inHead = !closing;
    else if (name === 'table' && !closing) {
      table++;
      tableFirstRow = row + 1;
    } else if (name === 'tr' && !closing) {
      closeCell();
      row++;
      col = -1;
    } else if ((name === 'td' || name === 'th') && !closing) {
      closeCell();
      col++;
      emit('\t', i, i);
      openCell = {
        start: length,
        end: length,
        row,
        col,
        table,
        header: name === 'th',
        head: inHead || (name === 'th' && row === tableFirstRow),
      };
      cells.push(openCell);
      textStart = i;
      continue;
    } else if ((name === 'td' || name === 'th' || name === 'tr' || name === 'table') && closing) {
      closeCell();
    }
    if (!INLINE.has(name)) emit(name === 'td' || name === 'th' ? '\t' : '\n', i, i);
    textStart = i;
  }
  flushText(n);
  closeCell();
  const text = parts.join('');
  // A first row of <th> in a table without <thead> is a header only if the row has no <td>.
  const rowsWithData = new Set<string>();
  for (const cell of cells) if (!cell.header) rowsWithData.add(`${cell.table}:${cell.row}`);
  const headerParts = new Map<string, string[]>();
  for (const cell of cells) {
    if (!cell.head || rowsWithData.has(`${cell.table}:${cell.row}`)) continue;
    const key = `${cell.table}:${cell.col}`;
    const list = headerParts.get(key) ?? [];
    list.push(text.slice(cell.start, cell.end).trim());
    headerParts.set(key, list);
  }
  const headers = new Map<string, string>();
  for (const [key, list] of headerParts) headers.set(key, list.join(' ').trim().toLowerCase());
  const headerOf = (cell: HtmlCell): string | undefined => headers.get(`${cell.table}:${cell.col}`);
  return {
    text,
    rawStart: rawStart.subarray(0, length),
    rawEnd: rawEnd.subarray(0, length),
    cells,
    headerOf,
  };
}
