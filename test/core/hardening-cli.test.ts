/**
 * Fuzzing the CLI: a workspace of broken files next to good ones, in every format, in-process
 * (`main()` with a capturing io) and through the built bin. The contract: exit 2 when any file
 * could not be read or parsed, that file named with its reason, every other file still scanned;
 * symbolic links met while walking are not followed; the config file is data, never code.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  codeCell,
  countTried,
  corpusSubset,
  fuzzRuns,
  mutateJson,
  notebook,
  prng,
  readCorpus,
  reportTried,
  TEXT_MUTATIONS,
  notebookJson,
  timed,
  type NotebookJson,
} from '../support/fuzz-gen.js';
import { BIN, cli } from '../support/cli.js';

const UNSAFE = notebook([
  codeCell(['import pickle\n', 'model = pickle.load(open("m.pkl", "rb"))\n']),
]);
const CLEAN = notebook([
  codeCell('print("hello")', [{ output_type: 'stream', name: 'stdout', text: 'hello\n' }]),
]);

/** Broken files and the words their reason must contain. */
const BAD: Record<string, { bytes: Buffer | string; reason: RegExp }> = {
  'binary.ipynb': {
    bytes: Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]),
    reason: /binary/,
  },
  'truncated.ipynb': { bytes: JSON.stringify(UNSAFE).slice(0, 60), reason: /invalid JSON/ },
  'nbformat3.ipynb': {
    bytes: JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] }),
    reason: /nbformat 3/,
  },
  'empty.ipynb': { bytes: '', reason: /invalid JSON|not a notebook/ },
  'not-json.ipynb': { bytes: 'hello world\n', reason: /invalid JSON/ },
  'wrong-types.ipynb': {
    bytes: JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'code', source: 42 }] }),
    reason: /source/,
  },
  'cells-not-list.ipynb': { bytes: JSON.stringify({ nbformat: 4, cells: {} }), reason: /cells/ },
  'nul.py': { bytes: Buffer.from('import os\n\u0000\u0000\u0001binary', 'utf8'), reason: /binary/ },
  'deep-output.ipynb': {
    bytes: `{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","source":"","metadata":{},"outputs":[{"output_type":"display_data","metadata":{},"data":{"application/json":${'['.repeat(200_000)}${']'.repeat(200_000)}}}]}]}`,
    reason: /nested too deeply/,
  },
  // Invalid UTF-8: a Latin-1 "é" (0xE9) inside an otherwise valid notebook.
  'latin1.ipynb': {
    bytes: Buffer.concat([
      Buffer.from(
        '{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","source":"caf',
      ),
      Buffer.from([0xe9]),
      Buffer.from('","metadata":{},"outputs":[]}]}'),
    ]),
    reason: /UTF-8/,
  },
};

/** Files that look odd but are valid and must be scanned. */
const GOOD: Record<string, Buffer | string> = {
  'unsafe.ipynb': JSON.stringify(UNSAFE, null, 1),
  'clean.ipynb': JSON.stringify(CLEAN),
  'bom.ipynb': `\ufeff${JSON.stringify(UNSAFE)}`,
  'crlf.ipynb': JSON.stringify(UNSAFE, null, 1).replace(/\n/g, '\r\n'),
  'utf16.ipynb': Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(JSON.stringify(UNSAFE), 'utf16le'),
  ]),
  'lines.ipynb': JSON.stringify(notebook([codeCell(['import pickle\n', 'pickle.loads(b)\n'])])),
  'script.py': 'import pickle\r\npickle.load(f)\r\n',
};

let ws: string;
before(() => {
  ws = mkdtempSync(join(tmpdir(), 'cellguard-hardening-cli-'));
  mkdirSync(join(ws, 'bad'));
  mkdirSync(join(ws, 'good'));
  for (const [name, { bytes }] of Object.entries(BAD)) writeFileSync(join(ws, 'bad', name), bytes);
  for (const [name, bytes] of Object.entries(GOOD)) writeFileSync(join(ws, 'good', name), bytes);
});
after(() => {
  rmSync(ws, { recursive: true, force: true });
  reportTried('hardening-cli');
});

describe('a workspace of broken files next to good ones', () => {
  for (const format of ['text', 'json', 'sarif'] as const) {
    it(`--format ${format}: exit 2, every bad file named with its reason, every good file scanned`, async () => {
      countTried('cli-workspace');
      const { value: run, ms } = await timed(() => cli(ws, 'scan', '--format', format, '.'));
      assert.equal(run.code, 2, run.stderr);
      const all = run.stdout + run.stderr;
      for (const [name, { reason }] of Object.entries(BAD)) {
        const line =
          all.split('\n').find((l) => l.includes(`bad/${name}`) && reason.test(l)) ??
          (format === 'text' ? textReason(run.stdout, `bad/${name}`) : undefined);
        assert.ok(
          line !== undefined && reason.test(line),
          `${name} is named with a reason matching ${reason}:\n${all.slice(0, 3000)}`,
        );
      }
      if (format === 'json') {
        const report = JSON.parse(run.stdout) as {
          files: { path: string; error?: string; findings: { ruleId: string }[] }[];
        };
        for (const name of Object.keys(GOOD)) {
          const file = report.files.find((f) => f.path === `good/${name}`);
          assert.ok(file, `${name} scanned`);
          assert.equal(file.error, undefined, `${name}: ${file.error}`);
          if (name !== 'clean.ipynb')
            assert.ok(
              file.findings.some((f) => f.ruleId === 'pickle-load'),
              `${name} has its pickle-load finding`,
            );
        }
        for (const name of Object.keys(BAD))
          assert.ok(
            report.files.find((f) => f.path === `bad/${name}`)?.error,
            `${name} has an error entry`,
          );
      }
      assert.ok(ms < 10_000, `scan took ${ms.toFixed(0)} ms CPU`);
    });
  }

  it('the built bin (child process) exits 2 and still reports the good files', () => {
    countTried('cli-workspace');
    const run = spawnSync(process.execPath, [BIN, 'scan', '--format', 'json', '.'], {
      cwd: ws,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 2, run.stderr);
    const report = JSON.parse(run.stdout) as { files: { path: string; error?: string }[] };
    assert.equal(report.files.length, Object.keys(BAD).length + Object.keys(GOOD).length);
    assert.match(run.stderr, /bad\/binary\.ipynb: binary/);
    assert.doesNotMatch(run.stderr, /internal error|at .*\.js:\d+/, 'no stack trace');
  });

  it('an unreadable file is named and the others are scanned', () => {
    // Root reads every file whatever its mode, so as root (CI) the bin runs as `nobody`.
    const dir = mkdtempSync(join(tmpdir(), 'cellguard-unreadable-'));
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'secret.ipynb'), JSON.stringify(UNSAFE));
    writeFileSync(join(dir, 'ok.ipynb'), JSON.stringify(UNSAFE));
    chmodSync(join(dir, 'ok.ipynb'), 0o644);
    chmodSync(join(dir, 'secret.ipynb'), 0o000);
    const asRoot = process.getuid?.() === 0;
    const [cmd, args] = asRoot
      ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN]]
      : [process.execPath, [BIN]];
    const run = spawnSync(cmd, [...args, 'scan', '--format', 'json', '.'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    chmodSync(join(dir, 'secret.ipynb'), 0o600);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /secret\.ipynb: .*(EACCES|permission)/i);
    assert.ok(
      (JSON.parse(run.stdout) as { files: { path: string; findings: unknown[] }[] }).files.some(
        (f) => f.path === 'ok.ipynb' && f.findings.length > 0,
      ),
    );
  });
});

/** In text output a failed file is a path line followed by "could not be scanned: reason". */
function textReason(stdout: string, path: string): string | undefined {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.trim() === path);
  return at >= 0 ? lines[at + 1] : undefined;
}

describe('generated workspaces (fast-check)', () => {
  const corpus = corpusSubset(8, 400_000).map((f) => readCorpus(f));
  const fileContent = fc.oneof(
    notebookJson.map((json) => JSON.stringify(json) ?? 'undefined'),
    fc.nat().map((seed) => {
      const rand = prng(seed);
      const base = corpus.length > 0 ? corpus[seed % corpus.length]! : JSON.stringify(UNSAFE);
      const names = Object.keys(TEXT_MUTATIONS);
      if (rand() < 0.5) return TEXT_MUTATIONS[names[seed % names.length]!]!(base, rand);
      return JSON.stringify(mutateJson(JSON.parse(base) as NotebookJson, rand)) ?? 'undefined';
    }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  );

  it('exit code 2 exactly when a file failed; every file reported once; bounded time', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fileContent, fc.constantFrom('.ipynb', '.py')), {
          minLength: 1,
          maxLength: 6,
        }),
        async (files) => {
          countTried('cli-generated-workspace');
          countTried('cli-generated-file', files.length);
          const dir = join(ws, `gen-${n++}`);
          mkdirSync(dir);
          files.forEach(([content, ext], i) => writeFileSync(join(dir, `f${i}${ext}`), content));
          const { value: run, ms } = await timed(() =>
            cli(dir, 'scan', '--format', 'json', '--fail-on', 'none', '.'),
          );
          assert.ok(ms < 10_000, `${ms.toFixed(0)} ms CPU`);
          const report = JSON.parse(run.stdout) as { files: { path: string; error?: string }[] };
          assert.deepEqual(
            report.files.map((f) => f.path).sort(),
            files.map(([, ext], i) => `f${i}${ext}`).sort(),
          );
          const failed = report.files.filter((f) => f.error);
          assert.equal(run.code, failed.length > 0 ? 2 : 0);
          for (const f of failed)
            assert.ok(run.stderr.includes(`${f.path}: ${f.error}`), `${f.path} named on stderr`);
          assert.doesNotMatch(run.stderr, /internal error/);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: fuzzRuns(40), seed: 5 },
    );
  });
});

describe('symbolic links', () => {
  it('links met while walking are not followed: no escape from the workspace, no endless loop', async () => {
    countTried('cli-symlinks');
    const root = mkdtempSync(join(tmpdir(), 'cellguard-links-'));
    const outside = join(root, 'outside');
    const inside = join(root, 'ws');
    mkdirSync(outside);
    mkdirSync(join(inside, 'a', 'b'), { recursive: true });
    writeFileSync(join(outside, 'private.ipynb'), JSON.stringify(UNSAFE));
    writeFileSync(join(inside, 'own.ipynb'), JSON.stringify(UNSAFE));
    symlinkSync(outside, join(inside, 'link-to-outside'));
    symlinkSync(join(outside, 'private.ipynb'), join(inside, 'linked-file.ipynb'));
    // Two loops per level: followed, they make 2^depth paths.
    symlinkSync('..', join(inside, 'a', 'b', 'up1'));
    symlinkSync('../..', join(inside, 'a', 'b', 'up2'));
    symlinkSync('.', join(inside, 'a', 'self'));
    const { value: run, ms } = await timed(() => cli(inside, 'scan', '--format', 'json', '.'));
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms CPU`);
    const paths = (JSON.parse(run.stdout) as { files: { path: string }[] }).files.map(
      (f) => f.path,
    );
    assert.deepEqual(paths, ['own.ipynb']);
    // A link named on the command line is the user's choice and is followed.
    const explicit = await cli(
      inside,
      'scan',
      '--format',
      'json',
      'link-to-outside',
      'linked-file.ipynb',
    );
    assert.equal((JSON.parse(explicit.stdout) as { files: unknown[] }).files.length, 2);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('the config file is data, never code', () => {
  const marker = join(tmpdir(), `cellguard-config-executed-${process.pid}`);
  const configs: Record<string, string> = {
    'CommonJS module': `module.exports = { rules: {} }; require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');`,
    'JS expression': `{"rules": (function () { require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); return {}; })()}`,
    'JSON with comments': '{ /* a comment */ "rules": {} }',
    'ES module': `export default {}; import fs from 'node:fs'; fs.writeFileSync(${JSON.stringify(marker)}, 'x');`,
    'template literal': '{"exclude": [`${process.exit(3)}`]}',
    YAML: 'rules:\n  pickle-load: off\n',
  };
  for (const [name, text] of Object.entries(configs)) {
    it(`${name} in .cellguard.json is a clean error (exit 2), nothing executed`, async () => {
      countTried('cli-config');
      const dir = mkdtempSync(join(tmpdir(), 'cellguard-config-'));
      writeFileSync(join(dir, '.cellguard.json'), text);
      writeFileSync(join(dir, 'a.ipynb'), JSON.stringify(UNSAFE));
      const run = await cli(dir, 'scan', '.');
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^cellguard: .*\.cellguard\.json: invalid JSON/);
      assert.ok(!run.stderr.includes('\n    at '), 'no stack trace');
      assert.ok(!existsSync(marker), 'the config was not executed');
      rmSync(dir, { recursive: true, force: true });
    });
  }

  it('"__proto__" keys do not pollute Object.prototype', async () => {
    countTried('cli-config', 2);
    const dir = mkdtempSync(join(tmpdir(), 'cellguard-config-'));
    writeFileSync(join(dir, 'a.ipynb'), JSON.stringify(UNSAFE));
    for (const text of [
      '{"__proto__": {"polluted": true}}',
      '{"rules": {"__proto__": {"severity": "off", "options": {"polluted": true}}}}',
    ]) {
      writeFileSync(join(dir, '.cellguard.json'), text);
      await cli(dir, 'scan', '.');
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.equal(({} as Record<string, unknown>)['severity'], undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('an allowlist pattern with nested repetition ((a+)+) is refused, not run', async () => {
    countTried('cli-config');
    const dir = mkdtempSync(join(tmpdir(), 'cellguard-config-'));
    writeFileSync(
      join(dir, '.cellguard.json'),
      JSON.stringify({ allowlist: { patterns: ['^(a+)+$'] } }),
    );
    writeFileSync(join(dir, 'a.py'), `password = "${'a'.repeat(40)}!"\n`);
    const { value: run, ms } = await timed(() => cli(dir, 'scan', '.'));
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms CPU`);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /allowlist\.patterns\[0\]: .*exponential/);
    rmSync(dir, { recursive: true, force: true });
  });
});
