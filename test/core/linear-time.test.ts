/**
 * Linear time as a property, not a list of fixed cases: every hostile family of
 * `support/linear-families.ts`, in every placement (code, markdown, each kind of output), is
 * analysed with every rule at growing sizes (see `SIZES`). It fails when CPU time grows faster
 * than linearly or passes the per-MB budget. Timing comparisons belong here (or in the benchmark), not in unit
 * tests of single functions. `CELLGUARD_LINEAR_TABLE=1` prints the measurements.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAnalyzer, type NotebookDoc } from '@cellguard/core';
import { FAMILIES, PLACEMENTS } from '../support/linear-families.js';

const KB = 1024;
/**
 * `CELLGUARD_LINEAR_FULL=1` runs the full 100–800 KB ladder (≈ 5 CPU-minutes); by default the
 * ladder is 64–256 KB so `npm test` stays affordable on a shared 2-core machine. The verdict is
 * the same either way: largest / second size, where linear is 4× (or 2×) and quadratic 16× (4×).
 */
const SIZES = process.env['CELLGUARD_LINEAR_FULL']
  ? [100 * KB, 200 * KB, 400 * KB, 800 * KB]
  : [64 * KB, 128 * KB, 256 * KB];
/**
 * CPU milliseconds allowed per MB of input (CPU time, not wall, so a busy machine does not
 * count). Measured on the 2-core CI machine: 0.3–5 s/MB for every family and placement, except
 * code that `@lezer/python` must recover from at every token (~14 s/MB, linear: error recovery
 * in the parser, bounded but not cheap). The budgets sit above those with room for noise.
 */
const BUDGET_MS_PER_MB: Readonly<Record<string, number>> = { code: 20_000 };
const DEFAULT_BUDGET_MS_PER_MB = 8000;
/** t(largest) / t(second): 4 (2) when linear, 16 (4) when quadratic. */
const MAX_GROWTH = SIZES.length === 4 ? 8 : 3;
/** Below this, CPU time is mostly noise (JIT, GC): ratios use at least this much. */
const FLOOR_MS = 25;

const analyzer = createAnalyzer();

async function cpuMs(doc: NotebookDoc): Promise<number> {
  const before = process.cpuUsage();
  await analyzer.analyzeNotebook(doc);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Times at each size; stops early once a size is far over budget (a quadratic case). */
async function series(
  family: (n: number) => string,
  place: (t: string) => NotebookDoc,
  budgetPerMb: number,
) {
  const times: number[] = [];
  for (const size of SIZES) {
    const doc = place(family(size));
    const ms = await cpuMs(doc);
    times.push(ms);
    if (ms > ((budgetPerMb * size) / (1024 * KB)) * 4) break;
  }
  return times;
}

function verdict(times: readonly number[], budgetPerMb: number): string | undefined {
  if (times.length < SIZES.length)
    return `stopped: ${times.at(-1)!.toFixed(0)} ms is 4× over budget`;
  const last = SIZES.length - 1;
  const base = SIZES.length === 4 ? 1 : last - 1;
  const tBase = Math.max(times[base]!, FLOOR_MS);
  const tLast = times[last]!;
  const budget = (budgetPerMb * SIZES[last]!) / (1024 * KB);
  const kb = (i: number): number => SIZES[i]! / KB;
  if (tLast > budget)
    return `${kb(last)} KB took ${tLast.toFixed(0)} ms CPU (budget ${budget.toFixed(0)})`;
  if (tLast / tBase > MAX_GROWTH)
    return `grows ${(tLast / tBase).toFixed(1)}× from ${kb(base)} to ${kb(last)} KB (linear: ${kb(last) / kb(base)}×)`;
  return undefined;
}

describe('linear time: hostile families × placements at growing sizes', () => {
  for (const [familyName, family] of Object.entries(FAMILIES)) {
    it(familyName, async () => {
      const failures: string[] = [];
      for (const [placeName, place] of Object.entries(PLACEMENTS)) {
        const budget = BUDGET_MS_PER_MB[placeName] ?? DEFAULT_BUDGET_MS_PER_MB;
        let times = await series(family, place, budget);
        let problem = verdict(times, budget);
        // One re-measurement: a real quadratic fails twice, a GC pause or a busy core does not.
        if (problem) {
          times = await series(family, place, budget);
          problem = verdict(times, budget);
        }
        if (process.env['CELLGUARD_LINEAR_TABLE'])
          console.log(
            `${familyName.padEnd(20)} ${placeName.padEnd(17)} ${times.map((t) => t.toFixed(0).padStart(6)).join('')} ms`,
          );
        if (problem) failures.push(`${placeName}: ${problem}`);
      }
      assert.deepEqual(failures, [], `${familyName}:\n  ${failures.join('\n  ')}`);
    });
  }
});
