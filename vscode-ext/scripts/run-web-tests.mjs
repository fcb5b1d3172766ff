#!/usr/bin/env node
// Runs the mocha suite (out/test/suite) inside code-server's real extension host through the
// workbench's `payload` query parameter (extensionDevelopmentPath + extensionTestsPath).
//
//   node scripts/run-web-tests.mjs [--label dev] [--dev-path DIR] [--extensions-dir DIR] [--result FILE]
//
// --dev-path: the extension under development (default: this extension). For the VSIX run pass
// an empty extension and --extensions-dir holding the installed VSIX.
// Exit code: 0 all passed, 1 failures, 2 harness error, 124 timeout.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import {
  EXT_DIR,
  launchBrowser,
  log,
  makeRunDir,
  startCodeServer,
  workbenchUrl,
} from './lib/code-server.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const label = opt('label', 'dev');
const devPath = path.resolve(opt('dev-path', EXT_DIR));
const extensionsDir = opt('extensions-dir', undefined);
const resultOut = opt('result', undefined);
const testsPath = path.join(EXT_DIR, 'out', 'test', 'suite', 'index'); // loaded with require(): no .js
const TIMEOUT = Number(process.env.CELLGUARD_TEST_TIMEOUT_MS || 420_000);

const { dir, workspace } = makeRunDir(label);
const resultFile = path.join(dir, 'results.json');
let server;
let browser;
let code = 2;
const cleanup = async () => {
  try {
    await browser?.close();
  } catch {}
  server?.stop();
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await cleanup();
    process.exit(130);
  });
}

try {
  server = await startCodeServer({
    dir,
    workspace,
    extensionsDir,
    env: { CELLGUARD_TEST_RESULT_FILE: resultFile, CELLGUARD_RUN_LABEL: label },
  });
  log(`[${label}] code-server on ${server.port} (log ${server.logFile}); workspace ${workspace}`);
  browser = await launchBrowser();
  const page = await (
    await browser.newContext({ viewport: { width: 1400, height: 900 } })
  ).newPage();
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    const line = util.format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    // The extension host console carries mocha's spec report.
    if (type === 'error' || !/^\s*$/.test(line)) console.log(`  ${line}`);
  });
  await page.exposeFunction('codeAutomationExit', (exitCode) => resolveExit(exitCode));
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  const payload = [
    ['extensionDevelopmentPath', server.remote(devPath)],
    ['extensionTestsPath', server.remote(testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  await page.goto(workbenchUrl(server.port, workspace, payload));
  const timer = new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT));
  const exit = await Promise.race([exited, timer]);
  log(`[${label}] codeAutomationExit -> ${exit}`);
  if (exit === 'timeout') {
    await page.screenshot({ path: path.join(dir, 'timeout.png') }).catch(() => {});
    code = 124;
  } else code = exit === 0 ? 0 : 1;
} catch (error) {
  console.error(error);
  code = 2;
}
await cleanup();

let summary = { passed: 0, failed: 0, results: [] };
if (fs.existsSync(resultFile)) {
  const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  summary = { passed: r.passes, failed: r.failures, results: r.results };
  for (const t of r.results) if (t.state === 'failed') console.log(`  FAIL ${t.title}\n${t.err}`);
  log(`[${label}] ${r.passes} passed, ${r.failures} failed`);
  if (code === 0 && r.failures) code = 1;
} else {
  console.log(`[${label}] no result file written`);
  if (code === 0) code = 2;
  summary.failed = 1; // the run itself failed
}
if (code !== 0 && summary.failed === 0) summary.failed = 1;
if (resultOut)
  fs.writeFileSync(resultOut, JSON.stringify({ label, exitCode: code, ...summary }, null, 2));
process.exit(code);
