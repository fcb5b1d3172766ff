/**
 * `cellguard scan DIR` picks model files up in the tree by content and reports one result per
 * unsafe file (rule `unsafe-model-file`): the same in SARIF, JSON and text. The files are the
 * rule's committed fixtures (real pickle / torch.save / joblib / numpy / Keras layouts written by
 * test/model-fixtures.py), copied under names that do not give them away.
 */
import assert from 'node:assert/strict';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Log } from 'sarif';
import { cli } from '../support/cli.js';
import { fixturesDir, repoRoot } from '../support/paths.js';

const fixtures = join(fixturesDir, 'rules', 'unsafe-model-file');

interface JsonReport {
  files: {
    path: string;
    kind: string;
    findings: {
      ruleId: string;
      severity: string;
      message: string;
      properties: { verdict: string; globals: string[] };
    }[];
  }[];
}

/** A work tree: a git repo with model files under misleading names, a notebook and other files. */
function tree(): string {
  const work = mkdtempSync(join(tmpdir(), 'cellguard-models-'));
  mkdirSync(join(work, '.git'));
  mkdirSync(join(work, 'models'));
  mkdirSync(join(work, 'data'));
  const put = (fixture: string, as: string): void =>
    copyFileSync(join(fixtures, fixture), join(work, as));
  put('ng.malicious.reduce-os-system-protocol-0.pkl', 'models/notes.txt'); // wrong extension
  put('ng.malicious.torch-zip-reduce.pt', 'models/checkpoint.zip');
  put('ng.suspicious.custom-class.pkl', 'models/custom.bin');
  put('ng.library.sklearn-logistic.pkl', 'models/lr.pkl');
  put('ng.unsupported.zip-encrypted.pt', 'models/enc.pt');
  put('ok.safe.torch-state-dict.pt', 'models/weights.pt');
  put('ok.safe.weights.safetensors', 'models/w.safetensors');
  put('ng.malicious.posix.system.pkl', 'data/ignored.pkl');
  writeFileSync(join(work, '.gitignore'), 'data/\n');
  writeFileSync(join(work, 'models', 'README.pkl'), 'a text file named like a pickle\n');
  writeFileSync(
    join(work, 'a.ipynb'),
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { language_info: { name: 'python' } },
      cells: [{ cell_type: 'markdown', metadata: {}, source: '# nothing to see' }],
    }),
  );
  return work;
}

const EXPECTED = [
  ['models/checkpoint.zip', 'error', 'malicious'],
  ['models/custom.bin', 'warning', 'suspicious'],
  ['models/enc.pt', 'note', 'unsupported'],
  ['models/lr.pkl', 'note', 'library'],
  ['models/notes.txt', 'error', 'malicious'],
];

describe('cellguard scan: model files in the tree', () => {
  it('SARIF: one result per unsafe file, on the file (relative URI, no region)', async () => {
    const work = tree();
    const run = await cli(work, 'scan', '.', '--format', 'sarif');
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout) as Log;
    const results = log.runs[0]!.results!;
    const got = results
      .map((r) => [
        r.locations![0]!.physicalLocation!.artifactLocation!.uri,
        r.level,
        (r.properties as { verdict: string }).verdict,
      ])
      .sort();
    assert.deepEqual(got, EXPECTED);
    for (const r of results) {
      assert.equal(r.ruleId, 'unsafe-model-file');
      assert.equal(r.locations![0]!.physicalLocation!.region, undefined);
      assert.equal((r.properties as { category: string }).category, 'unsafe-load');
      assert.ok(Array.isArray((r.properties as { globals: unknown }).globals));
    }
    const zip = results.find((r) => r.message.text!.startsWith('models/checkpoint.zip'))!;
    assert.deepEqual((zip.properties as { globals: string[] }).globals, ['posix.system']);
    const rules = log.runs[0]!.tool.driver.rules!;
    assert.ok(rules.some((r) => r.id === 'unsafe-model-file'));
  });

  it('JSON and text carry the same findings; safe model files are listed without findings', async () => {
    const work = tree();
    const json = JSON.parse(
      (await cli(work, 'scan', '.', '--format', 'json')).stdout,
    ) as JsonReport;
    const models = json.files.filter((f) => f.kind === 'model');
    assert.deepEqual(
      models.map((f) => f.path),
      [
        'models/checkpoint.zip',
        'models/custom.bin',
        'models/enc.pt',
        'models/lr.pkl',
        'models/notes.txt',
        'models/w.safetensors',
        'models/weights.pt',
      ],
    );
    const reported = models
      .flatMap((f) => f.findings.map((x) => [f.path, x.severity, x.properties.verdict]))
      .sort();
    assert.deepEqual(reported, EXPECTED);

    const text = (await cli(work, 'scan', '.')).stdout;
    assert.match(
      text,
      /models\/notes\.txt\n {2}file {2}error {4}models\/notes\.txt \(pickle\) runs code when it is loaded: `posix\.system` \(runs processes and touches files, offset \d+\)\..* {2}unsafe-model-file\n/,
    );
    assert.match(text, /✖ 5 problems \(2 errors, 1 warning, 2 notes\) in 5 file\(s\)/);
    assert.doesNotMatch(text, /ignored\.pkl|README\.pkl|weights\.pt/);
  });

  it('a file named on the command line is scanned as a model when it is one', async () => {
    const work = tree();
    const run = await cli(work, 'scan', 'data/ignored.pkl', '--format', 'json');
    const json = JSON.parse(run.stdout) as JsonReport;
    assert.equal(json.files.length, 1);
    assert.equal(json.files[0]!.kind, 'model');
    assert.equal(json.files[0]!.findings[0]!.properties.verdict, 'malicious');
    // --no-ignore walks into what git ignores.
    const all = JSON.parse(
      (await cli(work, 'scan', '.', '--no-ignore', '--format', 'json')).stdout,
    ) as JsonReport;
    assert.ok(all.files.some((f) => f.path === 'data/ignored.pkl' && f.findings.length === 1));
  });

  it('a huge file that is not a model costs one small read (a 4 GiB sparse file)', async () => {
    const work = tree();
    const fd = openSync(join(work, 'data.bin'), 'w');
    writeSync(fd, 'not a model, just bytes\n');
    writeSync(fd, Buffer.from('end'), 0, 3, 4 * 1024 ** 3);
    closeSync(fd);
    const json = JSON.parse(
      (await cli(work, 'scan', '.', '--format', 'json')).stdout,
    ) as JsonReport;
    assert.ok(!json.files.some((f) => f.path === 'data.bin'));
  });

  it('the baseline accepts a model file finding; the config can turn the rule off', async () => {
    const work = tree();
    const first = await cli(work, 'scan', '.', '--write-baseline', 'base.json');
    assert.equal(first.code, 0, first.stderr);
    const again = await cli(work, 'scan', '.', '--baseline', 'base.json', '--format', 'json');
    assert.equal(again.code, 0);
    assert.equal(
      (JSON.parse(again.stdout) as JsonReport).files.flatMap((f) => f.findings).length,
      0,
    );
    writeFileSync(
      join(work, '.cellguard.json'),
      JSON.stringify({ rules: { 'unsafe-model-file': 'off' } }),
    );
    const off = await cli(work, 'scan', '.', '--format', 'json');
    assert.equal(off.code, 0);
    assert.ok(!(JSON.parse(off.stdout) as JsonReport).files.some((f) => f.kind === 'model'));
  });

  it("the rule page's example is this scan's output", async () => {
    const work = tree();
    const page = readFileSync(
      join(repoRoot, 'shared', 'docs', 'rules', 'unsafe-model-file.md'),
      'utf8',
    );
    const example = /```text\n([\s\S]*?)```/.exec(page)![1]!;
    const run = await cli(work, 'scan', 'models');
    assert.equal(run.stdout, example);
    // The README quotes the first file of it.
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    assert.ok(readme.includes(example.split('\n').slice(0, 2).join('\n')));
  });
});
