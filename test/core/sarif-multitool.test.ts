/**
 * Every kind of SARIF the CLI writes, validated by Microsoft's SARIF Multitool (the validator
 * GitHub's ingestion rules come from) with `--rule-kind "Gh;Sarif"`: zero errors. Covers the
 * example notebooks (findings of every family), every rule fixture, metadata findings, a file
 * that cannot be parsed and a path that does not exist. The multitool is a self-contained .NET
 * binary from npm; it runs offline.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';

const require = createRequire(import.meta.url);
const MULTITOOL = require('@microsoft/sarif-multitool') as string;

interface ValidationLog {
  runs: { results?: { ruleId: string; level?: string; message: { text: string } }[] }[];
}

describe('SARIF validated by the SARIF Multitool (Gh;Sarif)', () => {
  it('reports no error on any SARIF the CLI writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-multitool-'));
    writeFileSync(join(dir, 'broken.ipynb'), '{\n "cells": [1 2]\n}');
    writeFileSync(
      join(dir, 'meta.ipynb'),
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { ext: { token: `ghp_${'a1B2c3D4e5'.repeat(3)}0rY5zQ` } },
        cells: [
          { cell_type: 'code', metadata: {}, outputs: [], source: 'import pickle\npickle.load(f)' },
        ],
      }),
    );
    const scans: [string, string, ...string[]][] = [
      ['examples', repoRoot, 'examples'],
      ['fixtures', repoRoot, 'test/fixtures/rules'],
      ['metadata-and-broken', dir, '.'],
      ['missing', dir, 'no-such-dir'],
    ];
    const files: string[] = [];
    for (const [name, cwd, ...paths] of scans) {
      const file = join(dir, `${name}.sarif`);
      await cli(cwd, 'scan', ...paths, '--format', 'sarif', '--output', file, '--fail-on', 'none');
      files.push(file);
    }
    const out = join(dir, 'validation.sarif');
    const run = spawnSync(
      MULTITOOL,
      ['validate', '--rule-kind', 'Gh;Sarif', '--output', out, ...files],
      {
        encoding: 'utf8',
        env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
        timeout: 240_000,
      },
    );
    assert.equal(run.error, undefined, String(run.error));
    const log = JSON.parse(readFileSync(out, 'utf8')) as ValidationLog;
    const errors = (log.runs[0]?.results ?? []).filter((r) => (r.level ?? 'warning') === 'error');
    assert.deepEqual(
      errors.map((r) => `${r.ruleId}: ${r.message.text.slice(0, 200)}`),
      [],
      run.stdout.slice(-2000),
    );
    assert.match(run.stdout, new RegExp(`${files.length} files scanned`));
  });
});
