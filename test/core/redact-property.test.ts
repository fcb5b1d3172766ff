/**
 * "Redaction leaves nothing", as a property (SECURITY.md): random notebooks whose outputs carry
 * planted values in every representation and encoding Jupyter stores — a DataFrame's text/plain
 * and text/html (entities included), JSON leaves and keys next to escaped quotes, streams split
 * into lines, an error whose traceback has colour codes inside the value, markdown — are analysed
 * and redacted through `redactNotebookJson`, the one implementation the CLI fixer and both
 * editors use. Afterwards no window of 6 characters of any planted value remains anywhere in the
 * file (raw, decoded, colour codes stripped or entities decoded), the file is still a valid
 * notebook, every byte of cells without a planted value is unchanged, and redacting again
 * changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createAnalyzer,
  notebookCellSpans,
  parseNotebook,
  redactNotebookJson,
  stripAnsi,
} from '@cellguard/core';
import { fake } from './secrets-fakes.js';

const analyzer = createAnalyzer();
const WINDOW = 6;

const lower = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: n, maxLength: n });

/** A made-up e-mail address: random enough that no 6-character window occurs by chance. */
const email = fc
  .tuple(lower(7), lower(5), lower(8), fc.constantFrom('com', 'org', 'io'))
  .map(([a, b, c, tld]) => `${a}.${b}@${c}.${tld}`);
const key = fc
  .tuple(fc.nat(1_000_000), fc.constantFrom('openai', 'aws', 'github', 'stripe'))
  .map(([seed, kind]) =>
    kind === 'openai'
      ? fake.openaiProject(`p${seed}`)
      : kind === 'aws'
        ? fake.awsKeyId(`p${seed}`)
        : kind === 'github'
          ? fake.github(`p${seed}`)
          : fake.stripe(`p${seed}`),
  );

const entityAt = (value: string): string => value.replace('@', '&#64;');
const lines = (text: string): string[] => text.split(/(?<=\n)/);

type Json = Record<string, unknown>;

/** Output templates: each plants values in one or more representations. */
const outputs: fc.Arbitrary<{ output: Json; planted: string[] }>[] = [
  // A DataFrame: both representations, with or without an entity inside the HTML copy.
  fc.tuple(email, email, fc.boolean()).map(([a, b, entity]) => ({
    planted: [a, b],
    output: {
      output_type: 'execute_result',
      execution_count: 1,
      metadata: {},
      data: {
        'text/plain': [`   name  email\n`, `0  Ann   ${a}\n`, `1  Bob   ${b}`],
        'text/html': lines(
          `<table class="dataframe">\n<thead><tr><th></th><th>name</th><th>email</th></tr></thead>\n` +
            `<tbody><tr><th>0</th><td>Ann</td><td>${entity ? entityAt(a) : a}</td></tr>\n` +
            `<tr><th>1</th><td>Bob</td><td>${b}</td></tr></tbody>\n</table>`,
        ),
      },
    },
  })),
  // A printed key in a stream stored as lines.
  key.map((k) => ({
    planted: [k],
    output: {
      output_type: 'stream',
      name: 'stdout',
      text: [`connecting\n`, `key = ${k}\n`, `done\n`],
    },
  })),
  // An error: the key in evalue, and in a traceback line with a colour code inside it.
  key.map((k) => ({
    planted: [k],
    output: {
      output_type: 'error',
      ename: 'HTTPError',
      evalue: `401 for token ${k}`,
      traceback: [
        '\u001b[0;31m---------------------------------------------------------------------------\u001b[0m',
        `\u001b[0;31mHTTPError\u001b[0m: 401 for token \u001b[1m${k.slice(0, 7)}\u001b[0;32m${k.slice(7)}\u001b[0m`,
      ],
    },
  })),
  // JSON: the value as a leaf next to an escaped quote, and as a key.
  fc.tuple(email, key).map(([e, k]) => ({
    planted: [e, k],
    output: {
      output_type: 'display_data',
      metadata: {},
      data: {
        'application/json': { note: 'say "hi"', contact: e, tokens: { [k]: 1 } },
        'text/plain': [`{'note': 'say "hi"', 'contact': '${e}', 'tokens': {'${k}': 1}}`],
      },
    },
  })),
  // Markdown display with an address.
  email.map((e) => ({
    planted: [e],
    output: {
      output_type: 'display_data',
      metadata: {},
      data: {
        'text/markdown': [`**Owner:** ${e}\n`],
        'text/plain': [`<IPython.core.display.Markdown object>`],
      },
    },
  })),
];

const cleanOutput = fc.constantFrom<Json>(
  { output_type: 'stream', name: 'stdout', text: ['epoch 1 loss 0.31\n'] },
  {
    output_type: 'execute_result',
    execution_count: 2,
    metadata: {},
    data: { 'text/plain': ['42'] },
  },
);

const cell = fc.oneof(
  fc.array(fc.oneof(...outputs), { minLength: 1, maxLength: 3 }).map((list) => ({
    planted: list.flatMap((o) => o.planted),
    json: {
      cell_type: 'code',
      execution_count: 1,
      id: 'x',
      metadata: {},
      source: ['df.head()'],
      outputs: list.map((o) => o.output),
    } as Json,
  })),
  cleanOutput.map((o) => ({
    planted: [] as string[],
    json: {
      cell_type: 'code',
      execution_count: 2,
      id: 'y',
      metadata: {},
      source: ['x = 1'],
      outputs: [o],
    } as Json,
  })),
);

const notebook = fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => {
  cells.forEach((c, i) => (c.json['id'] = `cell-${i}`));
  const json = {
    cells: cells.map((c) => c.json),
    metadata: { kernelspec: { name: 'python3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return { text: `${JSON.stringify(json, null, 1)}\n`, cells };
});

/** Every string of a JSON value (keys included), plus their decoded forms. */
function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value, stripAnsi(value), value.replace(/&#64;/g, '@'));
  } else if (Array.isArray(value)) {
    out.push(value.filter((v) => typeof v === 'string').join(''));
    value.forEach((v) => allStrings(v, out));
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allStrings(v, out);
    }
  return out;
}

function windows(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + WINDOW <= value.length; i++) out.push(value.slice(i, i + WINDOW));
  return out;
}

async function redact(text: string): Promise<string> {
  const { findings } = await analyzer.analyzeNotebook(parseNotebook(text));
  return redactNotebookJson(text, findings);
}

describe('redaction leaves nothing (property)', () => {
  it('no 6-character window of a planted value survives; valid; other cells byte-identical; idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(notebook, async ({ text, cells }) => {
        const after = await redact(text);
        const json = JSON.parse(after) as Json;
        parseNotebook(after); // still a notebook Cellguard (and nbformat) reads
        const haystacks = [after, ...allStrings(json)];
        for (const value of cells.flatMap((c) => c.planted))
          for (const w of windows(value))
            assert.ok(!haystacks.some((h) => h.includes(w)), `"${w}" of a planted value survived`);
        const before = notebookCellSpans(text);
        const now = notebookCellSpans(after);
        cells.forEach((c, i) => {
          if (c.planted.length > 0) return;
          assert.equal(
            after.slice(now[i]!.start, now[i]!.end),
            text.slice(before[i]!.start, before[i]!.end),
            `cell ${i} byte-identical`,
          );
        });
        assert.equal(text.slice(0, before[0]!.start), after.slice(0, now[0]!.start), 'head');
        assert.equal(
          text.slice(before[before.length - 1]!.end),
          after.slice(now[now.length - 1]!.end),
          'tail',
        );
        assert.equal(await redact(after), after, 'redacting again changes nothing');
      }),
      { numRuns: 60, seed: 1317 },
    );
  });
});
