#!/usr/bin/env node
// Regenerates the README pictures from a running `npm start` demo:
//   node scripts/readme-screenshots.mjs   (VS Code on :8080, JupyterLab on :8888 by default)
import { chromium } from 'playwright-core';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const vscodePort = process.env.CELLGUARD_VSCODE_PORT ?? '8080';
const jupyterPort = process.env.CELLGUARD_JUPYTER_PORT ?? '8888';
const out = join(root, 'docs', 'images');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const folder = join(root, '.tmp', 'demo', 'vscode');
  await page.goto(`http://127.0.0.1:${vscodePort}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForTimeout(3000);
  await page.keyboard.press('Control+P');
  await page.keyboard.type('leaky-credentials.ipynb');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.notebook-editor .squiggly-error', { timeout: 60_000 });
  await page.keyboard.press('Control+Shift+M');
  await page.waitForTimeout(2500);
  const squiggle = page.locator('.notebook-editor .squiggly-error').first();
  const box = await squiggle.boundingBox();
  if (box) {
    await page.mouse.move(box.x + Math.min(20, box.width / 2), box.y + box.height / 2);
    await page.waitForTimeout(1500);
  }
  await page.screenshot({ path: join(out, 'vscode.png') });

  const lab = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await lab.goto(`http://127.0.0.1:${jupyterPort}/lab/tree/customer-pii-outputs.ipynb?reset`);
  await lab.waitForSelector('.jp-Notebook', { timeout: 60_000 });
  await lab.waitForTimeout(6000);
  await lab.screenshot({ path: join(out, 'jupyterlab.png') });
  console.log(`wrote ${join(out, 'vscode.png')} and ${join(out, 'jupyterlab.png')}`);
} finally {
  await browser.close();
}
