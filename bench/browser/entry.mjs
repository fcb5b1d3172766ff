/**
 * The page side of the Chromium benchmark: the core as esbuild bundles it for the JupyterLab
 * extension, driven by the same timing loops as Node.
 */
import * as core from '../../shared/dist/index.js';
import { KEYSTROKE_CASES, keystroke } from '../harness/measure.mjs';

const now = () => performance.now();
const loadedAt = now();

globalThis.cellguardBench = {
  /** ms from the first inline script to the end of bundle evaluation (download + parse + init). */
  loadMs: globalThis.__benchT0 === undefined ? undefined : loadedAt - globalThis.__benchT0,
  crossOriginIsolated: globalThis.crossOriginIsolated === true,
  rules: core.allRules.length,
  /** First analyzeCell on the first analyzer of a fresh page. */
  async cold(lines, secret) {
    const r = await keystroke(core, now, { lines, secret, iterations: 1, warmup: 0 });
    return { firstCallMs: r.cold, findings: r.coldFindings };
  },
  async keystroke(iterations, warmup) {
    const out = {};
    for (const [name, lines, secret] of KEYSTROKE_CASES) {
      out[name] = await keystroke(core, now, {
        lines,
        secret,
        iterations: lines > 100 ? Math.ceil(iterations / 4) : iterations,
        warmup,
      });
    }
    return out;
  },
};
