/**
 * `cellguard scan` skips what git ignores (`.gitignore` at every level, `.git/info/exclude`, `!`
 * re-includes), as ruff and ripgrep do; `--no-ignore` turns it off; named files are always read.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { cli } from '../support/cli.js';

let repo = '';
const files = (stdout: string): string[] =>
  stdout.split('\n').filter((line) => /^\S+\.py$/.test(line));

before(() => {
  repo = join(mkdtempSync(join(tmpdir(), 'cellguard-gitignore-')), 'repo');
  mkdirSync(repo);
  execFileSync('git', ['init', '-q'], { cwd: repo });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  write('.gitignore', '.tmp/\n*.out.py\nbuild/*\n!build/keep.py\n');
  write('.git/info/exclude', 'local.py\n');
  write('sub/.gitignore', 'scratch.py\n');
  for (const path of [
    '.tmp/a.py',
    'src/b.py',
    'x.out.py',
    'build/c.py',
    'build/keep.py',
    'local.py',
    'sub/scratch.py',
    'sub/d.py',
  ])
    write(path, 'import pickle\npickle.load(f)\n');
});

describe('respecting .gitignore', () => {
  it('skips ignored files and folders at every level, honouring re-includes', async () => {
    const run = await cli(repo, 'scan');
    assert.equal(run.code, 1);
    assert.deepEqual(files(run.stdout), ['build/keep.py', 'src/b.py', 'sub/d.py']);
  });

  it('applies the .gitignore files above a folder that is named', async () => {
    const run = await cli(join(repo, 'sub'), 'scan', '.');
    assert.deepEqual(files(run.stdout), ['d.py']);
  });

  it('walks everything with --no-ignore, and always reads a named file', async () => {
    const all = await cli(repo, 'scan', '--no-ignore');
    assert.deepEqual(files(all.stdout), [
      '.tmp/a.py',
      'build/c.py',
      'build/keep.py',
      'local.py',
      'src/b.py',
      'sub/d.py',
      'sub/scratch.py',
      'x.out.py',
    ]);
    const named = await cli(repo, 'scan', 'local.py', '.tmp/a.py');
    assert.deepEqual(files(named.stdout), ['local.py', '.tmp/a.py']);
  });
});
