/**
 * Worker of regex-safety.test.ts. Two jobs:
 *   - `regex`: time a search of each adversarial input at 1 MB and at 250 KB, report the worst;
 *   - `rule`: run one rule alone through the analyzer on adversarial text as a code cell,
 *     a markdown cell, a stream output and a text/html output.
 * It posts a message before each input so the parent can kill it at a per-input deadline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer, getRule, notebookFromJson } from '@cellguard/core';
import { adversarialInputs, timeScan } from './fuzz-regex.js';

export interface RegexJob {
  readonly kind: 'regex';
  readonly id: number;
  readonly source: string;
  readonly flags: string;
  /** Longest input the pattern ever sees in the code (see BOUNDED_BY_CONTEXT); default 1 MB. */
  readonly maxInput?: number;
}
export interface RuleJob {
  readonly kind: 'rule';
  readonly id: number;
  readonly ruleIds: readonly string[];
  readonly textName: string;
  readonly unit: string;
}
export type Job = RegexJob | RuleJob;

export interface RegexOutcome {
  readonly kind: 'regex';
  readonly id: number;
  readonly inputs: number;
  /** Worst input: time at full size and at a quarter of it. */
  readonly worst: { name: string; ms1m: number; ms100k: number };
}
export interface RuleOutcome {
  readonly kind: 'rule';
  readonly id: number;
  readonly views: { view: string; ms: number; ms100k: number; failure?: string }[];
}
export type Progress = { kind: 'progress'; id: number; what: string } | RegexOutcome | RuleOutcome;

const MB = 1_000_000;
const KB100 = 100_000;
const post = (message: Progress): void => parentPort!.postMessage(message);

function runRegex(job: RegexJob): RegexOutcome {
  const re = new RegExp(job.source, job.flags.replace('g', '').replace('y', ''));
  const size = job.maxInput ?? MB;
  const big = adversarialInputs(job.source, size);
  const small = new Map(
    adversarialInputs(job.source, Math.ceil(size / 4)).map((i) => [i.name, i.text]),
  );
  let worst = { name: '', ms1m: 0, ms100k: 0 };
  for (const input of big) {
    post({ kind: 'progress', id: job.id, what: input.name });
    // Warm up (V8 interprets a regex first and compiles it after a few runs) and flatten both
    // strings (a first search of a rope copies it), then keep the best of a few runs so one GC
    // pause is not read as super-linear time.
    const smallText = small.get(input.name) ?? input.text.slice(0, Math.ceil(size / 4));
    for (let i = 0; i < 3; i++) timeScan(re, smallText.slice(0, 10_000));
    timeScan(re, smallText);
    let ms1m = timeScan(re, input.text);
    let ms100k = timeScan(re, smallText);
    if (ms1m > 30) {
      ms1m = Math.min(ms1m, timeScan(re, input.text));
      for (let i = 0; i < 3; i++) ms100k = Math.max(ms100k, timeScan(re, smallText));
    }
    if (ms1m > worst.ms1m) worst = { name: input.name, ms1m, ms100k };
  }
  return { kind: 'regex', id: job.id, inputs: big.length, worst };
}

function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

async function runRule(job: RuleJob): Promise<RuleOutcome> {
  const rules = job.ruleIds.map((id) => getRule(id)).filter((rule) => rule !== undefined);
  const analyzer = new Analyzer(rules);
  const views: RuleOutcome['views'] = [];
  const shapes: Record<string, (text: string) => unknown> = {
    code: (t) => ({ cell_type: 'code', source: t, metadata: {}, outputs: [] }),
    markdown: (t) => ({ cell_type: 'markdown', source: t, metadata: {} }),
    'stream output': (t) => ({
      cell_type: 'code',
      source: '',
      metadata: {},
      outputs: [{ output_type: 'stream', name: 'stdout', text: t }],
    }),
    'text/html output': (t) => ({
      cell_type: 'code',
      source: '',
      metadata: {},
      outputs: [
        {
          output_type: 'display_data',
          metadata: {},
          data: { 'text/html': `<table><tr><td>${t}</td></tr></table>` },
        },
      ],
    }),
  };
  for (const [view, shape] of Object.entries(shapes)) {
    post({ kind: 'progress', id: job.id, what: view });
    const time = async (size: number): Promise<{ ms: number; failure?: string }> => {
      const doc = notebookFromJson({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { language_info: { name: 'python' } },
        cells: [shape(fill(job.unit, size))],
      });
      // CPU time of the process (this worker runs alone: see the caller), not wall time, so a busy
      // shared machine does not count against the budget.
      const start = process.cpuUsage();
      const result = await analyzer.analyzeNotebook(doc);
      const used = process.cpuUsage(start);
      const ms = (used.user + used.system) / 1000;
      const crash = result.notices.find((n) => / failed: /.test(n.message));
      return { ms, ...(crash ? { failure: crash.message } : {}) };
    };
    const small = await time(KB100);
    const big = await time(MB);
    views.push({
      view,
      ms: big.ms,
      ms100k: small.ms,
      ...((big.failure ?? small.failure) ? { failure: big.failure ?? small.failure } : {}),
    });
  }
  return { kind: 'rule', id: job.id, views };
}

for (const job of (workerData as { jobs: Job[] }).jobs) {
  post(job.kind === 'regex' ? runRegex(job) : await runRule(job));
}
