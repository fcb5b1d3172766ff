/**
 * A file named explicitly is read by its kind — notebook, Python, model file, or other text with
 * the text rules (never parsed as Python) — and the report says which; `--stdin-filename NAME`
 * reads the content from standard input as that file (the real bin and the bundle, as editors and
 * hooks pipe it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { fake } from './secrets-fakes.js';

const KEY = fake.openaiProject('kinds');
const BUNDLE = join(repoRoot, 'dist', 'cellguard.cjs');

interface Report {
  files: { path: string; kind: string; findings: { ruleId: string; region?: object }[] }[];
}

describe('file kinds', () => {
  const work = mkdtempSync(join(tmpdir(), 'cellguard-kinds-'));
  writeFileSync(join(work, '.env'), `# local settings\nOPENAI_API_KEY=${KEY}\n`);
  writeFileSync(join(work, 'notes.md'), `# Setup\n\nUse the key \`${KEY}\`.\n`);
  writeFileSync(join(work, 'config.yaml'), `service:\n  api_key: "${KEY}"\n`);
  // Python-looking text in a .txt: the Python rules must not read it.
  writeFileSync(
    join(work, 'howto.txt'),
    'import pickle\nmodel = pickle.load(open("m.pkl", "rb"))\n',
  );
  writeFileSync(join(work, 'load.py'), 'import pickle\nmodel = pickle.load(open("m.pkl", "rb"))\n');

  it('reads .env, .md, .yaml with the text rules and says so', async () => {
    const run = await cli(work, 'scan', '.env', 'notes.md', 'config.yaml', '-f', 'json');
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(
      report.files.map((f) => [f.path, f.kind, f.findings.map((x) => x.ruleId)]),
      [
        ['.env', 'text', ['openai-api-key']],
        ['notes.md', 'text', ['openai-api-key']],
        ['config.yaml', 'text', ['openai-api-key']],
      ],
    );
    const text = await cli(work, 'scan', '.env');
    assert.match(text.stdout, /^\.env \(read as text\)\n {2}2:16 +error +OpenAI API key sk-p…/);
  });

  it('a .txt holding Python is text, not Python: no load finding', async () => {
    const txt = await cli(work, 'scan', 'howto.txt', '-f', 'json');
    assert.equal(txt.code, 0, txt.stdout);
    assert.deepEqual((JSON.parse(txt.stdout) as Report).files[0]?.kind, 'text');
    assert.deepEqual((JSON.parse(txt.stdout) as Report).files[0]?.findings, []);
    const py = await cli(work, 'scan', 'load.py', '-f', 'json');
    assert.deepEqual(
      (JSON.parse(py.stdout) as Report).files[0]?.findings.map((f) => f.ruleId),
      ['pickle-load'],
    );
  });

  it('walking a directory still picks notebooks, .py and model files only', async () => {
    const run = await cli(work, 'scan', '.', '-f', 'json');
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['load.py'],
    );
  });
});

describe('--stdin-filename', () => {
  const work = mkdtempSync(join(tmpdir(), 'cellguard-stdin-'));
  for (const [label, entry] of [
    ['the bin', BIN],
    ['the bundle', BUNDLE],
  ] as const) {
    it(`${label}: stdin read as the named file's kind, reported under its name`, () => {
      const env = spawnSync(process.execPath, [entry, 'scan', '--stdin-filename', 'app/.env'], {
        cwd: work,
        input: `OPENAI_API_KEY=${KEY}\n`,
        encoding: 'utf8',
      });
      assert.equal(env.status, 1, env.stderr);
      assert.match(env.stdout, /^app\/\.env \(read as text\)\n {2}1:16 +error .*openai-api-key/);
      assert.ok(!env.stdout.includes(KEY.slice(4, 20)));

      const py = spawnSync(
        process.execPath,
        [entry, 'scan', '--stdin-filename', 'train.py', '-f', 'json'],
        { cwd: work, input: 'import pickle\npickle.load(f)\n', encoding: 'utf8' },
      );
      assert.equal(py.status, 1, py.stderr);
      const report = JSON.parse(py.stdout) as Report;
      assert.equal(report.files[0]?.path, 'train.py');
      assert.equal(report.files[0]?.kind, 'python');
      assert.deepEqual(
        report.files[0]?.findings.map((f) => f.ruleId),
        ['pickle-load'],
      );
    });
  }

  it('an unparsable notebook on stdin is an error entry, exit 2', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', '--stdin-filename', 'a.ipynb'], {
      cwd: work,
      input: '{"cells": [',
      encoding: 'utf8',
    });
    assert.equal(run.status, 2);
    assert.match(run.stdout, /a\.ipynb\n {2}error {2}could not be scanned: invalid JSON/);
  });

  it('with PATHS it is a usage error', async () => {
    const run = await cli(work, 'scan', '--stdin-filename', 'a.py', 'b.py');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--stdin-filename reads one file from stdin: give no PATHS/);
  });
});
