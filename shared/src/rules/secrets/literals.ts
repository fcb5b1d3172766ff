/**
 * A set of literals tested against a text in one pass: a table indexed by the first two
 * characters (ASCII) points at the few literals that start with them. On this project's
 * benchmark cell (50 lines, 3.2 KB) it costs about as much as two `charCodeAt` loops, 4–5 times
 * less than the equivalent alternation regex, whose cost grows with the number of literals.
 */
export class LiteralSet {
  private readonly index = new Uint16Array(128 * 128);
  private readonly buckets: string[][] = [[]];

  constructor(literals: Iterable<string>) {
    for (const literal of literals) {
      if (literal.length < 2 || literal.charCodeAt(0) >= 128 || literal.charCodeAt(1) >= 128) {
        throw new Error(`LiteralSet: literal "${literal}" must start with two ASCII characters`);
      }
      const key = (literal.charCodeAt(0) << 7) | literal.charCodeAt(1);
      if (this.index[key] === 0) {
        this.index[key] = this.buckets.length;
        this.buckets.push([]);
      }
      this.buckets[this.index[key]!]!.push(literal);
    }
  }

  /** True when the text contains one of the literals. */
  test(text: string): boolean {
    const index = this.index;
    const last = text.length - 1;
    let next = text.charCodeAt(0);
    for (let i = 0; i < last; i++) {
      const c0 = next;
      next = text.charCodeAt(i + 1);
      if ((c0 | next) >= 128) continue;
      const bucket = index[(c0 << 7) | next]!;
      if (bucket === 0) continue;
      for (const literal of this.buckets[bucket]!) if (text.startsWith(literal, i)) return true;
    }
    return false;
  }
}

/** `secret` → `secret`, `SECRET`, `Secret`: the spellings a case-insensitive trigger takes in code. */
export function caseVariants(literal: string): string[] {
  const lower = literal.toLowerCase();
  return [
    ...new Set([
      lower,
      literal.toUpperCase(),
      lower.charAt(0).toUpperCase() + lower.slice(1),
      literal,
    ]),
  ];
}
