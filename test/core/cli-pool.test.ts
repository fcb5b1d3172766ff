/**
 * When `cellguard scan` uses worker threads (shared/src/cli/pool.ts): only when they pay —
 * never on 2 cores by default (measured: more CPU, no wall gain), never for small scans, and
 * `--jobs N` means N threads in all, the main thread included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths.js';

/** The built pool module (the CLI is not part of the core's browser-safe exports). */
const { PARALLEL_MIN_BYTES, workerCount } = (await import(
  join(repoRoot, 'shared', 'dist', 'cli', 'pool.js')
)) as {
  PARALLEL_MIN_BYTES: number;
  workerCount(files: readonly string[], requested?: number, cores?: number): number;
};

let work = '';
let large: string[] = [];
let small: string[] = [];
before(() => {
  work = mkdtempSync(join(tmpdir(), 'cellguard-pool-'));
  // Sparse files: their size is what counts, nothing is written.
  large = Array.from({ length: 6 }, (_, i) => {
    const path = join(work, `large-${i}.ipynb`);
    writeFileSync(path, '');
    truncateSync(path, Math.ceil(PARALLEL_MIN_BYTES / 4));
    return path;
  });
  small = Array.from({ length: 6 }, (_, i) => {
    const path = join(work, `small-${i}.ipynb`);
    writeFileSync(path, '{}');
    return path;
  });
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('workerCount', () => {
  it('keeps a large scan on the main thread with 2 cores or fewer', () => {
    assert.equal(workerCount(large, undefined, 1), 0);
    assert.equal(workerCount(large, undefined, 2), 0);
  });
  it('adds workers beside the main thread on more cores, for large scans only', () => {
    assert.equal(workerCount(large, undefined, 4), 3);
    assert.equal(workerCount(large, undefined, 16), 5);
    assert.equal(workerCount(small, undefined, 16), 0);
    assert.equal(workerCount(large.slice(0, 3), undefined, 16), 0);
  });
  it('reads --jobs as threads in all, the main thread included', () => {
    assert.equal(workerCount(small, 1, 16), 0);
    assert.equal(workerCount(small, 2, 2), 1);
    assert.equal(workerCount(small, 4, 2), 3);
    assert.equal(workerCount(small.slice(0, 2), 8, 2), 1);
  });
});
