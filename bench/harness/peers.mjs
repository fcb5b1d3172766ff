/**
 * The whole-scan comparison: Cellguard, the secretlint CLI and the read + `JSON.parse` floor, each
 * run the way its users run it — default output format, written to stdout, stdout sent to
 * /dev/null — in alternating rounds so that load on the machine falls on every peer alike.
 *
 * Why default output: `secretlint --format json` writes every file's text into its report and
 * makes secretlint itself ~1.3× slower (issue #15); a benchmark that flatters us is a defect.
 * `test/core/bench-peers.test.ts` runs these very commands and checks their output is the
 * default, human-readable one.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from './corpus.mjs';

export const DEV_NULL = '/dev/null';
export const CELLGUARD_CLI = join(REPO_ROOT, 'shared/bin/cellguard.js');
export const SECRETLINT_BIN = join(REPO_ROOT, 'node_modules/secretlint/bin/secretlint.js');
export const SECRETLINT_RC = join(REPO_ROOT, 'bench/secretlintrc.json');
export const FLOOR_SCRIPT = join(REPO_ROOT, 'bench/harness/floor.mjs');
const TIME = '/usr/bin/time';

/** Flags that pick a non-default report format or destination; no peer may carry one. */
export const OUTPUT_FLAGS = ['--format', '-f', '--output', '-o'];

/**
 * The commands of the comparison, run from inside `corpus` (so no repository `.cellguard.json`
 * applies and every Cellguard rule family is on). `extra` adds variants that are measured for a
 * decision but are not how users run the tool (e.g. `cellguard scan --jobs 2`).
 *
 * @returns {{id: string, label: string, argv: string[], cwd: string, okCodes: number[]}[]}
 */
export function peerCommands(corpus, { extra = [] } = {}) {
  const node = process.execPath;
  const peers = [
    {
      id: 'floor',
      label: 'floor: read + JSON.parse every notebook (a Node process)',
      argv: [node, FLOOR_SCRIPT, '.'],
      cwd: corpus,
      okCodes: [0],
    },
    {
      id: 'cellguard',
      label: 'cellguard scan . (default text output, all rule families)',
      argv: [node, CELLGUARD_CLI, 'scan', '.'],
      cwd: corpus,
      // 1: findings (the default --fail-on); both are a completed scan.
      okCodes: [0, 1],
    },
    {
      id: 'secretlint',
      label: 'secretlint "**/*.ipynb" (default stylish output, recommend preset)',
      argv: [node, SECRETLINT_BIN, '--secretlintrc', SECRETLINT_RC, '**/*.ipynb'],
      cwd: corpus,
      okCodes: [0, 1],
    },
  ];
  for (const x of extra) {
    if (x === 'cellguard-jobs2')
      peers.push({
        id: 'cellguard-jobs2',
        label: 'cellguard scan . --jobs 2 (main thread + one worker)',
        argv: [node, CELLGUARD_CLI, 'scan', '.', '--jobs', '2'],
        cwd: corpus,
        okCodes: [0, 1],
      });
    else throw new Error(`unknown peer variant ${x}`);
  }
  return peers;
}

/**
 * Run one peer with stdout written to `sink` (default /dev/null, as a shell's `> /dev/null`).
 * Resolves with wall ms, CPU seconds (user + system of the process and its threads, from
 * /usr/bin/time; NaN without it), peak RSS KB, exit code and stderr.
 */
export function runPeer(peer, { sink = DEV_NULL } = {}) {
  const timed = existsSync(TIME);
  const timeOut = join(os.tmpdir(), `cellguard-bench-time-${process.pid}-${peer.id}.txt`);
  const argv = timed ? [TIME, '-f', '%M %U %S', '-o', timeOut, ...peer.argv] : peer.argv;
  const fd = openSync(sink, 'w');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      cwd: peer.cwd,
      stdio: ['ignore', fd, 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error) => {
      closeSync(fd);
      reject(error);
    });
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      closeSync(fd);
      let rssKB = NaN;
      let cpuS = NaN;
      if (timed && existsSync(timeOut)) {
        const [rss, user, sys] = readFileSync(timeOut, 'utf8')
          .trim()
          .split('\n')
          .pop()
          .split(' ')
          .map(Number);
        rmSync(timeOut, { force: true });
        rssKB = rss;
        cpuS = user + sys;
      }
      if (!peer.okCodes.includes(code)) {
        reject(new Error(`${peer.id} exited ${code}: ${stderr.slice(0, 500)}`));
        return;
      }
      resolve({ code, ms, cpuS, rssKB, stderr });
    });
  });
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `rounds` rounds; in each every peer runs once, the order rotating by one each round (so no peer
 * always runs first, or right after the heaviest one). Returns, per peer, its runs and medians,
 * and `ratio(a, b, key)`: the median over rounds of a's value ÷ b's in the same round. `sink`
 * names where a peer's stdout goes (tests read it; the bench keeps /dev/null).
 */
export async function pairedRounds(peers, rounds, { log = () => {}, sink = () => DEV_NULL } = {}) {
  const runs = Object.fromEntries(peers.map((p) => [p.id, []]));
  for (let r = 0; r < rounds; r++) {
    const order = peers.map((_, i) => peers[(i + r) % peers.length]);
    for (const peer of order) {
      const result = await runPeer(peer, { sink: sink(peer) });
      runs[peer.id].push(result);
      log(
        `  round ${r + 1}/${rounds} ${peer.id}: ${(result.ms / 1000).toFixed(2)} s wall, ${result.cpuS.toFixed(2)} s CPU`,
      );
    }
  }
  const summary = {};
  for (const peer of peers) {
    const xs = runs[peer.id];
    summary[peer.id] = {
      label: peer.label,
      argv: peer.argv.slice(1).map((a) => a.replace(REPO_ROOT + '/', '')),
      runs: xs.map(({ stderr, ...rest }) => (peer.id === 'floor' ? { ...rest, stderr } : rest)),
      wallMs: median(xs.map((x) => x.ms)),
      cpuS: median(xs.map((x) => x.cpuS)),
      peakRssKB: Math.max(...xs.map((x) => x.rssKB)),
    };
  }
  const ratio = (a, b, key) =>
    median(runs[a].map((x, i) => x[key] / runs[b][i][key]).filter((x) => Number.isFinite(x)));
  return { summary, ratio };
}
