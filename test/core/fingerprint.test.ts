/**
 * Fingerprints: keyed (HMAC-SHA-256), stable across runs and moves, different under another key,
 * and the key never reaches a report. The CLI picks the key per repository.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAnalyzer, parseNotebook, type Finding } from '@cellguard/core';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';

const { HmacSha256 } = (await import(join(repoRoot, 'shared', 'dist', 'util', 'sha256.js'))) as {
  HmacSha256: new (key: string | Uint8Array) => { hex(message: string): string };
};
const { fingerprintKeyFor } = (await import(
  join(repoRoot, 'shared', 'dist', 'cli', 'fingerprint-key.js')
)) as {
  fingerprintKeyFor(
    start: string,
    env?: Record<string, string | undefined>,
  ): { key?: string; source: string };
};

const PASSWORD_URL = 'postgresql://svc:Zq8!vLm#42Kd@db.internal:5432/prod';
const AWS = 'AKIAQ3EGRX7PZJ5MTN2B';

interface CellSpec {
  id?: string;
  source: string;
  output?: string;
  count?: number;
}

function notebook(cells: CellSpec[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: cells.map((c) => ({
      cell_type: 'code',
      ...(c.id !== undefined ? { id: c.id } : {}),
      metadata: {},
      execution_count: c.count ?? 1,
      source: c.source,
      outputs:
        c.output === undefined ? [] : [{ output_type: 'stream', name: 'stdout', text: c.output }],
    })),
  });
}

async function prints(raw: string, key?: string): Promise<Map<string, string>> {
  const analyzer = createAnalyzer(undefined, key === undefined ? {} : { fingerprintKey: key });
  const { findings } = await analyzer.analyzeNotebook(parseNotebook(raw));
  assert.ok(findings.length > 0, 'the fixture must produce findings');
  return new Map(findings.map((f: Finding) => [`${f.ruleId}@${f.location.cellId}`, f.fingerprint]));
}

describe('HMAC-SHA-256', () => {
  it('equals node:crypto for short, block-sized, long and non-ASCII keys and messages', () => {
    const keys = ['', 'k', 'x'.repeat(64), 'y'.repeat(65), 'schlüssel-🔑', 'a'.repeat(200)];
    const messages = ['', 'abc', 'm'.repeat(55), 'm'.repeat(56), 'm'.repeat(64), 'ünï\u0000cødé'];
    for (const key of keys)
      for (const message of messages)
        assert.equal(
          new HmacSha256(key).hex(message),
          createHmac('sha256', key).update(message, 'utf8').digest('hex'),
          `key ${key.length} chars, message ${message.length} chars`,
        );
  });
  it('matches RFC 4231 test case 2', () => {
    assert.equal(
      new HmacSha256('Jefe').hex('what do ya want for nothing?'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('finding fingerprints', () => {
  const cells: CellSpec[] = [
    { id: 'a', source: 'import os\n' },
    { id: 'b', source: `DB = "${PASSWORD_URL}"\n` },
    { id: 'c', source: 'print(1)\n', output: `key ${AWS}\n` },
  ];
  it('are stable across runs and do not depend on line, cell index or execution count', async () => {
    const base = await prints(notebook(cells), 'repo-key');
    assert.deepEqual(await prints(notebook(cells), 'repo-key'), base);
    const moved: CellSpec[] = [
      { id: 'new', source: '# a new first cell\n\n\n' },
      { id: 'c', source: 'print(1)\n', output: `key ${AWS}\n`, count: 7 },
      { id: 'a', source: 'import os\n' },
      { id: 'b', source: `\n\n# moved down\nDB = "${PASSWORD_URL}"\n`, count: 9 },
    ];
    assert.deepEqual(await prints(notebook(moved), 'repo-key'), base);
  });
  it('change with the key, so a report cannot confirm a guess without it', async () => {
    const one = await prints(notebook(cells), 'key-one');
    const two = await prints(notebook(cells), 'key-two');
    const unkeyed = await prints(notebook(cells));
    assert.equal(one.size, two.size);
    for (const [where, print] of one) {
      assert.notEqual(two.get(where), print, where);
      assert.notEqual(unkeyed.get(where), print, where);
    }
  });
  it('tell apart the same value in another cell and a second occurrence in one cell', async () => {
    const raw = notebook([
      { id: 'x', source: `A = "${PASSWORD_URL}"\nB = "${PASSWORD_URL}"\n` },
      { id: 'y', source: `C = "${PASSWORD_URL}"\n` },
    ]);
    const analyzer = createAnalyzer(undefined, { fingerprintKey: 'k' });
    const { findings } = await analyzer.analyzeNotebook(parseNotebook(raw));
    const same = findings.filter((f) => f.ruleId === findings[0]!.ruleId);
    assert.equal(same.length, 3);
    assert.equal(new Set(same.map((f) => f.fingerprint)).size, 3);
  });
});

describe('the CLI fingerprint key', () => {
  it('comes from the environment, then .cellguard-key up to the repository root, else none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellguard-key-'));
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'sub'), { recursive: true });
    mkdirSync(join(repo, '.git'));
    assert.deepEqual(fingerprintKeyFor(join(repo, 'sub'), {}), { source: 'none' });
    // A key above the repository root belongs to another project.
    writeFileSync(join(dir, '.cellguard-key'), 'outer-key\n');
    assert.deepEqual(fingerprintKeyFor(join(repo, 'sub'), {}), { source: 'none' });
    writeFileSync(join(repo, '.cellguard-key'), '  s3cret-repo-key  \nignored\n');
    assert.deepEqual(fingerprintKeyFor(join(repo, 'sub'), {}), {
      key: 's3cret-repo-key',
      source: 'key-file',
    });
    assert.deepEqual(fingerprintKeyFor(join(repo, 'sub'), { CELLGUARD_FINGERPRINT_KEY: 'ci' }), {
      key: 'ci',
      source: 'environment',
    });
  });

  it('keys the fingerprints of every format, and never appears in a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellguard-key-cli-'));
    mkdirSync(join(dir, '.git'));
    const KEY = 'k3y-that-must-not-leak-0123456789';
    writeFileSync(join(dir, '.cellguard-key'), `${KEY}\n`);
    const raw = notebook(cells3());
    writeFileSync(join(dir, 'n.ipynb'), raw);
    const expected = [...(await prints(raw, KEY)).values()].sort();

    const json = await cli(dir, 'scan', '--format', 'json', 'n.ipynb');
    const report = JSON.parse(json.stdout) as {
      fingerprintKey: string;
      files: { findings: Finding[] }[];
    };
    assert.equal(report.fingerprintKey, 'key-file');
    assert.deepEqual(report.files[0]!.findings.map((f) => f.fingerprint).sort(), expected);
    const sarif = await cli(dir, 'scan', '--format', 'sarif', 'n.ipynb');
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        properties: { fingerprintKey: string };
        results: { partialFingerprints: Record<string, string> }[];
      }[];
    };
    assert.equal(log.runs[0]!.properties.fingerprintKey, 'key-file');
    assert.deepEqual(
      log.runs[0]!.results.map((r) => r.partialFingerprints['cellguardFingerprint/v2']).sort(),
      expected,
    );
    for (const out of [json, sarif, await cli(dir, 'scan', 'n.ipynb')]) {
      assert.ok(!out.stdout.includes(KEY) && !out.stderr.includes(KEY));
      assert.ok(!out.stdout.includes(KEY.slice(0, 12)));
    }
  });
});

function cells3(): CellSpec[] {
  return [
    { id: 'b', source: `DB = "${PASSWORD_URL}"\n` },
    { id: 'c', source: 'print(1)\n', output: `key ${AWS}\n` },
  ];
}
