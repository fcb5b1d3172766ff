#!/usr/bin/env node
/**
 * `npm run bench` — Cellguard's performance benchmarks. Prints a table, writes
 * bench/results/latest.json (gitignored) and bench/RESULTS.md (committed).
 *
 * Needs `npm ci && npm run build`; installs nothing. Sections run in child processes so each
 * starts cold. Options:
 *   --quick            fewer iterations (a smoke run, numbers are noisier)
 *   --only=a,b         sections: keystroke, cold, browser, size, throughput (whole scan against
 *                      the floor and secretlint), htmlMemory, startup, memory, bundle,
 *                      breakdown (time by rule), whatif (incremental parse), models (1,000
 *                      small model files and a 2 GiB sparse checkpoint: time and peak RSS)
 *   --profile          always write CPU profiles (otherwise only when a time target is missed)
 *   --no-write         do not rewrite bench/RESULTS.md
 * Environment: CELLGUARD_BENCH_CORPUS (default ../shared/corpus/real-dev), CELLGUARD_BENCH_CHROMIUM.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, runBrowser } from './browser.mjs';
import { coreBundleSize } from './harness/bundle.mjs';
import { corpusDir, listNotebooks, REPO_ROOT } from './harness/corpus.mjs';
import { summarise } from './harness/cpuprofile.mjs';
import { writeHtmlCorpus } from './harness/html-corpus.mjs';
import { CELLGUARD_CLI, pairedRounds, peerCommands, SECRETLINT_BIN } from './harness/peers.mjs';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(
    'npm run bench [-- --quick] [-- --only=keystroke,cold,browser,size,throughput,htmlMemory,startup,memory,bundle,breakdown,whatif,models] [-- --profile] [-- --no-write]\n' +
      'Env: CELLGUARD_BENCH_CORPUS (default ../shared/corpus/real-dev), CELLGUARD_BENCH_CHROMIUM (default /usr/bin/chromium)\n',
  );
  process.exit(0);
}
const QUICK = argv.includes('--quick');
const PROFILE = argv.includes('--profile');
const WRITE = !argv.includes('--no-write');
const onlyArg = argv.find((a) => a.startsWith('--only='));
const ONLY = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
const want = (section) => !ONLY || ONLY.has(section);

const P = {
  keystroke: { iterations: QUICK ? 400 : 1200, warmup: QUICK ? 100 : 300 },
  coldProcesses: QUICK ? 2 : 5,
  browser: { iterations: QUICK ? 300 : 1000, warmup: QUICK ? 100 : 300, coldPages: QUICK ? 1 : 3 },
  size: { counts: [10, 100, 1000], iterations: QUICK ? 200 : 400, warmup: QUICK ? 50 : 200 },
  memory: { analyses: 20_000 },
  breakdown: { iterations: QUICK ? 300 : 600 },
  whatif: { iterations: QUICK ? 100 : 300 },
  // Alternating rounds of floor / cellguard / secretlint (bench/harness/peers.mjs).
  rounds: QUICK ? 2 : 5,
  startupRounds: QUICK ? 3 : 7,
  htmlCorpus: { notebooks: QUICK ? 2 : 8, outputsPerNotebook: 6, rows: 2000 },
  secretlintCoreRepeats: QUICK ? 1 : 2,
};

const TARGETS = {
  nodeP95: 0.3,
  chromiumP95: 1,
  nodeP99: 1,
  flatRatio: 1.3,
  // Whole scan, every family on (issue #15): wall ≤ 2× the floor's, ≤ 0.5× secretlint's,
  // CPU ≤ 0.7× secretlint's; peak RSS ≤ 300 MiB; start-up ≤ 0.1 s.
  wallVsFloor: 2,
  wallVsSecretlint: 0.5,
  cpuVsSecretlint: 0.7,
  peakRssMiB: 300,
  startupS: 0.1,
  heapGrowthMB: 20,
  jupyterGzKB: 200,
};

const WORKER = join(REPO_ROOT, 'bench/node-worker.mjs');
const CLI = CELLGUARD_CLI;
const RESULTS_DIR = join(REPO_ROOT, 'bench/results');

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Run a command; resolves with stdout, stderr, status and wall time. Never rejects on exit status. */
function exec(command, args, { cwd = REPO_ROOT, env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

async function worker(mode, args = {}, nodeFlags = []) {
  const r = await exec(process.execPath, [...nodeFlags, WORKER, mode, JSON.stringify(args)]);
  if (r.code !== 0)
    throw new Error(`worker ${mode} failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function gitInfo() {
  const read = (args) =>
    new Promise((resolve) => {
      const c = spawn('git', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('close', () => resolve(out.trim()));
      c.on('error', () => resolve(''));
    });
  return Promise.all([
    read(['rev-parse', '--short', 'HEAD']),
    read(['status', '--porcelain', '--untracked-files=no', 'shared']),
  ]).then(([commit, dirty]) => ({ commit: commit || 'unknown', sharedDirty: dirty.length > 0 }));
}

// ---------------------------------------------------------------------------------------------
// Sections

async function sectionKeystroke() {
  log(`keystroke (Node): ${P.keystroke.iterations} edits per 50-line case, half for 200 lines`);
  return worker('keystroke', P.keystroke);
}

async function sectionCold() {
  log(`cold start (Node): ${P.coldProcesses} fresh processes`);
  const runs = [];
  for (let i = 0; i < P.coldProcesses; i++)
    runs.push(await worker('cold', { lines: 50, secret: false }));
  return {
    runs,
    importMs: median(runs.map((r) => r.importMs)),
    firstCallMs: median(runs.map((r) => r.firstCallMs)),
    secondCallMs: median(runs.map((r) => r.secondCallMs)),
  };
}

async function sectionBrowser() {
  log(`keystroke (Chromium): ${P.browser.iterations} edits per 50-line case`);
  try {
    const r = await runBrowser(P.browser);
    if (r.skipped) log(r.skipped);
    return r;
  } catch (error) {
    log(`Chromium part failed: ${error.message}`);
    return { skipped: `Chromium run failed: ${error.message.split('\n')[0]}` };
  }
}

async function sectionSize() {
  log(`size independence: ${P.size.counts.join('/')} cells, ${P.size.iterations} edits each`);
  return worker('size', P.size);
}

async function sectionBreakdown(corpus) {
  log(
    `where the time goes, by rule: ${P.breakdown.iterations} keystrokes${corpus ? ' and one in-process corpus analysis' : ''}`,
  );
  return worker('breakdown', { corpus, iterations: P.breakdown.iterations });
}

async function sectionWhatIf() {
  log('what-if: incremental lezer reparse per keystroke; a cell no rule needs to parse');
  return {
    parse: await worker('incrementalParse', P.whatif),
    unparsed: await worker('unparsedCell', { iterations: QUICK ? 300 : 800, warmup: 300 }),
  };
}

/** Model files (bench/models.mjs): each case in its own process, so its peak RSS is its own. */
async function sectionModels() {
  const out = {};
  for (const which of ['pickles', 'sparse']) {
    log(`models: ${which}`);
    const r = await exec(process.execPath, [join(REPO_ROOT, 'bench/models.mjs'), which]);
    if (r.code !== 0)
      throw new Error(`bench/models.mjs ${which} failed: ${r.stderr.slice(0, 2000)}`);
    out[which] = JSON.parse(r.stdout.trim().split('\n').pop());
  }
  return out;
}

function modelsTable(m) {
  const mb = (b) => `${(b / 1024 ** 2).toFixed(b < 1024 ** 2 ? 2 : 0)} MB`;
  return [
    'Model files (`cellguard scan DIR`, in process; printed, not asserted)',
    `  1,000 small model files (${mb(m.pickles.bytes)}): ${m.pickles.ms} ms wall, ${m.pickles.cpuMs} ms CPU, peak RSS ${m.pickles.peakRssMB} MB, ${m.pickles.findings} findings`,
    `  2 GiB sparse checkpoint (${mb(m.sparse.fileBytes)} long, ${mb(m.sparse.diskBytes)} on disk): ${m.sparse.ms} ms wall, ${m.sparse.cpuMs} ms CPU, peak RSS ${m.sparse.peakRssMB} MB`,
  ].join('\n');
}

async function sectionMemory() {
  log(`memory: heap after ${P.memory.analyses} cell analyses`);
  return worker('memory', P.memory, ['--expose-gc']);
}

async function sectionThroughput(corpus) {
  const files = listNotebooks(corpus);
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const mb = bytes / 1e6;
  const peers = peerCommands(corpus, { extra: QUICK ? [] : ['cellguard-jobs2'] }).filter(
    (p) => p.id !== 'secretlint' || existsSync(SECRETLINT_BIN),
  );
  log(
    `throughput over ${files.length} notebooks, ${mb.toFixed(1)} MB: ${P.rounds} alternating rounds of ${peers.map((p) => p.id).join(', ')} (default output, stdout to /dev/null)`,
  );
  const { summary, ratio } = await pairedRounds(peers, P.rounds, { log });
  const floorInProcess = summary.floor.runs.map((r) => JSON.parse(r.stderr.trim()).inProcessMs);
  const mbPerS = (ms) => mb / (ms / 1000);
  for (const s of Object.values(summary)) s.mbPerS = mbPerS(s.wallMs);
  summary.floor.inProcessMs = median(floorInProcess);
  const has = (id) => summary[id] !== undefined;
  log(
    `  secretlint core in-process over cell sources + text outputs, best of ${P.secretlintCoreRepeats}`,
  );
  const slCore = await worker('secretlintCore', { corpus, repeats: P.secretlintCoreRepeats });
  return {
    files: files.length,
    bytes,
    rounds: P.rounds,
    peers: summary,
    secretlintCore: { ...slCore, mbPerS: slCore.bytes / 1e6 / (slCore.bestMs / 1000) },
    // Paired: each round's ratio, then the median over rounds.
    wallVsFloor: ratio('cellguard', 'floor', 'ms'),
    cpuVsFloor: ratio('cellguard', 'floor', 'cpuS'),
    wallVsSecretlint: has('secretlint') ? ratio('cellguard', 'secretlint', 'ms') : undefined,
    cpuVsSecretlint: has('secretlint') ? ratio('cellguard', 'secretlint', 'cpuS') : undefined,
    jobs2Wall: has('cellguard-jobs2') ? ratio('cellguard-jobs2', 'cellguard', 'ms') : undefined,
    jobs2Cpu: has('cellguard-jobs2') ? ratio('cellguard-jobs2', 'cellguard', 'cpuS') : undefined,
  };
}

/**
 * Peak memory on a generated corpus of large HTML DataFrame outputs (the worst case for output
 * caches), next to secretlint on the same files. Written to a temporary directory, removed after.
 */
async function sectionHtmlMemory() {
  const dir = join(os.tmpdir(), `cellguard-bench-html-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const bytes = writeHtmlCorpus(dir, P.htmlCorpus);
  log(`peak memory: generated corpus of large HTML outputs, ${(bytes / 1e6).toFixed(1)} MB`);
  try {
    const peers = peerCommands(dir).filter(
      (p) => p.id === 'cellguard' || (p.id === 'secretlint' && existsSync(SECRETLINT_BIN)),
    );
    const { summary } = await pairedRounds(peers, 1, { log });
    return { bytes, files: P.htmlCorpus.notebooks, peers: summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Start-up: `cellguard --version` and a one-notebook scan (the pre-commit case), fresh processes. */
async function sectionStartup(corpus) {
  // The notebook of median size in the corpus: a typical pre-commit hook's one staged file.
  const bySize = corpus
    ? listNotebooks(corpus).sort((x, y) => statSync(x).size - statSync(y).size)
    : [];
  const nbFile = bySize[Math.floor(bySize.length / 2)];
  const peers = [
    { id: 'node', label: 'node -e 0 (bare Node)', argv: [process.execPath, '-e', '0'] },
    { id: 'version', label: 'cellguard --version', argv: [process.execPath, CLI, '--version'] },
    ...(nbFile
      ? [
          {
            id: 'oneNotebook',
            label: `cellguard scan <one notebook> (${(statSync(nbFile).size / 1024).toFixed(0)} KB)`,
            argv: [process.execPath, CLI, 'scan', nbFile],
          },
        ]
      : []),
  ].map((p) => ({ ...p, cwd: os.tmpdir(), okCodes: [0, 1] }));
  log(`start-up: ${P.startupRounds} rounds of ${peers.map((p) => p.id).join(', ')}`);
  const { summary } = await pairedRounds(peers, P.startupRounds);
  return { notebook: nbFile && relative(REPO_ROOT, nbFile), peers: summary };
}

/**
 * The static/*.js files the extension actually loads: the newest remoteEntry and the chunks whose
 * content hash it names (stale chunks of earlier builds are left out). `style.js` has no hash and
 * is always counted.
 */
function reachableChunks(staticDir) {
  const all = readdirSync(staticDir).filter((f) => f.endsWith('.js'));
  const entries = all
    .filter((f) => f.startsWith('remoteEntry.'))
    .sort((a, b) => statSync(join(staticDir, b)).mtimeMs - statSync(join(staticDir, a)).mtimeMs);
  // No remoteEntry: not built (or a build is in progress).
  if (entries.length === 0) return [];
  const entryText = readFileSync(join(staticDir, entries[0]), 'utf8');
  return all.filter((f) => {
    if (f === entries[0]) return true;
    if (f.startsWith('remoteEntry.')) return false;
    const hash = f.split('.').slice(-2, -1)[0];
    return f.split('.').length < 3 || entryText.includes(hash);
  });
}

async function sectionBundle() {
  log('sizes: core bundle, JupyterLab extension, .vsix');
  const core = await coreBundleSize();
  const staticDir = join(REPO_ROOT, 'jupyter-ext/cellguard_jupyterlab/labextension/static');
  let jupyter;
  const jsFiles = existsSync(staticDir) ? reachableChunks(staticDir) : [];
  if (jsFiles.length === 0) jupyter = { built: false };
  else {
    let raw = 0;
    let gz = 0;
    const perFile = [];
    for (const f of jsFiles) {
      const buf = readFileSync(join(staticDir, f));
      const g = gzipSync(buf, { level: 9 }).length;
      raw += buf.length;
      gz += g;
      perFile.push({ file: f, bytes: buf.length, gzBytes: g });
    }
    jupyter = {
      built: true,
      files: jsFiles.length,
      bytes: raw,
      gzBytes: gz,
      perFile: perFile.sort((a, b) => b.gzBytes - a.gzBytes),
    };
  }
  const extDir = join(REPO_ROOT, 'vscode-ext');
  const vsixFiles = existsSync(extDir)
    ? readdirSync(extDir).filter((f) => f.endsWith('.vsix'))
    : [];
  const vsix =
    vsixFiles.length === 0
      ? { built: false }
      : { built: true, file: vsixFiles[0], bytes: statSync(join(extDir, vsixFiles[0])).size };
  return { core, jupyter, vsix };
}

/** CPU profiles of the hot paths: the per-keystroke loop and a full CLI scan. */
async function sectionProfiles(corpus, which) {
  const dir = join(RESULTS_DIR, 'profiles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = {};
  const latest = (prefix) => {
    const files = readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.cpuprofile'));
    return files.length ? join(dir, files.sort().pop()) : undefined;
  };
  if (which.keystroke) {
    log('profiling the per-keystroke loop (--cpu-prof)');
    const sub = join(dir, 'keystroke');
    mkdirSync(sub);
    await worker('keystroke', { iterations: QUICK ? 400 : 600, warmup: 200 }, [
      '--cpu-prof',
      `--cpu-prof-dir=${sub}`,
      '--cpu-prof-interval=100',
    ]);
    const f = readdirSync(sub).find((x) => x.endsWith('.cpuprofile'));
    if (f) out.keystroke = { file: relative(REPO_ROOT, join(sub, f)), ...summarise(join(sub, f)) };
  }
  if (which.scan && corpus) {
    log('profiling a full CLI scan (--cpu-prof)');
    const sub = join(dir, 'scan');
    mkdirSync(sub);
    await exec(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${sub}`, CLI, 'scan', corpus], {
      cwd: corpus,
    });
    const f = readdirSync(sub).find((x) => x.endsWith('.cpuprofile'));
    if (f) out.scan = { file: relative(REPO_ROOT, join(sub, f)), ...summarise(join(sub, f)) };
  }
  void latest;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Report

const f1 = (x) =>
  x === undefined || Number.isNaN(x)
    ? 'n/a'
    : x >= 100
      ? x.toFixed(0)
      : x >= 10
        ? x.toFixed(1)
        : x.toFixed(2);
const f3 = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : x < 1 ? x.toFixed(3) : f1(x));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok) => (ok === undefined ? '—' : ok ? 'PASS' : 'MISS');
const mib = (kbytes) => (Number.isFinite(kbytes) ? (kbytes / 1024).toFixed(0) : 'n/a');
const pct3 = (s) => `${f3(s.p50)} / ${f3(s.p95)} / ${f3(s.p99)}`;

function buildRows(r) {
  const rows = [];
  const add = (section, measure, value, target = '—', ok = undefined) =>
    rows.push({ section, measure, value, target, result: verdict(ok) });

  if (r.keystroke) {
    for (const [name, s] of Object.entries(r.keystroke)) {
      if (typeof s !== 'object' || s === null || s.p50 === undefined) continue;
      const is50 = name.startsWith('50');
      add(
        'Keystroke, Node',
        `${name}: p50 / p95 / p99 ms (n=${s.n}, findings ${s.findings}); CPU-time p50 / p95`,
        `${pct3(s)}; cpu ${f3(s.cpu?.p50)} / ${f3(s.cpu?.p95)}`,
        is50 ? `p95 ≤ ${TARGETS.nodeP95}, p99 ≤ ${TARGETS.nodeP99} ms` : '—',
        is50 ? s.p95 <= TARGETS.nodeP95 && s.p99 <= TARGETS.nodeP99 : undefined,
      );
    }
  }
  if (r.cold) {
    add(
      'Keystroke, Node',
      `cold, fresh process (median of ${r.cold.runs.length}): import core / first call / second call ms`,
      `${f1(r.cold.importMs)} / ${f1(r.cold.firstCallMs)} / ${f1(r.cold.secondCallMs)}`,
    );
  }
  if (r.keystroke) {
    const s = r.keystroke['50 lines'];
    if (s)
      add(
        'Keystroke, Node',
        'cold, first call of the first analyzer, in the timing process (after import) ms',
        f1(s.cold),
      );
    if (r.keystroke.freshAnalyzerMs !== undefined)
      add(
        'Keystroke, Node',
        'cold, a new analyzer in a warm process: first call ms (50 lines)',
        f3(r.keystroke.freshAnalyzerMs),
      );
  }
  if (r.browser) {
    if (r.browser.skipped) add('Keystroke, Chromium', 'skipped', r.browser.skipped);
    else {
      for (const [name, s] of Object.entries(r.browser.keystroke)) {
        const is50 = name.startsWith('50');
        add(
          'Keystroke, Chromium',
          `${name}: p50 / p95 / p99 ms (n=${s.n}, findings ${s.findings})`,
          pct3(s),
          is50 ? `p95 ≤ ${TARGETS.chromiumP95} ms` : '—',
          is50 ? s.p95 <= TARGETS.chromiumP95 : undefined,
        );
      }
      const cold = r.browser.cold;
      add(
        'Keystroke, Chromium',
        `cold, fresh page (median of ${cold.length}): bundle load+init / first call ms`,
        `${f1(median(cold.map((c) => c.loadMs)))} / ${f1(median(cold.map((c) => c.firstCallMs)))}`,
      );
    }
  }
  if (r.size) {
    const counts = Object.keys(r.size)
      .filter((k) => /^\d+$/.test(k))
      .map(Number)
      .sort((a, b) => a - b);
    for (const c of counts)
      add(
        'Notebook size',
        `edit last cell of a ${c}-cell notebook: p50 / p95 / p99 ms`,
        pct3(r.size[c]),
      );
    const lo = r.size[counts[0]];
    const hi = r.size[counts[counts.length - 1]];
    const ratio = hi.p50 / lo.p50;
    add(
      'Notebook size',
      `ratio ${counts[counts.length - 1]}/${counts[0]} cells (p50; p95 ratio ${f1(hi.p95 / lo.p95)})`,
      `${ratio.toFixed(2)}×`,
      `≤ ${TARGETS.flatRatio}× (flat)`,
      ratio <= TARGETS.flatRatio,
    );
  }
  const peerValue = (s) =>
    `${f1(s.mbPerS)} MB/s (${f1(s.wallMs / 1000)} s wall, ${f1(s.cpuS)} s CPU, peak ${mib(s.peakRssKB)} MiB)`;
  if (r.throughput) {
    const t = r.throughput;
    if (t.skipped) add('Whole scan', 'skipped', t.skipped);
    else {
      const n = `median of ${t.rounds} alternating rounds`;
      add(
        'Whole scan',
        `${t.files} real notebooks, ${(t.bytes / 1e6).toFixed(1)} MB; each peer as its users run it, stdout to /dev/null`,
        n,
      );
      const floor = t.peers.floor;
      add(
        'Whole scan',
        floor.label,
        `${peerValue(floor)}; in-process ${f1(floor.inProcessMs / 1000)} s`,
      );
      for (const id of ['cellguard', 'cellguard-jobs2', 'secretlint'])
        if (t.peers[id]) add('Whole scan', t.peers[id].label, peerValue(t.peers[id]));
      add(
        'Whole scan',
        'cellguard ÷ floor, wall (paired; CPU ratio in brackets)',
        `${f1(t.wallVsFloor)}× (${f1(t.cpuVsFloor)}× CPU)`,
        `≤ ${TARGETS.wallVsFloor}×`,
        t.wallVsFloor <= TARGETS.wallVsFloor,
      );
      if (t.wallVsSecretlint !== undefined) {
        add(
          'Whole scan',
          'cellguard ÷ secretlint CLI, wall (paired)',
          `${f3(t.wallVsSecretlint)}×`,
          `≤ ${TARGETS.wallVsSecretlint}×`,
          t.wallVsSecretlint <= TARGETS.wallVsSecretlint,
        );
        add(
          'Whole scan',
          'cellguard ÷ secretlint CLI, CPU time (paired)',
          `${f3(t.cpuVsSecretlint)}×`,
          `≤ ${TARGETS.cpuVsSecretlint}×`,
          t.cpuVsSecretlint <= TARGETS.cpuVsSecretlint,
        );
      } else add('Whole scan', 'secretlint CLI', 'not installed (npm ci)');
      if (t.jobs2Wall !== undefined)
        add(
          'Whole scan',
          'cellguard --jobs 2 ÷ default, wall / CPU (paired; why the default)',
          `${f3(t.jobs2Wall)}× / ${f3(t.jobs2Cpu)}×`,
        );
      add(
        'Whole scan',
        'cellguard peak RSS on the real corpus',
        `${mib(t.peers.cellguard.peakRssKB)} MiB`,
        `≤ ${TARGETS.peakRssMiB} MiB`,
        t.peers.cellguard.peakRssKB / 1024 <= TARGETS.peakRssMiB,
      );
      add(
        'Whole scan',
        `secretlint core in-process over ${t.secretlintCore.texts} cell sources + text outputs (${(t.secretlintCore.textChars / 1e6).toFixed(1)} M chars), best of ${P.secretlintCoreRepeats}`,
        `${f1(t.secretlintCore.mbPerS)} MB/s (${f1(t.secretlintCore.bestMs / 1000)} s)`,
      );
    }
  }
  if (r.htmlMemory) {
    const h = r.htmlMemory;
    const cg = h.peers.cellguard;
    const sl = h.peers.secretlint;
    add(
      'Peak memory',
      `generated: ${h.files} notebooks of large HTML DataFrame outputs, ${(h.bytes / 1e6).toFixed(1)} MB — cellguard scan (secretlint on the same files)`,
      `${mib(cg.peakRssKB)} MiB, ${f1(cg.wallMs / 1000)} s wall, ${f1(cg.cpuS)} s CPU${sl ? ` (secretlint ${mib(sl.peakRssKB)} MiB, ${f1(sl.wallMs / 1000)} s, ${f1(sl.cpuS)} s CPU)` : ''}`,
      `≤ ${TARGETS.peakRssMiB} MiB`,
      cg.peakRssKB / 1024 <= TARGETS.peakRssMiB,
    );
  }
  if (r.startup) {
    const p = r.startup.peers;
    for (const id of ['node', 'version', 'oneNotebook']) {
      if (!p[id]) continue;
      const target = id === 'node' ? undefined : p[id].wallMs / 1000 <= TARGETS.startupS;
      add(
        'Start-up',
        `${p[id].label}: median of ${p[id].runs.length}, wall / CPU`,
        `${f3(p[id].wallMs / 1000)} s / ${f3(p[id].cpuS)} s`,
        id === 'node' ? '—' : `≤ ${TARGETS.startupS} s`,
        target,
      );
    }
  }
  if (r.memory) {
    const m = r.memory;
    add(
      'Memory',
      `heap growth after ${m.analyses} cell analyses (gc before and after; ${m.heapBeforeMB.toFixed(1)} → ${m.heapAfterMB.toFixed(1)} MB)`,
      `${m.growthMB.toFixed(2)} MB`,
      `≤ ${TARGETS.heapGrowthMB} MB`,
      m.growthMB <= TARGETS.heapGrowthMB,
    );
    add(
      'Memory',
      'performance timeline entries left after those analyses (secretlint profiler leak check)',
      String(m.perfEntries),
      '0',
      m.perfEntries === 0,
    );
  }
  if (r.bundle) {
    const b = r.bundle;
    add(
      'Size',
      'core bundle (esbuild, browser, minified ESM): min / min+gz',
      `${kb(b.core.minBytes)} / ${kb(b.core.minGzBytes)}`,
    );
    if (b.core.minBytesByPackage)
      add(
        'Size',
        'core bundle, minified bytes by package (largest 4)',
        b.core.minBytesByPackage
          .slice(0, 4)
          .map((p) => `${p.name} ${kb(p.bytes)}`)
          .join(', '),
      );
    if (b.jupyter.built)
      add(
        'Size',
        `JupyterLab extension labextension/static/*.js (${b.jupyter.files} files): min / min+gz`,
        `${kb(b.jupyter.bytes)} / ${kb(b.jupyter.gzBytes)}`,
        `≤ ${TARGETS.jupyterGzKB} KB gz`,
        b.jupyter.gzBytes / 1024 <= TARGETS.jupyterGzKB,
      );
    else add('Size', 'JupyterLab extension bundle', 'not built', `≤ ${TARGETS.jupyterGzKB} KB gz`);
    add(
      'Size',
      'VS Code extension .vsix',
      b.vsix.built ? `${kb(b.vsix.bytes)} (${b.vsix.file})` : 'not built',
    );
  }
  return rows;
}

function markdownTable(rows) {
  const lines = ['| Section | Measure | Value | Target | Result |', '|---|---|---|---|---|'];
  for (const row of rows)
    lines.push(
      `| ${row.section} | ${row.measure} | ${row.value} | ${row.target} | ${row.result} |`,
    );
  return lines.join('\n');
}

function breakdownTables(r) {
  const parts = [];
  const b = r.breakdown;
  if (b?.keystroke) {
    parts.push(
      `#### Per keystroke, 50-line cell (median per call of each part; whole call p50 ${f3(b.keystroke.p50Ms)} ms)`,
      '',
      `Each rule is timed by a wrapper around its visitors; the lezer parse and the call list are timed where a rule first asks for them and taken off that rule. The wrappers' own cost (${f3(b.wrapperOverheadUsPerVisit)} µs per visit, calibrated on no-op rules) is taken off the engine's share.`,
      '',
      '| Part | p50 µs | mean µs | % of call p50 |',
      '|---|---|---|---|',
    );
    for (const row of b.keystroke.rows.filter((x) => x.meanUs >= 1).slice(0, 12))
      parts.push(
        `| ${row.id} | ${f1(row.p50Us)} | ${f1(row.meanUs)} | ${row.pctOfP50.toFixed(1)} |`,
      );
    parts.push('');
  }
  if (b?.scan) {
    parts.push(
      `#### Full corpus, in-process (${b.scan.files} notebooks; read + parseNotebook ${f1(b.scan.readParseMs / 1000)} s, analyzeNotebook ${f1(b.scan.analyzeMs / 1000)} s)`,
      '',
      '| Part | total ms | µs per notebook | % of analysis |',
      '|---|---|---|---|',
    );
    for (const row of b.scan.rows.slice(0, 14))
      parts.push(`| ${row.id} | ${f1(row.ms)} | ${f1(row.perCallUs)} | ${row.pct.toFixed(1)} |`);
    parts.push('');
  }
  if (r.whatif) {
    parts.push(
      '#### What-if: incremental lezer reparse per keystroke (`TreeFragment` reuse of the previous tree)',
      '',
      '| Cell, parser bufferLength | full parse p50 / p95 ms | incremental p50 / p95 ms |',
      '|---|---|---|',
    );
    for (const [name, w] of Object.entries(r.whatif.parse ?? {})) {
      if (typeof w !== 'object' || !w.full) continue;
      parts.push(
        `| ${name}${w.bufferLength === 1024 ? ' (default)' : ''} | ${f3(w.full.p50)} / ${f3(w.full.p95)} | ${f3(w.incremental.p50)} / ${f3(w.incremental.p95)} |`,
      );
    }
    parts.push('');
    if (r.whatif.unparsed) {
      parts.push(
        '#### What-if: the same 50-line keystroke when no rule needs the Python tree',
        '',
        'Same cell with every `load` spelled `feed` (`DataLoader` → `DataFeeder`), so the model-loading prefilter `/load|…/` does not fire and nothing parses.',
        '',
        '| Cell | wall p50 / p95 ms | CPU p50 / p95 ms |',
        '|---|---|---|',
      );
      for (const [name, w] of Object.entries(r.whatif.unparsed)) {
        if (typeof w !== 'object' || !w.wall) continue;
        parts.push(
          `| ${name} | ${f3(w.wall.p50)} / ${f3(w.wall.p95)} | ${f3(w.cpu.p50)} / ${f3(w.cpu.p95)} |`,
        );
      }
      parts.push('');
    }
  }
  if (b?.keystrokeParseAskedBy || b?.scanParseAskedBy) {
    const fmt = (m) =>
      Object.entries(m ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    parts.push(
      '#### Who makes a cell parse (first asker; the parse is lazy)',
      '',
      `- Per keystroke: ${fmt(b.keystrokeParseAskedBy)} (of ${b.keystroke.calls + 300} edits incl. warm-up)`,
      `- Corpus: ${fmt(b.scanParseAskedBy)}`,
      '',
    );
  }
  return parts.join('\n');
}

/** A table cell: long regex sources shortened, pipes escaped. */
const cell = (text) => (text.length > 110 ? `${text.slice(0, 110)}…` : text).replaceAll('|', '\\|');

function profileTables(profiles) {
  const parts = [];
  for (const [name, p] of Object.entries(profiles ?? {})) {
    parts.push(
      `#### ${name === 'keystroke' ? 'Per-keystroke loop (node-worker keystroke)' : 'Full CLI scan of the corpus'} — ${f1(p.totalMs)} ms sampled, \`${p.file}\``,
    );
    parts.push('', '| Self time by file | ms | % |', '|---|---|---|');
    for (const x of p.files)
      parts.push(`| \`${cell(x.name)}\` | ${f1(x.ms)} | ${x.pct.toFixed(1)} |`);
    parts.push('', '| Self time by function | ms | % |', '|---|---|---|');
    for (const x of p.functions)
      parts.push(`| \`${cell(x.name)}\` | ${f1(x.ms)} | ${x.pct.toFixed(1)} |`);
    parts.push('');
  }
  return parts.join('\n');
}

const NOTES_START = '<!-- notes:start -->';
const NOTES_END = '<!-- notes:end -->';

async function writeResultsMd(result, rows) {
  const path = join(REPO_ROOT, 'bench/RESULTS.md');
  let notes = `${NOTES_START}\n${NOTES_END}`;
  if (existsSync(path)) {
    const old = readFileSync(path, 'utf8');
    const a = old.indexOf(NOTES_START);
    const b = old.indexOf(NOTES_END);
    if (a >= 0 && b > a) notes = old.slice(a, b + NOTES_END.length);
  }
  const m = result.machine;
  const md = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.mjs); the raw numbers are in `bench/results/latest.json` (not committed).',
    'Times are wall-clock unless marked CPU (process CPU time, all threads). MB = 10⁶ bytes of notebook files on disk. Targets are printed, not asserted.',
    '',
    `- Date: ${result.date}${result.quick ? ' (**--quick run**: fewer iterations)' : ''}`,
    `- Commit: ${result.git.commit}${result.git.sharedDirty ? ' (shared/ had uncommitted changes)' : ''}; ${result.rules.length} rules active (ids in latest.json)`,
    `- Machine: ${m.cpu} × ${m.cores} cores, ${m.memGB} GB RAM, ${m.os}; load average at start ${m.loadavg.map((x) => x.toFixed(2)).join(' ')}`,
    `- Node ${m.node}${result.browser && !result.browser.skipped ? `; Chromium ${result.browser.version} headless (cross-origin isolated: ${result.browser.crossOriginIsolated})` : ''}`,
    '',
    markdownTable(rows),
    '',
    ...(result.breakdown || result.whatif
      ? ['## Where the time goes', '', breakdownTables(result)]
      : []),
    ...(result.profiles && Object.keys(result.profiles).length
      ? ['## CPU profiles (self time, idle excluded)', '', profileTables(result.profiles)]
      : []),
    '## Analysis',
    '',
    notes,
    '',
  ].join('\n');
  // Formatted as `npm run format:check` expects (prettier is a dev dependency; skipped if absent).
  let formatted = md;
  try {
    const prettier = await import('prettier');
    formatted = await prettier.format(md, {
      ...(await prettier.resolveConfig(path)),
      filepath: path,
    });
  } catch {
    formatted = md;
  }
  writeFileSync(path, formatted);
}

function printTable(rows) {
  const cols = ['section', 'measure', 'value', 'target', 'result'];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals) => vals.map((v, i) => String(v).padEnd(width[i])).join('  ');
  process.stdout.write(line(cols.map((c) => c.toUpperCase())) + '\n');
  process.stdout.write(width.map((w) => '-'.repeat(w)).join('  ') + '\n');
  for (const r of rows) process.stdout.write(line(cols.map((c) => r[c])) + '\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  if (!existsSync(join(REPO_ROOT, 'shared/dist/index.js'))) {
    process.stderr.write('bench: shared/dist is missing; run "npm run build" first\n');
    process.exit(2);
  }
  const core = await import(join(REPO_ROOT, 'shared/dist/index.js'));
  const corpus = corpusDir();
  const result = {
    date: new Date().toISOString(),
    quick: QUICK,
    git: await gitInfo(),
    rules: core.allRules.map((r) => r.meta.id),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memGB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}${existsSync('/etc/debian_version') ? ` (Debian ${readFileSync('/etc/debian_version', 'utf8').trim()})` : ''}`,
      node: process.version,
      loadavg: os.loadavg(),
    },
    params: P,
    targets: TARGETS,
  };
  result.sectionSeconds = {};
  const section = async (name, run, always = false) => {
    if (!always && !want(name)) return;
    const t0 = performance.now();
    result[name] = await run();
    result.sectionSeconds[name] = (performance.now() - t0) / 1000;
  };
  await section('keystroke', sectionKeystroke);
  await section('cold', sectionCold);
  await section('browser', sectionBrowser);
  await section('size', sectionSize);
  await section('memory', sectionMemory);
  await section('throughput', async () => {
    if (corpus) return sectionThroughput(corpus);
    log('corpus not found (set CELLGUARD_BENCH_CORPUS): throughput skipped');
    return { skipped: 'corpus not found (set CELLGUARD_BENCH_CORPUS)' };
  });
  await section('htmlMemory', sectionHtmlMemory);
  await section('startup', () => sectionStartup(corpus));
  await section('bundle', sectionBundle);
  await section('breakdown', () => sectionBreakdown(corpus));
  await section('whatif', sectionWhatIf);
  await section('models', sectionModels);

  const keystrokeMissed =
    (result.keystroke && result.keystroke['50 lines']?.p95 > TARGETS.nodeP95) ||
    (result.browser?.keystroke && result.browser.keystroke['50 lines']?.p95 > TARGETS.chromiumP95);
  const scanMissed =
    result.throughput &&
    !result.throughput.skipped &&
    (result.throughput.wallVsFloor > TARGETS.wallVsFloor ||
      result.throughput.wallVsSecretlint > TARGETS.wallVsSecretlint);
  if (PROFILE || keystrokeMissed || scanMissed) {
    await section(
      'profiles',
      () =>
        sectionProfiles(corpus, {
          keystroke: PROFILE || keystrokeMissed,
          scan: PROFILE || scanMissed,
        }),
      true,
    );
  }
  result.elapsedS = (performance.now() - started) / 1000;

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  const rows = buildRows(result);
  writeFileSync(
    join(RESULTS_DIR, 'latest.json'),
    JSON.stringify({ ...result, table: rows }, null, 2) + '\n',
  );
  process.stdout.write('\n');
  printTable(rows);
  if (result.breakdown || result.whatif)
    process.stdout.write('\n' + breakdownTables(result) + '\n');
  if (result.models) process.stdout.write('\n' + modelsTable(result.models) + '\n');
  if (result.profiles) {
    for (const [name, p] of Object.entries(result.profiles)) {
      process.stdout.write(`\nCPU profile, ${name}: top self time by file\n`);
      for (const x of p.files.slice(0, 8))
        process.stdout.write(`  ${x.pct.toFixed(1).padStart(5)}%  ${x.name}\n`);
    }
  }
  if (WRITE && !ONLY) await writeResultsMd(result, rows);
  process.stdout.write(
    `\nbench/results/latest.json written${WRITE && !ONLY ? ', bench/RESULTS.md updated' : ''}; ${result.elapsedS.toFixed(0)} s\n`,
  );
}

await main();
