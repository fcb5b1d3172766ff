/**
 * Shared helpers of the hardening tests: run budgets, a seeded PRNG, deterministic fake secrets,
 * fast-check arbitraries for nbformat JSON, mutations of real notebooks, and the corpus subset.
 * Nothing here is a real credential: every "secret" is built at run time from a seeded PRNG.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { corpusDir } from './paths.js';

/** `CELLGUARD_FUZZ_RUNS` scales every property's run count (default 1 = the CI budget). */
export function fuzzRuns(base: number): number {
  const raw = process.env['CELLGUARD_FUZZ_RUNS'];
  const requested = raw === undefined ? NaN : Number(raw);
  if (!Number.isFinite(requested) || requested <= 0) return base;
  return Math.max(base, Math.round(requested));
}

/** Counts every generated input, printed at the end of each file so a run says what it tried. */
export const tried = new Map<string, number>();
export function countTried(kind: string, n = 1): void {
  tried.set(kind, (tried.get(kind) ?? 0) + n);
}
export function reportTried(file: string): void {
  const parts = [...tried].map(([k, v]) => `${k}=${v}`);
  const total = [...tried.values()].reduce((a, b) => a + b, 0);
  console.log(`# ${file}: ${total} inputs tried (${parts.join(', ')})`);
}

/** mulberry32: small, seeded, good enough to make test data reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = `${ALNUM}+/`;

export function randomFrom(rand: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)]!;
  return out;
}

/** A fake secret: `prefix` is the public, documented part; `body` is what must never be shown. */
export interface FakeSecret {
  readonly kind: string;
  /** The value as it is written in the notebook. */
  readonly value: string;
  /** The part of `value` that is secret (the public provider prefix removed). */
  readonly secret: string;
}

/**
 * Deterministic fake credentials in the shapes people paste into notebooks. The random parts are
 * long and mixed so every 8-character window is unique to the secret.
 */
export function fakeSecrets(seed: number): FakeSecret[] {
  const rand = prng(seed);
  const r = (alphabet: string, n: number): string => randomFrom(rand, alphabet, n);
  const pemBody = Array.from({ length: 12 }, () => r(BASE64, 64)).join('\n');
  const openai = r(ALNUM, 48);
  const awsId = r(UPPER_DIGITS, 16);
  const awsSecret = r(BASE64, 40);
  const github = r(ALNUM, 36);
  const hf = r(ALNUM, 34);
  const password = `${r(ALNUM, 6)}!${r(ALNUM, 8)}#${r(ALNUM, 4)}`;
  const emailLocal = r('abcdefghijklmnopqrstuvwxyz0123456789', 10);
  const emailDomain = r('abcdefghijklmnopqrstuvwxyz', 9);
  const slack = `${r('0123456789', 11)}-${r('0123456789', 13)}-${r(ALNUM, 24)}`;
  const begin = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
  const end = ['-----END', 'RSA PRIVATE KEY-----'].join(' ');
  return [
    { kind: 'pem', value: `${begin}\n${pemBody}\n${end}`, secret: pemBody },
    { kind: 'openai', value: ['sk', 'proj', openai].join('-'), secret: openai },
    { kind: 'aws-id', value: `AKIA${awsId}`, secret: awsId },
    { kind: 'aws-secret', value: awsSecret, secret: awsSecret },
    { kind: 'github', value: `ghp_${github}`, secret: github },
    { kind: 'huggingface', value: `hf_${hf}`, secret: hf },
    { kind: 'slack', value: `xoxb-${slack}`, secret: slack },
    { kind: 'url-password', value: password, secret: password },
    {
      kind: 'email',
      value: `${emailLocal}@${emailDomain}.com`,
      secret: `${emailLocal}@${emailDomain}`,
    },
  ];
}

/**
 * Every 8-character window of every secret that appears in `text` (empty = no leak). A leak of
 * any longer substring contains one of these windows.
 */
export function leakedWindows(text: string, secrets: readonly FakeSecret[], width = 8): string[] {
  const leaks: string[] = [];
  for (const { kind, secret } of secrets) {
    const clean = secret.replace(/\n/g, '');
    for (const piece of [secret, clean]) {
      for (let i = 0; i + width <= piece.length; i++) {
        const window = piece.slice(i, i + width);
        if (window.includes('\n')) continue;
        if (text.includes(window)) {
          leaks.push(`${kind}: …${window}…`);
          break;
        }
      }
    }
  }
  return [...new Set(leaks)];
}

/** nbformat 4 notebook JSON, the shape the generators and mutations work on. */
export type NotebookJson = Record<string, unknown> & { cells: Record<string, unknown>[] };

export function notebook(
  cells: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): NotebookJson {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' },
      language_info: { name: 'python' },
    },
    cells,
    ...extra,
  };
}

export function codeCell(
  source: string | string[],
  outputs: unknown[] = [],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const text = Array.isArray(source) ? source.join('') : source;
  return {
    cell_type: 'code',
    execution_count: 1,
    id: `c${Math.abs(hash(text)) % 1e8}`,
    metadata: {},
    source,
    outputs,
    ...extra,
  };
}

export function markdownCell(source: string | string[]): Record<string, unknown> {
  return { cell_type: 'markdown', metadata: {}, source };
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** Split text into nbformat's list-of-lines form (each line keeps its "\n"). */
export function toLines(text: string): string[] {
  const lines: string[] = [];
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    lines.push(text.slice(start, end));
    start = end;
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// fast-check arbitraries

/**
 * Any UTF-16 code units, lone surrogates included. (`fc.string({unit: 'binary'})` would do, but
 * building it costs ~2.5 s of start-up, which every worker would pay.)
 */
export function utf16String(maxLength: number): fc.Arbitrary<string> {
  return fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength })
    .map((codes) => String.fromCharCode(...codes));
}

/** Text that stresses decoders and offsets: lone surrogates, astral chars, CRLF, NUL, ANSI, BOMs. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 2, arbitrary: utf16String(60) },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.constantFrom(
          '\ud800',
          '\udfff',
          '😀',
          '\r\n',
          '\r',
          '\n',
          '\u0000',
          '\ufeff',
          '\u001b[31m',
          '\u001b]8;;x\u0007',
          '\\',
          '"',
          "'''",
          '"""',
          'import pickle\n',
          'pickle.load(f)',
          'torch.load(p)',
          'trust_remote_code=True',
          '%pip install x\n',
          '!ls\n',
          '%%bash\n',
          'api_key = "',
          'password=',
          '@',
          '.com',
          'sk-',
          'AKIA',
          'ghp_',
          '-----BEGIN ',
          'PRIVATE KEY-----',
          '<td>',
          '</td>',
          '&#64;',
          '&amp;',
          '555-12-3456',
          '+1 (415) 555-0100',
          'x'.repeat(40),
          '0'.repeat(30),
          '# cellguard: ignore',
          '# noqa',
          '(',
          ')',
          '[',
          '{',
          ':',
          '=',
        ),
        { maxLength: 25 },
      )
      .map((parts) => parts.join('')),
  },
);

/** A multiline string as nbformat stores it: a string or a list of lines (sometimes junk). */
const multiline: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileText },
  { weight: 4, arbitrary: hostileText.map(toLines) },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof(hostileText, fc.integer(), fc.constant(null)), { maxLength: 3 }),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

const mimeBundle: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.dictionary(
      fc.constantFrom(
        'text/plain',
        'text/html',
        'text/markdown',
        'application/json',
        'text/latex',
        'image/png',
        'image/svg+xml',
        'application/vnd.foo+json',
        'application/javascript',
      ),
      multiline,
      { maxKeys: 4 },
    ),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

const output: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      {
        output_type: fc.constant('stream'),
        name: fc.constantFrom('stdout', 'stderr', 7),
        text: multiline,
      },
      { requiredKeys: ['output_type'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        output_type: fc.constantFrom('execute_result', 'display_data'),
        data: mimeBundle,
        metadata: fc.object({ maxDepth: 1 }),
        execution_count: fc.option(fc.nat()),
      },
      { requiredKeys: ['output_type'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        output_type: fc.constant('error'),
        ename: fc.oneof(hostileText, fc.integer()),
        evalue: fc.oneof(hostileText, fc.constant(null)),
        traceback: fc.oneof(fc.array(hostileText, { maxLength: 4 }), fc.anything({ maxDepth: 1 })),
      },
      { requiredKeys: ['output_type'] },
    ),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

const cell: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        cell_type: fc.oneof(
          { weight: 9, arbitrary: fc.constantFrom('code', 'markdown', 'raw') },
          { weight: 1, arbitrary: fc.anything({ maxDepth: 0 }) },
        ),
        id: fc.oneof(fc.uuid(), fc.integer()),
        metadata: fc.oneof(
          fc.object({ maxDepth: 2 }),
          fc.constant({ cellguard: { ignore: true } }),
          fc.constant({ cellguard: { ignore: ['pickle-load', 3] } }),
        ),
        source: multiline,
        outputs: fc.oneof(
          { weight: 5, arbitrary: fc.array(output, { maxLength: 4 }) },
          { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
        ),
        execution_count: fc.option(fc.nat()),
        attachments: fc.object({ maxDepth: 2 }),
      },
      { requiredKeys: ['cell_type', 'source'] },
    ),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

/** Notebook-shaped JSON values: mostly valid nbformat 4, often broken at some level. */
export const notebookJson: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record(
      {
        nbformat: fc.oneof(
          { weight: 8, arbitrary: fc.constant(4) },
          { weight: 1, arbitrary: fc.constantFrom(3, 5, '4', null, 4.5) },
        ),
        nbformat_minor: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.anything({ maxDepth: 0 })),
        metadata: fc.oneof(
          fc.constant({ language_info: { name: 'python' } }),
          fc.constant({ kernelspec: { language: 'R' } }),
          fc.object({ maxDepth: 2 }),
          fc.anything({ maxDepth: 1 }),
        ),
        cells: fc.oneof(
          { weight: 9, arbitrary: fc.array(cell, { maxLength: 8 }) },
          { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
        ),
        worksheets: fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 1 }),
      },
      { requiredKeys: ['nbformat', 'cells'] },
    ),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

/** Ways to damage the text of a notebook file. */
export type TextMutation = (text: string, rand: () => number) => string;

export const TEXT_MUTATIONS: Record<string, TextMutation> = {
  truncate: (t, r) => t.slice(0, Math.floor(r() * t.length)),
  'drop-char': (t, r) => {
    const i = Math.floor(r() * t.length);
    return t.slice(0, i) + t.slice(i + 1);
  },
  'insert-junk': (t, r) => {
    const i = Math.floor(r() * t.length);
    const junk = [
      '\u0000',
      '}',
      ']',
      '"',
      ',',
      '\\',
      '\ud800',
      '\uffff',
      'NaN',
      '\u001b',
      '\r\n',
      '{"a":',
    ][Math.floor(r() * 12)]!;
    return t.slice(0, i) + junk + t.slice(i);
  },
  bom: (t) => `\ufeff${t}`,
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  'lone-surrogate-in-string': (t, r) => {
    // Insert an escaped lone surrogate inside the first string literal after a random point.
    const i = t.indexOf('"', Math.floor(r() * t.length));
    return i < 0 ? t : `${t.slice(0, i + 1)}\\ud83d${t.slice(i + 1)}`;
  },
  'nbformat-3': (t) => t.replace(/"nbformat":\s*4/, '"nbformat": 3'),
  'duplicate-keys': (t) => t.replace(/\{/, '{"cells": 7, '),
};

/** Ways to damage the parsed JSON of a notebook: wrong types at every level, missing keys. */
export function mutateJson(nb: NotebookJson, rand: () => number): unknown {
  const copy = structuredClone(nb) as NotebookJson;
  const wrongValues: unknown[] = [
    null,
    0,
    -1,
    1e308,
    '',
    'x',
    true,
    [],
    {},
    [null],
    { '': [] },
    '\ud800',
    [1, 'a'],
    Number.NaN,
  ];
  const wrong = (): unknown => wrongValues[Math.floor(rand() * wrongValues.length)];
  const cells = copy.cells;
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(rand() * list.length)];
  switch (Math.floor(rand() * 9)) {
    case 0:
      return wrong();
    case 1: {
      const key = pick(['nbformat', 'nbformat_minor', 'metadata', 'cells']) ?? 'cells';
      if (rand() < 0.5) delete copy[key];
      else copy[key] = wrong();
      return copy;
    }
    case 2:
      if (cells.length > 0)
        cells[Math.floor(rand() * cells.length)] = wrong() as Record<string, unknown>;
      return copy;
    default: {
      const target = pick(cells);
      if (!target) return copy;
      const keys = [
        'cell_type',
        'source',
        'metadata',
        'outputs',
        'id',
        'attachments',
        'execution_count',
      ];
      const outputs = Array.isArray(target['outputs'])
        ? (target['outputs'] as Record<string, unknown>[])
        : [];
      const out = pick(outputs);
      if (out && typeof out === 'object' && rand() < 0.6) {
        const data = out['data'];
        if (data && typeof data === 'object' && rand() < 0.5) {
          const mime = pick(Object.keys(data));
          if (mime) (data as Record<string, unknown>)[mime] = wrong();
        } else {
          const key =
            pick([
              'output_type',
              'text',
              'data',
              'name',
              'ename',
              'evalue',
              'traceback',
              'metadata',
            ]) ?? 'text';
          if (rand() < 0.3) delete out[key];
          else out[key] = wrong();
        }
        return copy;
      }
      const key = pick(keys) ?? 'source';
      if (rand() < 0.3) delete target[key];
      else target[key] = wrong();
      return copy;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Corpus

/** Corpus notebooks (relative paths), or [] when the corpus is not on this machine. */
export function corpusFiles(): string[] {
  if (!existsSync(corpusDir)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.ipynb')) out.push(full);
    }
  };
  walk(corpusDir);
  return out;
}

/** Every `step`-th corpus notebook, smallest first within the budget of `maxBytes` each. */
export function corpusSubset(count: number, maxBytes = 1_500_000): string[] {
  const all = corpusFiles().filter((f) => statSync(f).size <= maxBytes);
  if (all.length <= count) return all;
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]!);
}

export function readCorpus(path: string): string {
  return readFileSync(path, 'utf8');
}

/**
 * CPU time (user + system) of this process during an async call, in milliseconds. CPU time, not
 * wall time, so other processes on a shared machine do not count against a budget.
 */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(start);
  return { value, ms: (used.user + used.system) / 1000 };
}
