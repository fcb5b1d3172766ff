/**
 * Human-readable output never carries a terminal control sequence from the input: file names,
 * dictionary keys and variable names can hold ESC (clear screen, cursor moves, window title,
 * hyperlinks), other C0/C1 controls, DEL or bidirectional overrides (which reorder what is shown).
 * Each such character becomes a visible escape (`\x1b`, `\u202e`). JSON and SARIF need none of
 * this: `JSON.stringify` escapes C0 controls itself, and `jsonSafe` the rest.
 */

/* eslint-disable no-control-regex -- matching control characters is the point of this module */
// C0 and C1 controls, DEL, and the Unicode bidi embedding/override/isolate controls.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same, sparing line breaks and tabs: for whole messages that are meant to span lines.
const UNSAFE_INLINE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escape(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One piece of a line (a path, a message): every control character escaped, newlines too. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** A whole block of text whose line breaks and tabs are ours: everything else escaped. */
export function printableBlock(text: string): string {
  return text.replace(UNSAFE_INLINE, escape);
}

// What `JSON.stringify` leaves raw but a terminal showing the report would act on: DEL, C1 controls
// (U+009B is CSI), bidi controls, and the line/paragraph separators.
const JSON_UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with those characters written as `\uXXXX` escapes: the same JSON value. */
export function jsonSafe(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
