/**
 * Hostile input families for the linear-time property (`linear-time.test.ts`): each builds text
 * of about `n` characters that once drove a detector or the parser quadratic, and each is placed
 * in every part of a notebook Cellguard reads.
 */
import { notebookFromJson, type NotebookDoc } from '@cellguard/core';

/** Deterministic distinct tokens: `i` written in `alphabet`, padded to `width`. */
function token(i: number, alphabet: string, width: number): string {
  let out = '';
  let v = i * 2654435761 + 97;
  for (let k = 0; k < width; k++) {
    out += alphabet[v % alphabet.length];
    v = Math.floor(v / alphabet.length) + (k + 1) * 7919 + i;
  }
  return out;
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function repeatLines(n: number, line: (i: number) => string, sep = '\n'): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < n; i++) {
    const part = line(i) + sep;
    parts.push(part);
    length += part.length;
  }
  return parts.join('').slice(0, n);
}

export const FAMILIES: Readonly<Record<string, (n: number) => string>> = {
  // bin(1 << 200000): one digit run far past 24 digits (digit-runs restarted per character).
  'one long digit run': (n) => '1' + '0'.repeat(n - 1),
  // Distinct AWS key ids: secretlint's duplicate filter compared every match with every other.
  'AWS key ids': (n) => repeatLines(n, (i) => `AKIA${token(i, UPPER, 16)}`, ' '),
  'Stripe keys': (n) => repeatLines(n, (i) => `sk_live_${token(i, ALNUM, 24)}`, ' '),
  // `@lezer/python`'s string tokenizer re-ran to the end of this line from every position.
  'broken string line': (n) => `api_key = 1\n${'x="'.repeat(Math.floor((n - 12) / 3))}`,
  // isShortLivedOAuthToken searched every output once per token.
  'bearer headers': (n) =>
    `{'access_token': 'tok', 'token_type': 'bearer', 'expires_in': 3600}\n` +
    repeatLines(n - 70, (i) => `Authorization: Bearer ${token(i, ALNUM, 32)}`),
  // isEnvironmentWrite re-read the line from its start for each finding on it.
  'keys on one line': (n) =>
    `KEYS = [${repeatLines(n - 10, (i) => `"sk_live_${token(i, ALNUM, 24)}"`, ', ')}]`,
  emails: (n) => repeatLines(n, (i) => `${token(i, 'abcdefghij', 8)}@example.org`, ', '),
  credentials: (n) => repeatLines(n, (i) => `password = "${token(i, ALNUM, 14)}!"`),
};

export const PLACEMENTS: Readonly<Record<string, (text: string) => NotebookDoc>> = {
  code: (text) => doc([{ cell_type: 'code', source: text, outputs: [] }]),
  markdown: (text) => doc([{ cell_type: 'markdown', source: text }]),
  stream: (text) => withOutput({ output_type: 'stream', name: 'stdout', text }),
  'text/plain': (text) =>
    withOutput({ output_type: 'execute_result', data: { 'text/plain': text }, metadata: {} }),
  'text/html': (text) =>
    withOutput({
      output_type: 'display_data',
      data: { 'text/html': `<pre>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>` },
      metadata: {},
    }),
  'application/json': (text) =>
    withOutput({
      output_type: 'execute_result',
      data: { 'application/json': { lines: text.split('\n') } },
      metadata: {},
    }),
  'error traceback': (text) =>
    withOutput({
      output_type: 'error',
      ename: 'ValueError',
      evalue: text.slice(0, 200),
      traceback: text.split('\n').map((line) => `\u001b[0;31m${line}\u001b[0m`),
    }),
};

function withOutput(output: unknown): NotebookDoc {
  return doc([{ cell_type: 'code', source: 'print(x)', outputs: [output] }]);
}

function doc(cells: Record<string, unknown>[]): NotebookDoc {
  return notebookFromJson({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: cells.map((cell, i) => ({ id: `c${i}`, metadata: {}, ...cell, execution_count: 1 })),
  });
}
