/** Locating the benchmark corpus (Node only). */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * `CELLGUARD_BENCH_CORPUS`, else `../shared/corpus/real-dev` next to the repository (the kit's
 * layout). The notebooks are not part of the repository: their licences say "tests and benchmarks
 * only, do not copy".
 */
export function corpusDir() {
  const dir = process.env.CELLGUARD_BENCH_CORPUS ?? resolve(REPO_ROOT, '../shared/corpus/real-dev');
  return existsSync(dir) ? dir : undefined;
}

/** Every .ipynb under `dir`, sorted. */
export function listNotebooks(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith('.ipynb')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
