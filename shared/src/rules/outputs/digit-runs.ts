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
  /** Digits in the run. */
  readonly digits: number;
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

// Group boundaries of the run being read, reused between runs: most numbers in an output (floats,
// counters, tensor values) are dropped without allocating anything.
const gStart = new Int32Array(MAX_GROUPS + 1);
const gEnd = new Int32Array(MAX_GROUPS + 1);
const gDigits = new Int32Array(MAX_GROUPS + 1);
const gParen = new Uint8Array(MAX_GROUPS + 1);
const gSep = new Uint16Array(MAX_GROUPS + 1);

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
    let count = 0;
    let total = 0;
    let sep = 0;
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
      const digits = j - digitsStart;
      if (digits === 0) {
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
      if (digits > MAX_GROUP_DIGITS || count >= MAX_GROUPS) tooMany = true;
      else {
        gStart[count] = groupStart;
        gEnd[count] = j;
        gDigits[count] = digitsStart;
        gParen[count] = paren ? 1 : 0;
        gSep[count] = sep;
        count++;
        total += digits;
      }
      const s = text.charCodeAt(j);
      const next = text.charCodeAt(j + 1);
      if (
        (s === 32 || s === 45 || s === 46 || s === 160) &&
        (isDigit(next) || (next === 40 && isDigit(text.charCodeAt(j + 2))))
      ) {
        // A no-break space (`&nbsp;` in HTML) separates like a space.
        sep = s === 160 ? 32 : s;
        j++;
        continue;
      }
      if (paren && isDigit(s)) {
        sep = 0;
        continue;
      }
      break;
    }
    if (count === 0) {
      // A first group too long to keep (> 24 digits) was still read to its end: resume there, not
      // one character later, or `bin(1 << 200000)` is read again from every digit (quadratic).
      // Digits inside it are glued to the digit before them and could never start a run anyway.
      i = tooMany ? Math.max(j, start + 1) : start + 1;
      continue;
    }
    const end = tooMany ? j : gEnd[count - 1]!;
    const after = end < n ? text.charCodeAt(end) : 32;
    const after2 = end + 1 < n ? text.charCodeAt(end + 1) : 32;
    // Glued to what follows: a word (`…2671abc`), a decimal or time tail (`…2671.5`, `…14:30`).
    if (
      isWordChar(after) ||
      after === 64 /* @ */ ||
      ((after === 58 || after === 46 || after === 47 || after === 45) && isDigit(after2))
    )
      glued = true;
    if (!glued && !tooMany && total >= minDigits) {
      const groups: DigitGroup[] = [];
      for (let k = 0; k < count; k++) {
        const paren = gParen[k] === 1;
        const digitsStart = gDigits[k]!;
        const groupEnd = gEnd[k]!;
        groups.push({
          start: gStart[k]!,
          end: groupEnd,
          digits: text.slice(digitsStart, paren ? groupEnd - 1 : groupEnd),
          paren,
          sep: gSep[k] === 0 ? '' : String.fromCharCode(gSep[k]!),
        });
      }
      runs.push({ start: plus ? start : gStart[0]!, end, plus, groups, digits: total });
    }
    i = Math.max(end, start + 1);
  }
  return runs;
}

const shared = new WeakMap<object, DigitRun[]>();

/**
 * The runs of a scanned text with at least 7 digits, read once and shared by the phone, SSN and
 * card detectors (`key` is the `ScanText`, which lives as long as its output).
 */
export function sharedDigitRuns(key: object, text: string): DigitRun[] {
  let runs = shared.get(key);
  if (!runs) {
    runs = digitRuns(text, 7);
    shared.set(key, runs);
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
