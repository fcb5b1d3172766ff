/**
 * Reports under hostile inputs: control characters from file names and keys never reach a
 * terminal raw; FIFOs, devices and unreadable directories are named in every format, never
 * skipped silently.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BIN, cli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cellguard-reports-hostile-'));
chmodSync(dir, 0o755);
after(() => rmSync(dir, { recursive: true, force: true }));

const notebook = (source: string, outputs: unknown[] = []): string =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: [{ cell_type: 'code', id: 'c1', metadata: {}, execution_count: 1, source, outputs }],
  });
const STRIPE = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
// ESC ] 0 ; title BEL (window title), ESC [ 2 J (clear screen), a bidi override, C1 CSI.
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u202e\u009b31m';

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('control characters in human-readable output', () => {
  const ws = join(dir, 'ctl');
  mkdirSync(ws);
  writeFileSync(join(ws, `x${HOSTILE}.ipynb`), notebook(`stripe_key = "${STRIPE}"\n`));
  writeFileSync(join(ws, `bad${HOSTILE}.ipynb`), '{not json');
  writeFileSync(
    join(ws, 'keys.ipynb'),
    notebook(`d = {"k${HOSTILE}": 1}\npassword = "Zq8!vLm#42Kd"\n`),
  );

  for (const format of ['text', 'json', 'sarif'] as const) {
    it(`--format ${format}: stdout and stderr carry no raw control character`, async () => {
      const run = await cli(ws, 'scan', '--format', format, '--no-color', '.');
      assert.equal(run.code, 2, run.stderr);
      assert.doesNotMatch(run.stdout, RAW_CONTROL);
      assert.doesNotMatch(run.stderr, RAW_CONTROL);
      if (format === 'text') assert.match(run.stdout, /x\\x1b\]0;pwned\\x07\\x1b\[2J\\u202e/);
      else assert.ok(JSON.parse(run.stdout), 'still valid JSON');
    });
  }

  it('the spawned bin, as a terminal sees it', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', '.'], { cwd: ws, encoding: 'utf8' });
    assert.equal(run.status, 2);
    // eslint-disable-next-line no-control-regex -- strips our own colour codes
    assert.doesNotMatch(run.stdout.replace(/\u001b\[[\d;]*m/g, ''), RAW_CONTROL);
    assert.doesNotMatch(run.stderr, RAW_CONTROL);
  });
});

describe('paths that cannot be read are reported in every format', () => {
  const ws = join(dir, 'special');
  mkdirSync(ws);
  writeFileSync(join(ws, 'ok.ipynb'), notebook(`stripe_key = "${STRIPE}"\n`));
  const fifo = join(ws, 'pipe.ipynb');
  spawnSync('mkfifo', [fifo]);

  for (const format of ['text', 'json', 'sarif'] as const) {
    it(`--format ${format}: a FIFO met while walking or named is an error, and nothing blocks`, async () => {
      for (const args of [['.'], ['pipe.ipynb', 'ok.ipynb']]) {
        const run = await cli(ws, 'scan', '--format', format, ...args);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stdout + run.stderr, /pipe\.ipynb[\s\S]*FIFO/);
        if (format === 'json') {
          const report = JSON.parse(run.stdout) as { files: { path: string; error?: string }[] };
          assert.match(report.files.find((f) => f.path === 'pipe.ipynb')?.error ?? '', /FIFO/);
        }
        if (format === 'sarif') {
          const sarif = JSON.parse(run.stdout) as {
            runs: {
              invocations: {
                executionSuccessful: boolean;
                toolExecutionNotifications: { message: { text: string } }[];
              }[];
            }[];
          };
          const invocation = sarif.runs[0]!.invocations[0]!;
          assert.equal(invocation.executionSuccessful, false);
          assert.ok(invocation.toolExecutionNotifications.some((n) => /FIFO/.test(n.message.text)));
        }
      }
    });
  }

  it('a named device is an error, not an endless read', async () => {
    const run = await cli(ws, 'scan', '--format', 'json', '/dev/zero');
    assert.equal(run.code, 2);
    assert.match(run.stdout + run.stderr, /device/);
  });

  it('a directory that cannot be listed is named (as root the bin runs as nobody)', () => {
    const locked = join(ws, 'locked');
    mkdirSync(locked);
    writeFileSync(join(locked, 'a.ipynb'), notebook('x = 1\n'));
    chmodSync(ws, 0o755);
    chmodSync(join(ws, 'ok.ipynb'), 0o644);
    chmodSync(locked, 0o000);
    const asRoot = process.getuid?.() === 0;
    const [cmd, args] = asRoot
      ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN]]
      : [process.execPath, [BIN]];
    const run = spawnSync(cmd, [...args, 'scan', '--format', 'json', 'ok.ipynb', 'locked'], {
      cwd: ws,
      encoding: 'utf8',
    });
    chmodSync(locked, 0o755);
    assert.equal(run.status, 2, run.stderr);
    const report = JSON.parse(run.stdout) as { files: { path: string; error?: string }[] };
    assert.match(report.files.find((f) => f.path === 'locked')?.error ?? '', /EACCES/);
    assert.ok(report.files.some((f) => f.path === 'ok.ipynb' && !f.error));
  });
});
