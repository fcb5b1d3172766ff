/**
 * `cellguard fix`: the safe fixes and (with --redact-outputs) the redaction of sensitive outputs,
 * applied to the files on disk through the core's edits. Every test reads the file back and
 * compares bytes: what changed is exactly the edited value, nothing else.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { cli } from '../support/cli.js';
import { outputLeakNotebook } from '../support/notebooks.js';
import { repoRoot } from '../support/paths.js';
import { fake } from './secrets-fakes.js';

const KEY = fake.openaiProject('fix');

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'cellguard-fix-'));
}

/** Lines of `after` that differ from `before` (same line count expected). */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length, 'the fix keeps the line count');
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!] as [string, string]]));
}

/** A PyTorch zip checkpoint holding the pickle of `{'w': 1}`: weights_only=True accepts it. */
function safeCheckpoint(): Uint8Array {
  const pickle = Buffer.from('80027d710058010000007771014b01732e', 'hex');
  return zipSync({
    'archive/data.pkl': [pickle, { level: 0 }],
    'archive/version': [Buffer.from('3\n'), { level: 0 }],
  });
}

describe('cellguard fix', () => {
  it('--redact-outputs removes the key from the output and changes no other byte', async () => {
    const work = dir();
    const path = join(work, 'show.ipynb');
    const before = outputLeakNotebook(KEY);
    writeFileSync(path, before);
    const run = await cli(work, 'fix', '--redact-outputs', 'show.ipynb');
    assert.equal(run.code, 1, run.stderr); // changed a file: a hook fails so the user re-stages
    const after = readFileSync(path, 'utf8');
    assert.deepEqual(changedLines(before, after), [
      [`      "${KEY}\\n"`, '      "[REDACTED:openai-api-key]\\n"'],
    ]);
    assert.match(
      run.stdout,
      /^show\.ipynb\n {2}cell 2 output 1 {2}fixed {6}Redact the openai-api-key in this output {2}openai-api-key\n/,
    );
    assert.match(
      run.stdout,
      /✖ fixed 1 finding\(s\) in 1 file\(s\) \(re-stage the changed files\)/,
    );
    assert.ok(!run.stdout.includes(KEY.slice(4, 20)) && !run.stderr.includes(KEY.slice(4, 20)));
    assert.deepEqual(readdirSync(work), ['show.ipynb'], 'no temporary file is left behind');

    const again = await cli(work, 'fix', '--redact-outputs', 'show.ipynb');
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^✔ nothing to fix in 1 file\(s\)\n$/);
    assert.equal(readFileSync(path, 'utf8'), after);
  });

  it('--dry-run writes nothing and prints a unified diff with the secret masked', async () => {
    const work = dir();
    const path = join(work, 'show.ipynb');
    writeFileSync(path, outputLeakNotebook(KEY));
    const run = await cli(work, 'fix', '--redact-outputs', '--dry-run', 'show.ipynb');
    assert.equal(run.code, 1);
    assert.equal(readFileSync(path, 'utf8'), outputLeakNotebook(KEY));
    const diff = run.stdout.slice(0, run.stdout.indexOf('\n\n'));
    assert.equal(
      diff,
      [
        '--- a/show.ipynb',
        '+++ b/show.ipynb',
        '@@ -29,7 +29,7 @@',
        '      "output_type": "stream",',
        '      "name": "stdout",',
        '      "text": [',
        `-      "sk-p…(${KEY.length} chars)\\n"`,
        '+      "[REDACTED:openai-api-key]\\n"',
        '      ]',
        '     }',
        '    ]',
      ].join('\n'),
    );
    assert.match(run.stdout, /would fix +Redact the openai-api-key in this output/);
    // The README shows this very diff.
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    assert.ok(readme.includes(`\`\`\`diff\n${diff}\n\`\`\``), 'the README shows this diff');
    assert.ok(!run.stdout.includes(KEY.slice(4, 20)), 'no secret in the diff');
  });

  it('without --redact-outputs outputs are left alone and reported as left', async () => {
    const work = dir();
    writeFileSync(join(work, 'show.ipynb'), outputLeakNotebook(KEY));
    const run = await cli(work, 'fix', 'show.ipynb');
    assert.equal(run.code, 0);
    assert.equal(readFileSync(join(work, 'show.ipynb'), 'utf8'), outputLeakNotebook(KEY));
    assert.match(run.stdout, /cell 2 output 1 {2}left .*openai-api-key/);
    assert.match(
      run.stdout,
      /✔ nothing to fix in 1 file\(s\); 1 finding\(s\) left that need a person/,
    );
  });

  it('applies a safe source fix to a .py file and never an unsafe one', async () => {
    const work = dir();
    writeFileSync(join(work, 'm.pt'), safeCheckpoint());
    const before =
      'import torch\n\n' +
      `API_KEY = "${KEY}"\n` +
      'model = torch.load("m.pt")  # the checkpoint beside this file\r\n' +
      'print(model)\n';
    writeFileSync(join(work, 'train.py'), before);
    const run = await cli(work, 'fix', 'train.py');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const after = readFileSync(join(work, 'train.py'), 'utf8');
    assert.equal(
      after,
      before.replace('torch.load("m.pt")', 'torch.load("m.pt", weights_only=True)'),
    );
    assert.match(run.stdout, /4:9 +fixed +Add weights_only=True .*torch-load-without-weights-only/);
    // The key's fixes (read it from the environment) may change behaviour: left for a person.
    assert.match(run.stdout, /3:12 +left +OpenAI API key sk-p…/);
  });

  it('keeps a UTF-8 byte order mark and the file mode', async () => {
    const work = dir();
    const path = join(work, 'bom.ipynb');
    writeFileSync(path, `\ufeff${outputLeakNotebook(KEY)}`, { mode: 0o640 });
    const run = await cli(work, 'fix', '--redact-outputs', 'bom.ipynb');
    assert.equal(run.code, 1, run.stderr);
    const bytes = readFileSync(path);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(bytes.toString('utf8').includes('[REDACTED:openai-api-key]'));
    const { statSync } = await import('node:fs');
    assert.equal(statSync(path).mode & 0o777, 0o640);
  });

  it('a file that does not parse is named, left as it is, and exits 2', async () => {
    const work = dir();
    writeFileSync(join(work, 'bad.ipynb'), '{"cells": [');
    writeFileSync(join(work, 'show.ipynb'), outputLeakNotebook(KEY));
    const run = await cli(work, 'fix', '--redact-outputs', '.');
    assert.equal(run.code, 2);
    assert.equal(readFileSync(join(work, 'bad.ipynb'), 'utf8'), '{"cells": [');
    assert.match(run.stdout, /bad\.ipynb\n {2}error {2}could not be fixed: invalid JSON/);
    // The other file is still fixed.
    assert.ok(readFileSync(join(work, 'show.ipynb'), 'utf8').includes('[REDACTED:openai-api-key]'));
  });

  it('--format json names what was fixed and what is left, with no value in it', async () => {
    const work = dir();
    writeFileSync(join(work, 'show.ipynb'), outputLeakNotebook(KEY));
    const run = await cli(work, 'fix', '--redact-outputs', '--dry-run', '-f', 'json', '.');
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as {
      dryRun: boolean;
      files: { path: string; changed: boolean; fixed: { ruleId: string }[]; diff?: string }[];
    };
    assert.equal(report.dryRun, true);
    assert.equal(report.files[0]?.path, 'show.ipynb');
    assert.equal(report.files[0]?.changed, true);
    assert.deepEqual(
      report.files[0]?.fixed.map((f) => f.ruleId),
      ['openai-api-key'],
    );
    assert.ok(report.files[0]?.diff?.includes('[REDACTED:openai-api-key]'));
    assert.ok(!run.stdout.includes(KEY.slice(4, 20)));
  });
});
