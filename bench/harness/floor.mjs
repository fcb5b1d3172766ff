#!/usr/bin/env node
/**
 * The floor of a notebook scan: list every .ipynb under the directory given, read it, decode it
 * as UTF-8 and `JSON.parse` it — nothing else. Run as its own process by the throughput section
 * (bench/harness/peers.mjs), so it pays Node's start-up like the peers it is compared with; its
 * in-process time is reported too, as JSON on stderr.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { listNotebooks } from './corpus.mjs';

const t0 = performance.now();
const files = listNotebooks(process.argv[2] ?? '.');
let bytes = 0;
let cells = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text);
  cells += JSON.parse(text).cells?.length ?? 0;
}
process.stderr.write(
  JSON.stringify({ files: files.length, bytes, cells, inProcessMs: performance.now() - t0 }) + '\n',
);
