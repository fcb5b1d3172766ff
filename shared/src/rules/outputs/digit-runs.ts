/**
 * Runs of digit groups — `+1 (415) 555-2671`, `123-45-6789`, `4111 1111 1111 1111` — read once,
 * left to right, by hand (no regex backtracking): each character is looked at a bounded number of
 * times, so the phone, SSN and card detectors together stay linear in the output size.
 *
 * A run is: an optional `+`, then digit groups, each optionally in parentheses, joined by exactly
 * one separator (` `, `-`, `.`) or by nothing after a `)`. Two spaces, a comma, a letter or any
 * other character ends the run, so table columns and list items stay apart. Runs glued to a word
 * (`id_4155552671`, `4155552671abc`, `v1.2.3`, `3.14e+10`) or continued by a time (`…14:30`) are
 * dropped: those digits are identifiers, not personal data.
 */

export interface DigitGroup {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
  readonly paren: boolean;
  /** Separator before this group: `''` for the first group and after `)`. */
  readonly sep: string;
}

export interface DigitRun {
  readonly start: number;
  readonly end: number;
  readonly plus: boolean;
  readonly groups: readonly DigitGroup[];
}

const MAX_GROUP_DIGITS = 24;
const MAX_GROUPS = 16;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Characters that glue a run to what is before it when they themselves follow a word char. */
function isGlue(c: number): boolean {
  return (
    c === 46 /* . */ ||
    c === 45 /* - */ ||
    c === 47 /* / */ ||
    c === 58 /* : */ ||
    c === 43 /* + */ ||
    c === 44
  ); /* , */
}

/** Every digit run of `text` with at least `minDigits` digits in total. */
export function digitRuns(text: string, minDigits: number): DigitRun[] {
  const runs: DigitRun[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const startsRun =
      isDigit(c) ||
      ((c === 43 /* + */ || c === 40) /* ( */ && i + 1 < n && isDigit(text.charCodeAt(i + 1)));
    if (!startsRun) {
      i++;
      continue;
    }
    const start = i;
    // Glued to a word before it?
    const prev = start > 0 ? text.charCodeAt(start - 1) : 32;
    const prev2 = start > 1 ? text.charCodeAt(start - 2) : 32;
    let glued =
      isWordChar(prev) || (isGlue(prev) && isWordChar(prev2)) || (c === 43 && isGlue(prev));
    let j = i;
    const plus = text.charCodeAt(j) === 43;
    if (plus) j++;
    const groups: DigitGroup[] = [];
    let sep = '';
    let tooMany = false;
    for (;;) {
      const groupStart = j;
      let paren = false;
      if (text.charCodeAt(j) === 40 && isDigit(text.charCodeAt(j + 1))) {
        paren = true;
        j++;
      }
      const digitsStart = j;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      const digits = text.slice(digitsStart, j);
      if (digits.length === 0) {
        j = groupStart;
        break;
      }
      if (paren) {
        if (text.charCodeAt(j) !== 41 /* ) */) {
          // "(415 555": not a group in parentheses; end the run before the "(".
          j = groupStart;
          break;
        }
        j++;
      }
      if (digits.length > MAX_GROUP_DIGITS) tooMany = true;
      if (groups.length < MAX_GROUPS)
        groups.push({ start: groupStart, end: j, digits, paren, sep });
      else tooMany = true;
      const s = text.charCodeAt(j);
      const next = text.charCodeAt(j + 1);
      if (
        (s === 32 || s === 45 || s === 46) &&
        (isDigit(next) || (next === 40 && isDigit(text.charCodeAt(j + 2))))
      ) {
        sep = text[j]!;
        j++;
        continue;
      }
      if (paren && isDigit(s)) {
        sep = '';
        continue;
      }
      break;
    }
    if (groups.length === 0) {
      i = start + 1;
      continue;
    }
    const end = groups[groups.length - 1]!.end;
    const after = end < n ? text.charCodeAt(end) : 32;
    const after2 = end + 1 < n ? text.charCodeAt(end + 1) : 32;
    // Glued to what follows: a word (`…2671abc`), a decimal or time tail (`…2671.5`, `…14:30`).
    if (
      isWordChar(after) ||
      after === 64 /* @ */ ||
      ((after === 58 || after === 46 || after === 47 || after === 45) && isDigit(after2))
    )
      glued = true;
    if (!glued && !tooMany) {
      let total = 0;
      for (const g of groups) total += g.digits.length;
      if (total >= minDigits)
        runs.push({ start: plus ? start : groups[0]!.start, end, plus, groups });
    }
    i = Math.max(end, start + 1);
  }
  return runs;
}

/** The digits of groups `from..to` (inclusive). */
export function digitsOf(run: DigitRun, from: number, to: number): string {
  let out = '';
  for (let k = from; k <= to; k++) out += run.groups[k]!.digits;
  return out;
}

/** True when group `k` exists and is joined to its predecessor by `sep`. */
export function joinedBy(run: DigitRun, k: number, sep: string): boolean {
  const group = run.groups[k];
  return group !== undefined && k > 0 && group.sep === sep;
}

/** Cheap prefilter: does the text hold at least `n` digits? Stops at the n-th. */
export function hasDigits(text: string, n: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++count >= n) return true;
  }
  return false;
}
