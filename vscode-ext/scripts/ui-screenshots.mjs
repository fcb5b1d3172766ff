#!/usr/bin/env node
// Drives the real workbench UI like a user: opens a notebook through Quick Open, waits for the
// squiggle, hovers it, opens the Problems panel, looks at an output finding; screenshots each
// state into $CELLGUARD_ARTIFACTS/vscode-*.png.
//
//   node scripts/ui-screenshots.mjs [--extensions-dir DIR] [--result FILE]
//
// With --extensions-dir the installed extension (VSIX) is used; otherwise the dev path.
import fs from 'node:fs';
import path from 'node:path';
import {
  EXT_DIR,
  REPO_DIR,
  launchBrowser,
  log,
  makeRunDir,
  startCodeServer,
  workbenchUrl,
} from './lib/code-server.mjs';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const extensionsDir = opt('extensions-dir');
// --web-only: run the `browser` bundle in the workbench's web worker extension host (a copy of
// the extension without `main`), and only check that diagnostics appear.
const webOnly = args.includes('--web-only');
const resultOut = opt('result');
const ARTIFACTS = process.env.CELLGUARD_ARTIFACTS || path.join(REPO_DIR, '.tmp', 'artifacts');
fs.mkdirSync(ARTIFACTS, { recursive: true });
const FAILURE_PNG = path.join(ARTIFACTS, `vscode-ui-failure${webOnly ? '-web' : ''}.png`);
fs.rmSync(FAILURE_PNG, { force: true }); // a stale failure picture must not outlive a passing run

const checks = [];
async function check(name, fn) {
  const t = Date.now();
  try {
    await fn();
    checks.push({ name, ok: true });
    log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (error) {
    checks.push({ name, ok: false, error: String(error?.message ?? error) });
    log(`FAIL ${name}: ${error?.message ?? error}`);
    throw error;
  }
}

const { dir, workspace } = makeRunDir(webOnly ? 'ui-web' : 'ui');
let devPath = EXT_DIR;
if (webOnly) {
  devPath = path.join(dir, 'web-extension');
  fs.mkdirSync(path.join(devPath, 'dist', 'web'), { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(EXT_DIR, 'package.json'), 'utf8'));
  delete manifest.main;
  fs.writeFileSync(path.join(devPath, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.copyFileSync(
    path.join(EXT_DIR, 'dist', 'web', 'extension.js'),
    path.join(devPath, 'dist', 'web', 'extension.js'),
  );
}
let server;
let browser;
let page;
const hardStop = setTimeout(
  () => {
    console.error('ui-screenshots: global timeout');
    server?.stop();
    process.exit(124);
  },
  Number(process.env.CELLGUARD_UI_TIMEOUT_MS || 300_000),
);

async function openInQuickOpen(name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 15_000 });
  await page.keyboard.type(name, { delay: 20 });
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
}

try {
  // In --web-only mode the extensions dir stays empty: the only Cellguard is the web-only copy.
  server = await startCodeServer({
    dir,
    workspace,
    extensionsDir: webOnly ? undefined : extensionsDir,
  });
  log(
    `code-server on ${server.port}: ${webOnly ? 'web worker extension host (browser bundle only)' : extensionsDir ? `installed extension from ${extensionsDir}` : 'dev path'}`,
  );
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.on('pageerror', (e) => log('[pageerror]', e.message));
  const payload = [
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  if (webOnly || !extensionsDir) payload.push(['extensionDevelopmentPath', server.remote(devPath)]);
  await page.goto(workbenchUrl(server.port, workspace, payload));

  await check('workbench loads', async () => {
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
    await page.waitForTimeout(1500);
  });

  await check(
    `notebook shows squiggles in the cell (${webOnly ? 'vscode-web.png, web extension host' : 'vscode-notebook.png'})`,
    async () => {
      await page
        .locator('.monaco-workbench')
        .click({ position: { x: 720, y: 450 } })
        .catch(() => {});
      await openInQuickOpen('source-secret.ipynb');
      await page.waitForSelector('.notebook-editor .cell-editor-container .monaco-editor', {
        timeout: 60_000,
      });
      await page.waitForSelector('.notebook-editor .squiggly-error', { timeout: 30_000 });
      await page.waitForTimeout(800);
      await page.screenshot({
        path: path.join(ARTIFACTS, webOnly ? 'vscode-web.png' : 'vscode-notebook.png'),
      });
    },
  );
  if (!webOnly) {
    await check(
      'hover shows the masked message, the rule link and Quick Fix (vscode-hover.png)',
      async () => {
        const squiggle = page.locator('.notebook-editor .squiggly-error').first();
        const box = await squiggle.boundingBox();
        if (!box) throw new Error('no squiggle box');
        // The squiggle sits under the text layer: move the mouse there rather than locator.hover().
        await page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
        await page.waitForSelector('.monaco-hover .marker', { timeout: 15_000, state: 'visible' });
        await page.waitForTimeout(300);
        const text = await page.locator('.monaco-hover .marker').first().innerText();
        if (!/Cellguard/.test(text) || !/private-key/.test(text))
          throw new Error(`hover text: ${text}`);
        if (/MIIEpAIBAAKCAQEA/.test(text)) throw new Error('hover shows the raw key');
        await page.waitForTimeout(500);
        await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-hover.png') });
      },
    );

    await check('Problems panel lists the findings (vscode-problems.png)', async () => {
      await page.mouse.move(1300, 120);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30_000 });
      // The panel fills in late: wait until the Cellguard row is there.
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) =>
            /Cellguard/.test(r.textContent ?? ''),
          ),
        null,
        { timeout: 20_000 },
      );
      await page.waitForTimeout(800);
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      log(
        'problems:',
        rows.map((r) => r.replace(/\s+/g, ' ').slice(0, 140)),
      );
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-problems.png') });
    });

    await check('output finding: cell status bar item (vscode-output.png)', async () => {
      await openInQuickOpen('output-secret.ipynb');
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.notebook-editor .cell-status-item')].some((e) =>
            /sensitive value/.test(e.textContent ?? ''),
          ),
        null,
        { timeout: 60_000 },
      );
      await page.waitForTimeout(1500);
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-output.png') });
    });
  }
} catch (error) {
  log('ui-screenshots failed:', error?.message ?? error);
  try {
    await page?.screenshot({ path: FAILURE_PNG });
  } catch {}
}
clearTimeout(hardStop);
try {
  await browser?.close();
} catch {}
server?.stop();
const passed = checks.filter((c) => c.ok).length;
const failed = checks.filter((c) => !c.ok).length + (checks.length === 0 ? 1 : 0);
if (resultOut)
  fs.writeFileSync(resultOut, JSON.stringify({ label: 'ui', passed, failed, checks }, null, 2));
log(`ui: ${passed} passed, ${failed} failed; screenshots in ${ARTIFACTS}`);
process.exit(failed === 0 ? 0 : 1);
