/**
 * Edits to a call's arguments that keep the call's layout: one-line calls stay on one line,
 * one-argument-per-line calls get a new line with the same indentation, trailing commas and
 * end-of-line comments are kept. Pure functions over the cell text; offsets are UTF-16.
 */
import { sourceMayMention, type Call, type CallArgument } from './source.js';

/** Replace `range` of the text by `text` (same shape as a source edit, without the cell). */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** The keyword argument `name=…` of a call, if written. */
export function keywordArgument(call: Call, name: string): CallArgument | undefined {
  // Most calls of a cell never spell the keyword: skip splitting their arguments.
  if (!sourceMayMention(call, name)) return undefined;
  return call.args.find((arg) => arg.name === name);
}

/** Positional argument `index` (0-based), counted before the first keyword or unpacking. */
export function positionalArgument(call: Call, index: number): CallArgument | undefined {
  let seen = 0;
  for (const arg of call.args) {
    if (arg.name !== undefined || arg.star) return undefined;
    if (seen++ === index) return arg;
  }
  return undefined;
}

/** True when the call unpacks `**kwargs`, so any keyword may be passed without being written. */
export function hasKeywordUnpacking(call: Call): boolean {
  return call.args.some((arg) => arg.star === '**');
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Position of the first `,` after `from` and before `to`, skipping blanks and `#` comments;
 * -1 when something else comes first.
 */
function commaAfter(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === ',') return i;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end === -1 || end >= to) return -1;
      i = end;
    } else if (!/\s/.test(c)) return -1;
  }
  return -1;
}

/**
 * Add `argument` (e.g. `weights_only=True`) as the call's last argument.
 *
 * - `f(a)` → `f(a, weights_only=True)`; `f()` → `f(weights_only=True)`
 * - one argument per line with a trailing comma → a new line `weights_only=True,` after the last
 *   argument's line (its comment stays where it was)
 * - one per line without a trailing comma → `,` after the last argument and a new line
 */
export function insertArgument(text: string, call: Call, argument: string): TextEdit[] {
  const closeParen = call.argListRange[1] - 1;
  const last = call.args[call.args.length - 1];
  if (!last) return [{ range: [closeParen, closeParen], text: argument }];
  const end = last.range[1];
  const newlineAt = text.indexOf('\n', end);
  const closesOnSameLine = newlineAt === -1 || newlineAt > closeParen;
  if (closesOnSameLine) return [{ range: [end, end], text: `, ${argument}` }];

  const lineStart = lineStartOf(text, last.range[0]);
  const before = text.slice(lineStart, last.range[0]);
  // Align with the last argument: its line's indentation, or its column when it shares a line
  // with the opening parenthesis (`torch.load(path,\n           map_location=...`).
  const indent = /^[ \t]*$/.test(before) ? before : ' '.repeat(last.range[0] - lineStart);
  const comma = commaAfter(text, end, closeParen);
  if (comma !== -1 && comma < newlineAt)
    return [{ range: [newlineAt, newlineAt], text: `\n${indent}${argument},` }];
  if (newlineAt === end) return [{ range: [end, end], text: `,\n${indent}${argument}` }];
  // A comment follows the last argument on its line: the comma goes before it, the argument after.
  return [
    { range: [end, end], text: ',' },
    { range: [newlineAt, newlineAt], text: `\n${indent}${argument}` },
  ];
}

/**
 * Remove one argument with its comma. An argument alone on its line (maybe with a trailing comma
 * and a comment) takes its whole line with it.
 */
export function removeArgument(text: string, call: Call, argument: CallArgument): TextEdit[] {
  const index = call.args.indexOf(argument);
  if (index === -1) return [];
  const [start, end] = argument.range;
  const closeParen = call.argListRange[1] - 1;
  const lineStart = lineStartOf(text, start);
  const lineEnd = text.indexOf('\n', end);
  const ownLine =
    lineStart > call.argListRange[0] &&
    /^[ \t]*$/.test(text.slice(lineStart, start)) &&
    lineEnd !== -1 &&
    lineEnd < closeParen &&
    /^[ \t]*(?:,[ \t]*)?(?:#[^\n]*)?$/.test(text.slice(end, lineEnd));
  if (ownLine) return [{ range: [lineStart, lineEnd + 1], text: '' }];

  const next = call.args[index + 1];
  if (next) return [{ range: [start, next.range[0]], text: '' }];
  const previous = call.args[index - 1];
  if (previous) return [{ range: [previous.range[1], end], text: '' }];
  // The only argument: take a trailing comma and blanks with it.
  const comma = commaAfter(text, end, closeParen);
  const stop = comma === -1 ? end : comma + 1;
  return [{ range: [start, stop], text: '' }];
}

/** Replace an argument's value expression (`weights_only=False` → `weights_only=True`). */
export function replaceArgumentValue(argument: CallArgument, value: string): TextEdit[] {
  return [{ range: [argument.value.from, argument.value.to], text: value }];
}
