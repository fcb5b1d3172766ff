/**
 * Baselines: `--write-baseline` records findings by content fingerprint, `--baseline` reports only
 * new ones; moving, inserting and re-running cells does not resurrect a finding; SARIF marks
 * `baselineState`; the file never holds a secret.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { cli } from '../support/cli.js';
import { fake } from './secrets-fakes.js';

const KEY = fake.openaiProject('baseline');
const OTHER = fake.anthropic('baseline');

type Cell = {
  cell_type: string;
  id: string;
  metadata: object;
  source: string[];
  execution_count?: number | null;
  outputs?: unknown[];
};

function code(id: string, source: string, count: number | null = 1): Cell {
  return {
    cell_type: 'code',
    id,
    metadata: {},
    execution_count: count,
    source: [source],
    outputs: [],
  };
}

function notebook(cells: Cell[]): string {
  return `${JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { language_info: { name: 'python' } }, cells }, null, 1)}\n`;
}

const KEY_CELL = code('key', `client = OpenAI(api_key="${KEY}")\n`);
const LOAD_CELL = code('load', 'import pickle\nmodel = pickle.load(open("m.pkl", "rb"))\n', 2);

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cellguard-baseline-'));
  mkdirSync(join(dir, 'nb'));
  writeFileSync(join(dir, 'nb', 'a.ipynb'), notebook([KEY_CELL, LOAD_CELL]));
});

describe('baselines', () => {
  it('records every finding by fingerprint, with no secret and no masked value', async () => {
    const write = await cli(dir, 'scan', '--write-baseline', 'baseline.json');
    assert.equal(write.code, 0, write.stderr);
    assert.match(write.stderr, /wrote 2 finding\(s\) to the baseline baseline\.json/);
    const text = readFileSync(join(dir, 'baseline.json'), 'utf8');
    const baseline = JSON.parse(text) as {
      tool: string;
      findings: { path: string; ruleId: string; fingerprint: string }[];
    };
    assert.equal(baseline.tool, 'cellguard');
    assert.deepEqual(
      baseline.findings.map((f) => [f.path, f.ruleId]),
      [
        ['nb/a.ipynb', 'openai-api-key'],
        ['nb/a.ipynb', 'pickle-load'],
      ],
    );
    for (const f of baseline.findings) assert.match(f.fingerprint, /^[0-9a-f]{16,}$/);
    assert.ok(!text.includes(KEY.slice(8, 20)) && !text.includes('sk-p'), 'no value, no mask');
    const again = await cli(dir, 'scan', '--baseline', 'baseline.json');
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stderr, /2 finding\(s\) in the baseline not shown/);
  });

  it('does not resurrect findings when cells move, are inserted or re-run', async () => {
    const rerun = { ...LOAD_CELL, execution_count: 7 };
    writeFileSync(
      join(dir, 'nb', 'a.ipynb'),
      notebook([
        code('intro', 'import os\n'),
        rerun,
        code('x', 'x = 1\n'),
        { ...KEY_CELL, execution_count: 9 },
      ]),
    );
    const run = await cli(dir, 'scan', '--baseline', 'baseline.json');
    assert.equal(run.code, 0, run.stdout);
  });

  it('reports what is new: another secret, a second copy of an accepted one', async () => {
    writeFileSync(
      join(dir, 'nb', 'a.ipynb'),
      notebook([
        KEY_CELL,
        LOAD_CELL,
        code('copy', `backup = OpenAI(api_key="${KEY}")\n`),
        code('other', `claude = Anthropic(api_key="${OTHER}")\n`),
      ]),
    );
    const run = await cli(dir, 'scan', '--baseline', 'baseline.json', '--format', 'json');
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as {
      files: { findings: { ruleId: string; location: { cellIndex: number } }[] }[];
    };
    assert.deepEqual(report.files[0]!.findings.map((f) => f.ruleId).sort(), [
      'anthropic-api-key',
      'openai-api-key',
    ]);
  });

  it('marks SARIF results new, unchanged and absent', async () => {
    writeFileSync(
      join(dir, 'nb', 'a.ipynb'),
      notebook([KEY_CELL, code('other', `claude = Anthropic(api_key="${OTHER}")\n`)]),
    );
    const run = await cli(dir, 'scan', '--baseline', 'baseline.json', '--format', 'sarif');
    assert.equal(run.code, 1);
    const results = (
      JSON.parse(run.stdout) as {
        runs: {
          results: {
            ruleId: string;
            baselineState?: string;
            kind?: string;
            suppressions?: unknown[];
          }[];
        }[];
      }
    ).runs[0]!.results;
    const state = Object.fromEntries(results.map((r) => [r.ruleId, r.baselineState]));
    assert.deepEqual(state, {
      'anthropic-api-key': 'new',
      'openai-api-key': 'unchanged',
      'pickle-load': 'absent',
    });
    const absent = results.find((r) => r.baselineState === 'absent')!;
    assert.equal(absent.kind, 'pass');
    assert.equal(results.find((r) => r.baselineState === 'unchanged')!.suppressions?.length, 1);
    assert.ok(!run.stdout.includes(OTHER.slice(14, 30)));
  });

  it('rejects a file that is not a baseline, clearly', async () => {
    writeFileSync(join(dir, 'bogus.json'), '{"findings": []}');
    const run = await cli(dir, 'scan', '--baseline', 'bogus.json');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bogus\.json: not a Cellguard baseline/);
    writeFileSync(
      join(dir, 'broken.json'),
      '{"tool": "cellguard", "baselineVersion": 1, "findings": [{"path": 1}]}',
    );
    assert.match(
      (await cli(dir, 'scan', '--baseline', 'broken.json')).stderr,
      /findings\[0\] needs string "path"/,
    );
  });
});
