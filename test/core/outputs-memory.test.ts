/**
 * Output caches are released per output (issue #15): once the engine has moved past an output,
 * nothing built to scan it (HTML text, offset maps, digit runs) stays reachable, so a notebook of
 * many large DataFrame outputs does not hold them all until the file is done. Measured as heap
 * still reachable after a forced GC, with the notebook itself alive, in a child with --expose-gc.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths.js';

const script = `
const core = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'shared/dist/index.js')).href)});
const { writeHtmlCorpus } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'bench/harness/html-corpus.mjs')).href)});
const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const dir = mkdtempSync(join(tmpdir(), 'cellguard-outmem-'));
writeHtmlCorpus(dir, { notebooks: 1, outputsPerNotebook: 12, rows: 500 });
const doc = core.parseNotebook(readFileSync(join(dir, 'frames-0.ipynb'), 'utf8'));
rmSync(dir, { recursive: true, force: true });
const analyzer = core.createAnalyzer();
const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
await analyzer.analyzeNotebook(doc);
const before = heap();
const chars = doc.cells.reduce((n, c) => n + c.outputs.reduce((m, o) => m + o.texts.reduce((k, t) => k + t.text.length, 0), 0), 0);
// Keep doc alive past the measurement.
process.stdout.write(JSON.stringify({ retained: before, chars, cells: doc.cells.length }));
`;

describe('output caches', () => {
  it('are not kept for every output of a notebook', () => {
    const measure = (): { retained: number; chars: number } =>
      JSON.parse(
        execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
          encoding: 'utf8',
        }),
      ) as { retained: number; chars: number };
    const { retained, chars } = measure();
    // 12 outputs of ~0.45 MB (HTML + text/plain): the scan texts of all of them would be several
    // times their characters; the notebook's own strings are ~1 byte per character (one-byte
    // strings) and the loaded core ~20 MB.
    assert.ok(
      retained < 40e6 + 2 * chars,
      `heap after analysis ${(retained / 1e6).toFixed(1)} MB for ${(chars / 1e6).toFixed(1)} M characters of outputs`,
    );
  });
});
