/**
 * Parsing with reuse: an editor re-analyses a cell on every keystroke, and the new text differs
 * from one parsed a moment ago by a few characters. The last few (text, tree) pairs are kept; a
 * new text that shares a long prefix and suffix with one of them is parsed incrementally
 * (`TreeFragment.applyChanges`), which lezer guarantees to give the same tree as a fresh parse.
 * Small leaf buffers (`bufferLength: 128`) let more of the old tree be reused.
 */
import { Tree, TreeFragment } from '@lezer/common';
import { parser as baseParser } from '@lezer/python';

/**
 * A bound on the work of one parse. `@lezer/python` is quadratic on some broken lines: on
 * `x="x="x="…` its error recovery re-runs the string tokenizer from every position to the end of
 * the line (400 KB took 112 s). Every external tokenizer is wrapped to count the characters it
 * scans; real code scans about 2–7 per character of text (measured on normal code, long data
 * literals, a syntax error per line), the hostile line thousands. Past `SCAN_BUDGET_PER_CHAR`
 * per character the parse is abandoned (deterministically: the count, not a clock, decides), and
 * the text before the line where it happened is parsed on its own; rules read the rest of the
 * cell lexically only, and the analyzer says so in a notice.
 */
const SCAN_BUDGET_PER_CHAR = 64;
const SCAN_BUDGET_BASE = 4096;

class ScanBudgetExceeded extends Error {
  constructor(readonly at: number) {
    super('parse budget exceeded');
  }
}

let scanned = 0;
let scanBudget = Infinity;

interface ExternalTokenizerLike {
  readonly token: (input: { pos: number }, stack: unknown) => void;
  readonly contextual: boolean;
  readonly fallback: boolean;
  readonly extend: boolean;
  readonly constructor: new (
    token: (input: { pos: number }, stack: unknown) => void,
    options: { contextual: boolean; fallback: boolean; extend: boolean },
  ) => ExternalTokenizerLike;
}

/** The grammar's external tokenizers, each wrapped to count what it scans. */
function countingTokenizers(): { from: never; to: never }[] {
  // `tokenizers` is not in @lezer/lr's typings; the ExternalTokenizer class is taken from the
  // grammar's own instances so no second copy of @lezer/lr can be involved.
  const all = (baseParser as unknown as { tokenizers: readonly unknown[] }).tokenizers;
  const external = all.filter(
    (t): t is ExternalTokenizerLike =>
      // ExternalTokenizer: a `token` function and no table (`data`, which the grammar's own
      // TokenGroup and LocalTokenGroup carry; those are left alone).
      typeof t === 'object' &&
      t !== null &&
      typeof (t as { token?: unknown }).token === 'function' &&
      !('data' in t),
  );
  return external.map((tokenizer) => {
    const Ctor = tokenizer.constructor;
    const wrapped = new Ctor(
      (input, stack) => {
        const start = input.pos;
        tokenizer.token(input, stack);
        scanned += input.pos - start + 1;
        if (scanned > scanBudget) throw new ScanBudgetExceeded(start);
      },
      { contextual: tokenizer.contextual, fallback: tokenizer.fallback, extend: tokenizer.extend },
    );
    return { from: tokenizer as never, to: wrapped as never };
  });
}

/** The parser every cell goes through (exported for tests that count parses). */
export const pythonParser = baseParser.configure({
  bufferLength: 128,
  tokenizers: countingTokenizers(),
});
const parser = pythonParser;

/**
 * Parse with the scan budget. On a text the parser cannot read in linear time, the tree covers
 * only the lines before the one where the budget ran out (an empty tree if that is the first).
 */
function boundedParse(text: string, fragments?: readonly TreeFragment[]): Tree {
  for (let attempt = 0; ; attempt++) {
    scanned = 0;
    scanBudget = SCAN_BUDGET_PER_CHAR * text.length + SCAN_BUDGET_BASE;
    try {
      return parser.parse(text, attempt === 0 ? fragments : undefined);
    } catch (error) {
      if (!(error instanceof ScanBudgetExceeded)) throw error;
      const lineStart = text.lastIndexOf('\n', error.at - 1) + 1;
      if (attempt > 0 || lineStart === 0) return Tree.empty;
      text = text.slice(0, lineStart);
    } finally {
      scanBudget = Infinity;
    }
  }
}

/** How many recent parses are kept (cells being edited side by side, a CLI's last few cells). */
const CACHE_SIZE = 8;
/** Texts shorter than this are parsed fresh: reuse would not pay for the bookkeeping. */
const MIN_REUSE_LENGTH = 256;
/** Texts longer than this are not kept: a pasted megabyte should not stay in memory. */
const MAX_KEPT_LENGTH = 200_000;

interface Parsed {
  readonly text: string;
  readonly fragments: readonly TreeFragment[];
  readonly tree: Tree;
}

const recent: Parsed[] = [];

function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, prefix: number): number {
  const max = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

function remember(entry: Parsed): void {
  recent.unshift(entry);
  if (recent.length > CACHE_SIZE) recent.pop();
}

/** Parse Python text, reusing a recent tree of a similar text when there is one. */
export function parsePython(text: string): Tree {
  if (text.length < MIN_REUSE_LENGTH || text.length > MAX_KEPT_LENGTH) return boundedParse(text);
  let best: Parsed | undefined;
  let bestIndex = -1;
  let bestShared = 0;
  let bestPrefix = 0;
  let bestSuffix = 0;
  for (let i = 0; i < recent.length; i++) {
    const entry = recent[i]!;
    if (entry.text === text) {
      recent.splice(i, 1);
      remember(entry);
      return entry.tree;
    }
    // Cheap screen before comparing: the ends must agree.
    if (entry.text.charCodeAt(0) !== text.charCodeAt(0)) continue;
    const prefix = commonPrefix(entry.text, text);
    const suffix = commonSuffix(entry.text, text, prefix);
    if (prefix + suffix > bestShared) {
      best = entry;
      bestIndex = i;
      bestShared = prefix + suffix;
      bestPrefix = prefix;
      bestSuffix = suffix;
    }
  }
  let fragments: readonly TreeFragment[] | undefined;
  // Reuse only when most of the text is shared (an edit, not another cell).
  if (best && bestShared * 2 >= text.length) {
    recent.splice(bestIndex, 1);
    fragments = TreeFragment.applyChanges(best.fragments, [
      {
        fromA: bestPrefix,
        toA: best.text.length - bestSuffix,
        fromB: bestPrefix,
        toB: text.length - bestSuffix,
      },
    ]);
  }
  const tree = boundedParse(text, fragments);
  if (text.length <= MAX_KEPT_LENGTH)
    remember({ text, tree, fragments: TreeFragment.addTree(tree) });
  return tree;
}
