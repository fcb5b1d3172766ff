/**
 * One benchmark section per process, so each starts cold and none disturbs another.
 * Usage: node bench/node-worker.mjs <mode> [json-args]; prints one JSON object on stdout.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  KEYSTROKE_CASES,
  keystroke,
  keystroke as keystrokeLoop,
  sizeIndependence,
  stats,
} from './harness/measure.mjs';
import { codeCell, editedSource, IMPORT_CELL } from './harness/fixtures.mjs';
import { listNotebooks } from './harness/corpus.mjs';

const CORE = new URL('../shared/dist/index.js', import.meta.url);
const now = () => performance.now();
/** Process CPU time (user + system, all threads) in ms: immune to waiting for a core. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
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
        iterations: lines > 100 ? Math.ceil(iterations / 4) : iterations,
        warmup,
        cpu,
      });
    }
    // A fresh analyzer once the process is warm (module loaded, JIT done): what a second
    // notebook opened in the same editor pays on its first keystroke.
    out.freshAnalyzerMs = (
      await keystroke(core, now, { lines: 50, secret: false, iterations: 1, warmup: 0 })
    ).cold;
    return out;
  },

  async size({ counts, iterations, warmup }) {
    return sizeIndependence(await loadCore(), now, { counts, iterations, warmup, cpu });
  },

  /**
   * Where the time goes, by rule: every rule wrapped in a timer, plus two pseudo-rules that run
   * first and pay for the shared Python work (lezer parse; call list + import resolution), so a
   * rule's number is its own cost. Shared memos inside a family (one provider scan per view)
   * are charged to the first rule of the family that asks. Per keystroke (50-line cell) and per
   * full corpus analysis (in-process, parse of the JSON timed apart).
   */
  async breakdown({ corpus, iterations }) {
    const core = await loadCore();
    const timers = new Map();
    const charge = (id, ms) => timers.set(id, (timers.get(id) ?? 0) + ms);
    // Exclusive timing: time spent in a nested timed part (a parse a rule triggers) is charged
    // to that part and taken off the enclosing rule. Rules run one after another, so one
    // "current frame" suffices even across awaits.
    let current;
    let visits = 0;
    /** Which rule (or shared part) first asked for each parse: who pays for it. */
    const parseAskedBy = new Map();
    const timed = (id, run) => {
      visits++;
      const frame = { id, child: 0, parent: current };
      const parent = current;
      current = frame;
      const t0 = now();
      const done = () => {
        const dt = now() - t0;
        current = parent;
        charge(id, dt - frame.child);
        if (parent) parent.child += dt;
      };
      let result;
      try {
        result = run();
      } catch (error) {
        done();
        throw error;
      }
      if (result && typeof result.then === 'function') return result.finally(done);
      done();
      return result;
    };
    const wrap = (rule) => ({
      meta: rule.meta,
      create(context) {
        const visitor = rule.create(context);
        const wrapped = {};
        for (const method of ['code', 'markdown', 'output']) {
          if (!visitor[method]) continue;
          wrapped[method] = (view) => timed(rule.meta.id, () => visitor[method](view));
        }
        return wrapped;
      },
    });
    // The shared Python work is lazy (only rules whose prefilter passes trigger it): hook the
    // first computation on each PythonSource, wherever it is triggered from.
    const proto = core.PythonSource.prototype;
    const treeGetter = Object.getOwnPropertyDescriptor(proto, 'tree')?.get;
    if (treeGetter)
      Object.defineProperty(proto, 'tree', {
        configurable: true,
        get() {
          if (this.treeCache) return treeGetter.call(this);
          let root = current;
          while (root?.parent) root = root.parent;
          const by = root?.id ?? '(engine: import context of later cells)';
          parseAskedBy.set(by, (parseAskedBy.get(by) ?? 0) + 1);
          return timed('(lezer parse of the cell, when a rule asks)', () => treeGetter.call(this));
        },
      });
    const callsMethod = proto.calls;
    if (typeof callsMethod === 'function')
      proto.calls = function calls() {
        if (this.callsCache) return callsMethod.call(this);
        return timed('(call list + import resolution)', () => callsMethod.call(this));
      };
    // The secrets family's shared provider scan (own detectors + one secretlint pass) runs for
    // every view (each provider rule asks): a pseudo-rule asks first, so it carries the cost.
    // Internal API: without it the first provider rule carries it.
    let providerHits;
    try {
      ({ providerHits } = await import(
        new URL('../shared/dist/rules/secrets/scan.js', import.meta.url).href
      ));
    } catch {
      providerHits = undefined;
    }
    const pseudo = (id, touch) => ({
      meta: {
        id,
        category: 'secret',
        defaultSeverity: 'note',
        cwe: [],
        description: id,
        messages: {},
      },
      create: () => {
        const visit = (view) => timed(id, () => touch(view));
        return { code: visit, markdown: visit, output: visit };
      },
    });
    const rules = [
      ...(typeof providerHits === 'function'
        ? [
            pseudo('(shared provider scan: own detectors + secretlint)', (view) =>
              providerHits(view),
            ),
          ]
        : []),
      ...core.allRules.map(wrap),
    ];
    // The timing wrappers cost something per visit: calibrate on no-op rules (plain vs wrapped)
    // and take that off the engine's share.
    const noop = (i) => ({
      meta: {
        id: `noop-${i}`,
        category: 'secret',
        defaultSeverity: 'note',
        cwe: [],
        description: '',
        messages: {},
      },
      create: () => ({ async code() {}, async markdown() {}, async output() {} }),
    });
    const noops = Array.from({ length: rules.length }, (_, i) => noop(i));
    const calibrate = async (list) =>
      (
        await keystrokeLoop({ createAnalyzer: () => new core.Analyzer(list) }, now, {
          lines: 50,
          secret: false,
          iterations: 1500,
          warmup: 300,
        })
      ).p50;
    await calibrate(noops);
    const plainMs = Math.min(await calibrate(noops), await calibrate(noops));
    const wrappedMs = Math.min(await calibrate(noops.map(wrap)), await calibrate(noops.map(wrap)));
    timers.clear();
    const overheadMsPerVisit = Math.max(0, (wrappedMs - plainMs) / noops.length);
    const engineId = '(engine: views, suppressions, findings, sort)';

    const analyzer = new core.Analyzer(rules);
    const table = (total, calls, visitCount) => {
      let ruleSum = 0;
      for (const ms of timers.values()) ruleSum += ms;
      total -= visitCount * overheadMsPerVisit;
      const rows = [...timers.entries()].map(([id, ms]) => ({
        id,
        ms,
        perCallUs: (1000 * ms) / calls,
        pct: (100 * ms) / total,
      }));
      rows.push({
        id: engineId,
        ms: total - ruleSum,
        perCallUs: (1000 * (total - ruleSum)) / calls,
        pct: (100 * (total - ruleSum)) / total,
      });
      return rows.sort((a, b) => b.ms - a.ms);
    };

    // Per keystroke: per-call medians (robust to other processes taking the cores).
    const base = codeCell(50, { seed: 50 }).split('\n');
    const cells = [
      { kind: 'code', source: IMPORT_CELL, outputs: [] },
      { kind: 'code', source: '', outputs: [] },
    ];
    const doc = { cells, language: 'python' };
    let iteration = 0;
    const perCall = new Map();
    const totals = [];
    const once = async (record) => {
      cells[1] = { kind: 'code', source: editedSource(base, iteration++), outputs: [] };
      timers.clear();
      visits = 0;
      const t0 = now();
      await analyzer.analyzeCell(doc, 1, { outputs: false });
      const total = now() - t0 - visits * overheadMsPerVisit;
      if (!record) return;
      let sum = 0;
      for (const [id, ms] of timers) {
        sum += ms;
        if (!perCall.has(id)) perCall.set(id, []);
        perCall.get(id).push(ms);
      }
      if (!perCall.has(engineId)) perCall.set(engineId, []);
      perCall.get(engineId).push(total - sum);
      totals.push(total);
    };
    for (let i = 0; i < 300; i++) await once(false);
    for (let i = 0; i < iterations; i++) await once(true);
    const totalStats = stats(totals);
    const keystroke = {
      calls: iterations,
      visitsPerCall: visits,
      p50Ms: totalStats.p50,
      rows: [...perCall.entries()]
        .map(([id, xs]) => {
          const st = stats(xs);
          return {
            id,
            p50Us: st.p50 * 1000,
            meanUs: st.mean * 1000,
            pctOfP50: (100 * st.p50) / totalStats.p50,
          };
        })
        .sort((a, b) => b.p50Us - a.p50Us),
    };
    let t0;

    // Full corpus, in-process.
    let scan;
    let keystrokeParseAskedBy;
    if (corpus) {
      const files = listNotebooks(corpus);
      keystrokeParseAskedBy = Object.fromEntries(parseAskedBy);
      parseAskedBy.clear();
      timers.clear();
      visits = 0;
      let readParseMs = 0;
      let analyzeMs = 0;
      for (const file of files) {
        t0 = now();
        const nb = core.parseNotebook(readFileSync(file, 'utf8'));
        const t1 = now();
        await analyzer.analyzeNotebook(nb);
        analyzeMs += now() - t1;
        readParseMs += t1 - t0;
      }
      const rows = table(analyzeMs, files.length, visits);
      // Analysis time net of the timing wrappers, as a plain analyzer would spend it.
      analyzeMs -= visits * overheadMsPerVisit;
      scan = { files: files.length, readParseMs, analyzeMs, visits, rows };
    }
    return {
      keystroke,
      scan,
      wrapperOverheadUsPerVisit: overheadMsPerVisit * 1000,
      keystrokeParseAskedBy,
      scanParseAskedBy: Object.fromEntries([...parseAskedBy.entries()].sort((x, y) => y[1] - x[1])),
    };
  },

  /**
   * What-if: the lezer parse per keystroke, full vs incremental (TreeFragment reuse of the
   * previous tree, the change range computed as an editor would report it).
   */
  async incrementalParse({ iterations }) {
    const { parser: defaultParser } = await import('@lezer/python');
    const { TreeFragment } = await import('@lezer/common');
    const out = {};
    for (const bufferLength of [1024, 128]) {
      const parser =
        bufferLength === 1024 ? defaultParser : defaultParser.configure({ bufferLength });
      for (const lines of [50, 200]) {
        const base = codeCell(lines, { seed: lines }).split('\n');
        const full = new Float64Array(iterations);
        const incremental = new Float64Array(iterations);
        let previousText = editedSource(base, 0);
        let fragments = TreeFragment.addTree(parser.parse(previousText));
        for (let i = -100; i < iterations; i++) {
          const text = editedSource(base, i + 101);
          let a = 0;
          while (
            a < text.length &&
            a < previousText.length &&
            text.charCodeAt(a) === previousText.charCodeAt(a)
          )
            a++;
          let b = 0;
          while (
            b < text.length - a &&
            b < previousText.length - a &&
            text.charCodeAt(text.length - 1 - b) ===
              previousText.charCodeAt(previousText.length - 1 - b)
          )
            b++;
          let t0 = now();
          parser.parse(text);
          const fullMs = now() - t0;
          t0 = now();
          const changed = TreeFragment.applyChanges(fragments, [
            { fromA: a, toA: previousText.length - b, fromB: a, toB: text.length - b },
          ]);
          const tree = parser.parse(text, changed);
          const incMs = now() - t0;
          fragments = TreeFragment.addTree(tree, changed);
          previousText = text;
          if (i >= 0) {
            full[i] = fullMs;
            incremental[i] = incMs;
          }
        }
        out[`${lines} lines, bufferLength ${bufferLength}`] = {
          lines,
          bufferLength,
          full: stats(full),
          incremental: stats(incremental),
        };
      }
    }
    return out;
  },

  /**
   * What-if: the 50-line keystroke when no rule needs the Python tree. The cell is the same with
   * every "load" spelled "feed" (`DataLoader` → `DataFeeder`): the model-loading prefilter
   * (`/load|…/`) then lets it pass unparsed, as a prefilter that wants a call (`load…(`) would.
   */
  async unparsedCell({ iterations, warmup }) {
    const core = await loadCore();
    const out = {};
    for (const [name, transform] of [
      ['as generated', (t) => t],
      ['"load" spelled "feed"', (t) => t.replaceAll('load', 'feed').replaceAll('Load', 'Feed')],
    ]) {
      const base = transform(codeCell(50, { seed: 50 })).split('\n');
      const cells = [
        { kind: 'code', source: IMPORT_CELL, outputs: [] },
        { kind: 'code', source: '', outputs: [] },
      ];
      const doc = { cells, language: 'python' };
      const analyzer = core.createAnalyzer();
      const wall = new Float64Array(iterations);
      const cpuTimes = new Float64Array(iterations);
      for (let i = -warmup; i < iterations; i++) {
        cells[1] = { kind: 'code', source: editedSource(base, i + warmup), outputs: [] };
        const c0 = cpu();
        const t0 = now();
        await analyzer.analyzeCell(doc, 1, { outputs: false });
        const t1 = now();
        const c1 = cpu();
        if (i >= 0) {
          wall[i] = t1 - t0;
          cpuTimes[i] = c1 - c0;
        }
      }
      out[name] = { wall: stats(wall), cpu: stats(cpuTimes) };
    }
    return out;
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
