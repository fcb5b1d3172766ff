/**
 * The pre-commit hooks with the real `pre-commit` (Debian's package, installed by
 * scripts/install-system-deps.sh), with this repository as the hook repository at a commit, and
 * the configuration copied from the README. No registry, no network: the hooks run the committed
 * bundle with the system Node.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths.js';
import { leakyNotebook, outputLeakNotebook } from '../support/notebooks.js';
import { fake } from './secrets-fakes.js';

const KEY = fake.openaiProject('pre-commit');

/** The files a hook repository needs, as committed here (the bundle and the hook manifest). */
const HOOK_REPO_FILES = [
  '.pre-commit-hooks.yaml',
  'dist/cellguard.cjs',
  'dist/action.cjs',
  'package.json',
];

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Cellguard Test', '-c', 'user.email=test@example.invalid', ...args],
    { cwd, encoding: 'utf8' },
  );
}

/** The README's `.pre-commit-config.yaml`, pointed at `repo` and `rev`. */
export function readmePreCommitConfig(repo: string, rev: string): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = /<!-- pre-commit-config \(tested[^>]*-->\n+```yaml\n([^`]*)```/.exec(readme);
  assert.ok(block, 'the README has the tested pre-commit block');
  const config = block[1]!;
  assert.match(config, /repo: https:\/\/github\.com\/cellguard\/cellguard\n/);
  assert.match(config, /rev: v0\.1\.0 /);
  return config
    .replace('https://github.com/cellguard/cellguard', repo)
    .replace(/rev: v0\.1\.0 [^\n]*/, `rev: ${rev}`);
}

let work = '';
let project = '';
let home = '';
let hooks = '';
let rev = '';

function preCommit(...args: string[]) {
  return preCommitIn(project, ...args);
}

function preCommitIn(cwd: string, ...args: string[]) {
  return spawnSync('pre-commit', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: 'never' },
  });
}

before(() => {
  const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  assert.equal(
    version.status,
    0,
    'pre-commit is not installed: run scripts/install-system-deps.sh (Debian package pre-commit)',
  );
  work = mkdtempSync(join(tmpdir(), 'cellguard-pre-commit-'));
  home = join(work, 'cache');
  // The hook repository: this repository's hook files at a commit (a clone of the whole repository
  // would run the same two files).
  hooks = join(work, 'hooks');
  for (const file of HOOK_REPO_FILES) {
    mkdirSync(dirname(join(hooks, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(hooks, file));
  }
  git(hooks, 'init', '-q');
  git(hooks, 'add', '.');
  git(hooks, 'commit', '-q', '-m', 'hooks');
  rev = git(hooks, 'rev-parse', 'HEAD').trim();

  project = join(work, 'project');
  mkdirSync(project);
  git(project, 'init', '-q');
  writeFileSync(join(project, '.pre-commit-config.yaml'), readmePreCommitConfig(hooks, rev));
  writeFileSync(join(project, 'leaky.ipynb'), leakyNotebook(KEY));
  writeFileSync(join(project, 'clean.py'), 'import json\nprint(json.dumps({}))\n');
  git(project, 'add', '.');
});

describe('pre-commit hooks from this repository (real pre-commit)', () => {
  it('cellguard blocks a leaky notebook and names the finding, masked', () => {
    const run = preCommit('run', 'cellguard', '--all-files');
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^cellguard \(secrets, sensitive outputs, unsafe model loading\)\.{3}[^\n]*Failed$/m,
    );
    assert.match(run.stdout, /leaky\.ipynb/);
    assert.match(
      run.stdout,
      /error +OpenAI API key sk-p…\(164 chars\) is hardcoded.*openai-api-key/,
    );
    assert.match(run.stdout, /warning .*pickle-load/);
    assert.ok(!run.stdout.includes(KEY.slice(8, 24)), 'no secret in the hook output');
  });

  it('cellguard passes once the findings are gone', () => {
    const clean = JSON.parse(leakyNotebook(KEY)) as { cells: { source: string[] }[] };
    clean.cells[0]!.source = ['client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'];
    clean.cells[1]!.source = ['import json\n', 'model = json.load(open("m.json"))\n'];
    writeFileSync(join(project, 'leaky.ipynb'), JSON.stringify(clean, null, 1));
    const run = preCommit('run', 'cellguard', '--all-files');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.ok(run.stdout.includes('Passed'), run.stdout);
  });
});

describe('the cellguard-fix hook (real pre-commit)', () => {
  it('fails naming the finding, leaves the file redacted on disk, and the next run passes', () => {
    const repo = join(work, 'fixing');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    writeFileSync(join(repo, '.pre-commit-config.yaml'), readmePreCommitConfig(hooks, rev));
    const before = outputLeakNotebook(KEY);
    writeFileSync(join(repo, 'show.ipynb'), before);
    git(repo, 'add', '.');

    const first = preCommitIn(repo, 'run', '--all-files');
    assert.equal(first.status, 1, first.stdout + first.stderr);
    assert.match(
      first.stdout,
      /^cellguard-fix \(safe fixes, redact sensitive outputs\)\.{3}[^\n]*Failed$/m,
    );
    assert.match(first.stdout, /files were modified by this hook/);
    assert.match(
      first.stdout,
      /show\.ipynb\n {2}cell 2 output 1 {2}fixed {6}Redact the openai-api-key in this output {2}openai-api-key/,
    );
    assert.ok(!first.stdout.includes(KEY.slice(8, 24)), 'no secret in the hook output');
    // The file on disk: the key replaced by its label, every other line as it was.
    const after = readFileSync(join(repo, 'show.ipynb'), 'utf8');
    assert.equal(after, before.replace(KEY, '[REDACTED:openai-api-key]'));

    git(repo, 'add', 'show.ipynb'); // the user reviews and re-stages
    const second = preCommitIn(repo, 'run', '--all-files');
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^cellguard-fix [^\n]*Passed$/m);
    assert.match(second.stdout, /^cellguard \(secrets[^\n]*Passed$/m);
  });
});
