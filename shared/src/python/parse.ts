/**
 * Parsing with reuse: an editor re-analyses a cell on every keystroke, and the new text differs
 * from one parsed a moment ago by a few characters. The last few (text, tree) pairs are kept; a
 * new text that shares a long prefix and suffix with one of them is parsed incrementally
 * (`TreeFragment.applyChanges`), which lezer guarantees to give the same tree as a fresh parse.
 * Small leaf buffers (`bufferLength: 128`) let more of the old tree be reused.
 */
import { TreeFragment, type Tree } from '@lezer/common';
import { parser as baseParser } from '@lezer/python';

/** The parser every cell goes through (exported for tests that count parses). */
export const pythonParser = baseParser.configure({ bufferLength: 128 });
const parser = pythonParser;

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
  if (text.length < MIN_REUSE_LENGTH || text.length > MAX_KEPT_LENGTH) return parser.parse(text);
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
  const tree = parser.parse(text, fragments);
  if (text.length <= MAX_KEPT_LENGTH)
    remember({ text, tree, fragments: TreeFragment.addTree(tree) });
  return tree;
}
