/**
 * Duplicate keys in a JSON text. `JSON.parse` keeps the last of two equal keys and drops the other
 * value without a word — a notebook with two `"source"` keys in a cell would be checked on one and
 * pushed with both. One linear pass over text that `JSON.parse` has already accepted: string bodies
 * are skipped with `indexOf`, and each object on the open-bracket stack keeps the set of its keys.
 */

/** The first duplicated key, with its 0-based offset, or undefined. `text` must be valid JSON. */
export function firstDuplicateKey(text: string): { key: string; offset: number } | undefined {
  // One entry per open bracket: a key set for an object, undefined for an array.
  const stack: (Set<string> | undefined)[] = [];
  let i = 0;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let end = text.indexOf('"', i + 1);
      // An escaped quote: the quote is escaped when an odd number of backslashes precede it.
      while (end > 0) {
        let backslashes = 0;
        for (let j = end - 1; text.charCodeAt(j) === 0x5c; j--) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end < 0) return undefined; // not valid JSON: JSON.parse reports it
      i = end + 1;
      const top = stack[stack.length - 1];
      if (top === undefined) continue;
      // A string in an object is a key when a colon follows it.
      let k = i;
      while (k < length && isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== 0x3a /* : */) continue;
      const raw = text.slice(start + 1, end);
      const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      if (top.has(key)) return { key, offset: start };
      top.add(key);
      i = k + 1;
      continue;
    }
    if (c === 0x7b /* { */) stack.push(new Set());
    else if (c === 0x5b /* [ */) stack.push(undefined);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    i++;
  }
  return undefined;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
