/**
 * Timing loops shared by the Node runner and the Chromium page (no Node imports here).
 * `core` is the `@cellguard/core` module namespace; `now` a monotonic clock in ms.
 */
import { codeCell, editedSource, IMPORT_CELL, notebook } from './fixtures.mjs';

/** Nearest-rank percentiles over a copy of `samples` (ms). */
export function stats(samples) {
  const sorted = Float64Array.from(samples).sort();
  const at = (p) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  let sum = 0;
  for (const s of sorted) sum += s;
  return {
    n: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1],
    mean: sum / sorted.length,
  };
}

/** The keystroke scenarios: [name, lines, secret]. */
export const KEYSTROKE_CASES = [
  ['50 lines', 50, false],
  ['50 lines + secret', 50, true],
  ['200 lines', 200, false],
  ['200 lines + secret', 200, true],
];

/**
 * Per-keystroke cost: a two-cell notebook (imports, then the edited cell); every call changes
 * one identifier in the middle of the edited cell, so nothing is served from a cache.
 * `cold` is the first call on a fresh analyzer (in this already-warm process or page).
 */
export async function keystroke(core, now, { lines, secret, iterations, warmup, cpu }) {
  const base = codeCell(lines, { seed: lines, secret }).split('\n');
  const cells = [
    { kind: 'code', source: IMPORT_CELL, outputs: [] },
    { kind: 'code', source: base.join('\n'), outputs: [] },
  ];
  const doc = { cells, language: 'python' };
  const analyzer = core.createAnalyzer();
  let iteration = 0;
  let cpuMs = 0;
  const once = async () => {
    cells[1] = { kind: 'code', source: editedSource(base, iteration++), outputs: [] };
    const c0 = cpu?.();
    const t0 = now();
    const result = await analyzer.analyzeCell(doc, 1, { outputs: false });
    const ms = now() - t0;
    if (cpu) cpuMs = cpu() - c0;
    return [ms, result.findings.length];
  };
  const [cold, coldFindings] = await once();
  for (let i = 0; i < warmup; i++) await once();
  const samples = new Float64Array(iterations);
  const cpuSamples = new Float64Array(iterations);
  let findings = 0;
  for (let i = 0; i < iterations; i++) {
    const [ms, count] = await once();
    samples[i] = ms;
    cpuSamples[i] = cpuMs;
    findings = count;
  }
  return {
    cold,
    coldFindings,
    findings,
    ...stats(samples),
    ...(cpu ? { cpu: stats(cpuSamples) } : {}),
  };
}

/**
 * Notebook size independence: edit the last cell of an N-cell notebook (imports in cell 0).
 * The cost per edit must not grow with N.
 */
export async function sizeIndependence(core, now, { counts, iterations, warmup, cpu }) {
  const out = {};
  for (const count of counts) {
    const doc = notebook(count);
    const cells = doc.cells;
    const last = count - 1;
    const base = cells[last].source.split('\n');
    const analyzer = core.createAnalyzer();
    let iteration = 0;
    let cpuMs = 0;
    const once = async () => {
      cells[last] = { kind: 'code', source: editedSource(base, iteration++), outputs: [] };
      const c0 = cpu?.();
      const t0 = now();
      await analyzer.analyzeCell(doc, last, { outputs: false });
      const ms = now() - t0;
      if (cpu) cpuMs = cpu() - c0;
      return ms;
    };
    const cold = await once();
    for (let i = 0; i < warmup; i++) await once();
    const samples = new Float64Array(iterations);
    const cpuSamples = new Float64Array(iterations);
    for (let i = 0; i < iterations; i++) {
      samples[i] = await once();
      cpuSamples[i] = cpuMs;
    }
    out[count] = { cold, ...stats(samples), ...(cpu ? { cpu: stats(cpuSamples) } : {}) };
  }
  return out;
}
