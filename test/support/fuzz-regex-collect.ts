/**
 * Worker: capture every RegExp the core *constructs* at run time (`new RegExp(computed)`), which
 * no source scan can read. `globalThis.RegExp` is wrapped before the core is imported, then the
 * rule fixtures are analysed so lazily built patterns (import aliases, …) are made too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { fixturesDir } from './paths.js';

const captured = new Map<string, { source: string; flags: string; where: string }>();
const Original = RegExp;
function record(re: RegExp): void {
  const frame = (new Error().stack ?? '')
    .split('\n')
    .find(
      (line) =>
        /shared[\\/]dist[\\/]|@secretlint|@renovatebot[\\/]pep440|smol-toml|js-yaml/.test(line) &&
        !line.includes('fuzz-regex'),
    );
  if (!frame) return;
  const where = (
    /(shared[\\/]dist[\\/][^:)]+:\d+|(?:@secretlint|@renovatebot|smol-toml|js-yaml)[^:)]+:\d+)/.exec(
      frame,
    )?.[1] ?? frame.trim()
  ).replace(/\\/g, '/');
  const key = `${re.flags}/${re.source}`;
  if (!captured.has(key))
    captured.set(key, { source: re.source, flags: re.flags, where: `runtime ${where}` });
}
globalThis.RegExp = new Proxy(Original, {
  construct(target, args: [string | RegExp, string?], newTarget) {
    const re = Reflect.construct(target, args, newTarget) as RegExp;
    record(re);
    return re;
  },
  apply(target, _this, args: [string | RegExp, string?]) {
    const re = Reflect.construct(target, args) as RegExp;
    record(re);
    return re;
  },
});

const core = await import('@cellguard/core');
const analyzer = core.createAnalyzer();
// Notebook and Python fixtures (the model-file rule's fixtures are a folder of model files).
const fixtureFiles = readdirSync(join(fixturesDir, 'rules')).filter(
  (f) => f.endsWith('.ipynb') || f.endsWith('.py'),
);
for (const file of fixtureFiles.sort()) {
  const text = readFileSync(join(fixturesDir, 'rules', file), 'utf8');
  try {
    const doc = file.endsWith('.ipynb') ? core.parseNotebook(text) : core.fromPythonSource(text);
    await analyzer.analyzeNotebook(doc);
  } catch {
    // A fixture that does not parse still built its module's regexes at import.
  }
}
parentPort?.postMessage([...captured.values()]);
