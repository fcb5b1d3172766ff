#!/usr/bin/env node
// Reads one suite's result file and prints "PASSED FAILED SKIPPED" for scripts/test.sh.
//   node scripts/suite-result.mjs tap FILE    node:test TAP output (# pass / # fail / # cancelled / # skipped / # todo)
//   node scripts/suite-result.mjs json FILE   an e2e suite's {"passed": N, "failed": N, "skipped"?: N}
// A missing or malformed file, or a suite that ran no test at all, counts as one failure (with the
// reason on stderr): a suite that silently did nothing must never read as green.
import { readFileSync } from 'node:fs';

const [kind, file] = process.argv.slice(2);
function finish(passed, failed, skipped, problem) {
  if (problem) {
    process.stderr.write(`suite-result: ${file}: ${problem}\n`);
    failed += 1;
  } else if (passed + failed === 0) {
    process.stderr.write(`suite-result: ${file}: the suite ran no tests\n`);
    failed += 1;
  }
  process.stdout.write(`${passed} ${failed} ${skipped}\n`);
}
const count = (value) => (Number.isSafeInteger(value) && value >= 0 ? value : undefined);

let text;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  finish(0, 0, 0, `no result file (${error.code ?? error.message})`);
  process.exit(0);
}
if (kind === 'tap') {
  // The closing summary: the last occurrence of each counter (subtests print none of these).
  const last = (name) => {
    const all = [...text.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))];
    return all.length ? Number(all.at(-1)[1]) : undefined;
  };
  const pass = last('pass');
  const fail = last('fail');
  if (pass === undefined || fail === undefined)
    finish(0, 0, 0, 'no TAP summary (the run was cut short?)');
  else finish(pass, fail + (last('cancelled') ?? 0), (last('skipped') ?? 0) + (last('todo') ?? 0));
} else if (kind === 'json') {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const passed = count(data?.passed);
  const failed = count(data?.failed);
  const skipped = data?.skipped === undefined ? 0 : count(data.skipped);
  if (passed === undefined || failed === undefined || skipped === undefined)
    finish(0, 0, 0, 'malformed result file (want {"passed": N, "failed": N, "skipped"?: N})');
  else finish(passed, failed, skipped);
} else {
  process.stderr.write('usage: suite-result.mjs tap|json FILE\n');
  process.exit(2);
}
