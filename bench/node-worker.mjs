/**
 * One benchmark section per process, so each starts cold and none disturbs another.
 * Usage: node bench/node-worker.mjs <mode> [json-args]; prints one JSON object on stdout.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { KEYSTROKE_CASES, keystroke, sizeIndependence } from './lib/measure.mjs';
import { codeCell, editedSource, IMPORT_CELL } from './lib/fixtures.mjs';
import { listNotebooks } from './lib/corpus.mjs';

const CORE = new URL('../shared/dist/index.js', import.meta.url);
const now = () => performance.now();
const [mode = '', rawArgs = '{}'] = process.argv.slice(2);
const args = JSON.parse(rawArgs);

async function loadCore() {
  return import(CORE.href);
}

const modes = {
  /** First call in a fresh process: module load, analyzer creation, first analyzeCell. */
  async cold({ lines, secret }) {
    const t0 = now();
    const core = await loadCore();
    const t1 = now();
    const analyzer = core.createAnalyzer();
    const t2 = now();
    const base = codeCell(lines, { seed: lines, secret }).split('\n');
    const doc = {
      cells: [
        { kind: 'code', source: IMPORT_CELL, outputs: [] },
        { kind: 'code', source: editedSource(base, 0), outputs: [] },
      ],
      language: 'python',
    };
    const t3 = now();
    const first = await analyzer.analyzeCell(doc, 1, { outputs: false });
    const t4 = now();
    doc.cells[1] = { kind: 'code', source: editedSource(base, 1), outputs: [] };
    await analyzer.analyzeCell(doc, 1, { outputs: false });
    const t5 = now();
    return {
      importMs: t1 - t0,
      createMs: t2 - t1,
      firstCallMs: t4 - t3,
      secondCallMs: t5 - t4,
      findings: first.findings.length,
      processUptimeMs: t4,
    };
  },

  async keystroke({ iterations, warmup }) {
    const core = await loadCore();
    const out = {};
    for (const [name, lines, secret] of KEYSTROKE_CASES) {
      out[name] = await keystroke(core, now, {
        lines,
        secret,
        iterations: lines > 100 ? Math.ceil(iterations / 2) : iterations,
        warmup,
      });
    }
    return out;
  },

  async size({ counts, iterations, warmup }) {
    return sizeIndependence(await loadCore(), now, { counts, iterations, warmup });
  },

  /** Heap growth over many cell analyses (run with --expose-gc). */
  async memory({ analyses }) {
    if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
    const core = await loadCore();
    const analyzer = core.createAnalyzer();
    // The 50-line cells, with and without a secret, alternating: every analysis edits the text.
    const bases = KEYSTROKE_CASES.filter(([, lines]) => lines === 50).map(([, lines, secret]) =>
      codeCell(lines, { seed: lines, secret }).split('\n'),
    );
    const cells = [
      { kind: 'code', source: IMPORT_CELL, outputs: [] },
      { kind: 'code', source: '', outputs: [] },
    ];
    const doc = { cells, language: 'python' };
    let iteration = 0;
    const once = async () => {
      const base = bases[iteration % bases.length];
      cells[1] = { kind: 'code', source: editedSource(base, iteration++), outputs: [] };
      await analyzer.analyzeCell(doc, 1, { outputs: false });
    };
    for (let i = 0; i < 400; i++) await once();
    const settle = async () => {
      for (let i = 0; i < 4; i++) {
        globalThis.gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return process.memoryUsage();
    };
    const before = await settle();
    const t0 = now();
    for (let i = 0; i < analyses; i++) await once();
    const elapsed = now() - t0;
    const after = await settle();
    return {
      analyses,
      heapBeforeMB: before.heapUsed / 1e6,
      heapAfterMB: after.heapUsed / 1e6,
      growthMB: (after.heapUsed - before.heapUsed) / 1e6,
      externalGrowthMB: (after.external - before.external) / 1e6,
      rssAfterMB: after.rss / 1e6,
      perfEntries: performance.getEntries().length,
      msPerAnalysis: elapsed / analyses,
    };
  },

  /** The floor: read every notebook and JSON.parse it, nothing else. */
  async floor({ corpus, repeats }) {
    const files = listNotebooks(corpus);
    let best = Infinity;
    let bytes = 0;
    for (let r = 0; r < repeats; r++) {
      const t0 = now();
      bytes = 0;
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        bytes += Buffer.byteLength(text);
        JSON.parse(text);
      }
      best = Math.min(best, now() - t0);
    }
    return { files: files.length, bytes, bestMs: best };
  },

  /** secretlint core in-process over every cell source and textual output of the corpus. */
  async secretlintCore({ corpus, repeats }) {
    const core = await loadCore();
    const { lintSource } = await import('@secretlint/core');
    const { creator: preset } = await import('@secretlint/secretlint-rule-preset-recommend');
    const config = {
      rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset }],
    };
    const files = listNotebooks(corpus);
    const texts = [];
    let bytes = 0;
    let textChars = 0;
    for (const file of files) {
      const raw = readFileSync(file, 'utf8');
      bytes += Buffer.byteLength(raw);
      const doc = core.parseNotebook(raw);
      for (const cell of doc.cells) {
        if (cell.source) texts.push(cell.source);
        for (const output of cell.outputs)
          for (const rep of output.texts) if (rep.text) texts.push(rep.text);
      }
    }
    for (const t of texts) textChars += t.length;
    let best = Infinity;
    let messages = 0;
    for (let r = 0; r < repeats; r++) {
      const t0 = now();
      messages = 0;
      for (const content of texts) {
        const result = await lintSource({
          source: { content, filePath: '/cell.py', contentType: 'text' },
          options: { config, noPhysicFilePath: true },
        });
        messages += result.messages.length;
      }
      best = Math.min(best, now() - t0);
    }
    return {
      files: files.length,
      bytes,
      texts: texts.length,
      textChars,
      messages,
      bestMs: best,
      perfEntries: performance.getEntries().length,
    };
  },
};

const run = modes[mode];
if (!run) {
  process.stderr.write(`unknown mode "${mode}"; one of ${Object.keys(modes).join(', ')}\n`);
  process.exit(2);
}
const result = await run(args);
process.stdout.write(
  JSON.stringify({ ...result, maxRSSKB: process.resourceUsage().maxRSS }) + '\n',
);
