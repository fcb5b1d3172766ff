/**
 * The one module that maps UTF-16 offsets to (line, column) and back. Lines and columns are
 * 0-based here; adapters add 1 where their format wants it (SARIF, CLI text).
 */

export interface Position {
  readonly line: number;
  /** UTF-16 code units from the start of the line. */
  readonly character: number;
}

/** Precomputed line starts of one text, for repeated lookups. */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset (clamped to the text) → position. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low]! };
  }

  /** Position → offset, clamped to the line's end and to the text. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    const nextStart = this.starts[position.line + 1] ?? this.text.length;
    let lineEnd = nextStart;
    if (position.line + 1 < this.starts.length) {
      lineEnd--;
      if (this.text.charCodeAt(lineEnd - 1) === 13 && this.text.charCodeAt(lineEnd) === 10)
        lineEnd--;
    }
    return Math.min(start + Math.max(0, position.character), lineEnd);
  }

  /** Offsets of the start and end (without line break) of a 0-based line. */
  lineRange(line: number): [number, number] {
    const start = this.starts[line] ?? this.text.length;
    const end = this.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
    return [start, end];
  }
}

/** One-off conversion; build a `LineIndex` for many. */
export function positionAt(text: string, offset: number): Position {
  return new LineIndex(text).positionAt(offset);
}

/** One-off conversion; build a `LineIndex` for many. */
export function offsetAt(text: string, position: Position): number {
  return new LineIndex(text).offsetAt(position);
}
