// Browser suite: Cellguard in a real JupyterLab 4.6.4 (host app + Debian's Jupyter Server),
// installed from its wheel, driven with playwright-core in Chromium.
//
// Env: CELLGUARD_URL (http://127.0.0.1:PORT), CELLGUARD_TOKEN, CELLGUARD_ARTIFACTS (screenshots),
// CELLGUARD_E2E_RESULT (JSON summary written here), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BASE = process.env.CELLGUARD_URL ?? 'http://127.0.0.1:8871';
const TOKEN = process.env.CELLGUARD_TOKEN ?? 'cg-dev';
const ARTIFACTS = process.env.CELLGUARD_ARTIFACTS ?? '/work/main/.tmp/artifacts';
const RESULT = process.env.CELLGUARD_E2E_RESULT ?? path.join(os.tmpdir(), 'cellguard-e2e.json');
const AUTH = { Authorization: `token ${TOKEN}` };
fs.mkdirSync(ARTIFACTS, { recursive: true });

const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

// ---- fixtures ---------------------------------------------------------------------------------
// A fake RSA key: PEM armour around 64+ base64 characters. Never a real key.
const PEM_BODY =
  'MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`;
const EMAIL = 'maria.keller@acme-corp.io';
// The kernel prints the key; the source builds it so the source itself holds no PEM armour.
const PRINT_SECRET = [
  'armour = "RSA " + "PRIVATE KEY"',
  `print(f"-----BEGIN {armour}-----\\n${PEM_BODY}\\n-----END {armour}-----")`,
  `print("contact: ${EMAIL}")`,
].join('\n');
const SOURCE_SECRET = `KEY = "-----BEGIN RSA PRIVATE KEY-----\\n${PEM_BODY}\\n-----END RSA PRIVATE KEY-----"`;

const kernelspec = { name: 'python3', display_name: 'Python 3 (ipykernel)', language: 'python' };
const code = (id, source, outputs = [], metadata = {}) => ({
  cell_type: 'code',
  id,
  metadata,
  source,
  outputs,
  execution_count: outputs.length ? 1 : null,
});
const stream = (text) => ({ output_type: 'stream', name: 'stdout', text });
const notebook = (cells) => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec, cellguard_test: { keep: 'me' } },
  cells,
});

async function api(method, p, body) {
  const res = await fetch(`${BASE}/api/contents/${p}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...AUTH },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return res.json();
}
const putNotebook = (name, content) =>
  api('PUT', name, { type: 'notebook', format: 'json', content });
const readNotebook = async (name) => (await api('GET', `${name}?type=notebook&content=1`)).content;
const readRaw = async (name) =>
  (await api('GET', `${name}?type=file&format=text&content=1`)).content;
const join = (v) => (Array.isArray(v) ? v.join('') : (v ?? ''));

// ---- harness ----------------------------------------------------------------------------------
const results = [];
// CELLGUARD_E2E_ONLY=<regex>: run only matching tests (local iteration; the others are not run,
// not counted as passed).
const ONLY = process.env.CELLGUARD_E2E_ONLY ? new RegExp(process.env.CELLGUARD_E2E_ONLY) : null;
async function test(name, fn, timeoutMs = 60000) {
  if (ONLY && !ONLY.test(name)) return;
  const started = Date.now();
  let timer;
  try {
    await Promise.race([
      fn(),
      new Promise(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs)),
      ),
    ]);
    results.push({ name, ok: true, ms: Date.now() - started });
    log('PASS', name);
  } catch (error) {
    results.push({
      name,
      ok: false,
      ms: Date.now() - started,
      error: String(error?.stack ?? error).slice(0, 2000),
    });
    log('FAIL', name, '\n   ', String(error?.message ?? error).slice(0, 800));
    await shot(`failure-${results.length}`).catch(() => undefined);
  } finally {
    clearTimeout(timer);
  }
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellguard-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: [
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
const page = context.pages()[0] ?? (await context.newPage());
const problems = [];
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console.error: ${m.text().slice(0, 300)}`);
});

async function shot(name) {
  const file = path.join(ARTIFACTS, `jupyterlab-${name}.png`);
  await page.screenshot({ path: file });
  log('screenshot', file);
}

const exec = (id, args = {}) =>
  page.evaluate(([i, a]) => window.jupyterapp.commands.execute(i, a), [id, args]);
const stats = () => exec('cellguard:stats');

async function openNotebook(name) {
  await exec('docmanager:open', { path: name });
  await page.waitForFunction(
    (n) => window.jupyterapp.shell.currentWidget?.context?.path === n,
    name,
    { timeout: 30000 },
  );
  const id = await page.evaluate(() => window.jupyterapp.shell.currentWidget.id);
  const P = `#${id}`;
  await page.waitForSelector(`${P} .jp-Cell .cm-content`, { timeout: 30000 });
  await page.waitForFunction(
    () => {
      const w = window.jupyterapp.shell.currentWidget;
      // language_info arrives from the kernel and changes the notebook metadata: wait for it.
      return (
        w?.sessionContext?.session?.kernel?.status === 'idle' &&
        !!w.content.model?.getMetadata('language_info')?.name
      );
    },
    null,
    { timeout: 60000 },
  );
  return P;
}

async function closeAll() {
  // Drop unsaved changes first, so no "unsaved changes" dialog (and no save) happens on close.
  await page.evaluate(() => {
    for (const w of window.jupyterapp.shell.widgets('main'))
      if (w.context?.model) w.context.model.dirty = false;
  });
  await exec('application:close-all');
  await page
    .waitForFunction(() => !window.jupyterapp.shell.currentWidget?.context, null, {
      timeout: 10000,
    })
    .catch(() => undefined);
}

const sourceOf = (i) =>
  page.evaluate(
    (i) => window.jupyterapp.shell.currentWidget.content.widgets[i].model.sharedModel.getSource(),
    i,
  );

// ---- the suite --------------------------------------------------------------------------------
let ok = true;
try {
  await putNotebook(
    'lint.ipynb',
    notebook([
      code('c-import', 'import pickle as pk\nimport os'),
      code('c-load', 'with open("model.pkl", "rb") as f:\n    model = pk.load(f)'),
      code('c-key', SOURCE_SECRET),
      code('c-print', PRINT_SECRET),
      code('c-clean', 'x = 1 + 1'),
    ]),
  );
  await page.goto(`${BASE}/lab?reset&token=${TOKEN}`);
  await page.waitForSelector('body[data-cellguard-restored="true"]', {
    state: 'attached',
    timeout: 90000,
  });
  log('app restored');

  await test('extension is loaded as a federated labextension installed from the wheel', async () => {
    const info = await page.evaluate(() => ({
      active: window.jupyterapp.isPluginActivated('cellguard-jupyterlab:plugin'),
      federated: JSON.parse(document.getElementById('jupyter-config-data').textContent)
        .federated_extensions,
      container: !!window._JUPYTERLAB?.['cellguard-jupyterlab'],
    }));
    assert.ok(info.active, 'plugin cellguard-jupyterlab:plugin activated');
    assert.ok(info.container, 'remoteEntry container loaded');
    assert.ok(
      info.federated.some((e) => e.name === 'cellguard-jupyterlab'),
      'listed in federated_extensions',
    );
  });

  const P = await openNotebook('lint.ipynb');
  const ruleIds = (await stats()).rules ?? [];
  log('rules registered:', ruleIds.join(', '));

  await test('lint mark: unsafe-load (pickle via an import alias from an earlier cell)', async () => {
    const mark = await page.waitForSelector(
      `${P} .jp-Cell:nth-child(2) .cg-mark.cg-category-unsafe-load.cg-rule-pickle-load`,
      { state: 'attached', timeout: 20000 },
    );
    assert.match(await mark.textContent(), /pk\.load/);
  });

  await test('lint mark: secret (PEM private key in a string)', async () => {
    const marks = await page.$$(
      `${P} .jp-Cell:nth-child(3) .cg-mark.cg-category-secret.cg-rule-private-key`,
    );
    if (marks.length === 0) {
      await page.waitForSelector(`${P} .jp-Cell:nth-child(3) .cg-mark.cg-category-secret`, {
        state: 'attached',
        timeout: 20000,
      });
    }
    const text = await page.$$eval(
      `${P} .jp-Cell:nth-child(3) .cg-mark.cg-category-secret`,
      (els) => els.map((e) => e.textContent).join(''),
    );
    assert.match(text, /BEGIN RSA PRIVATE KEY/);
  });

  await test('lint tooltip: message with rule id, doc link and fixes as actions', async () => {
    await page.hover(`${P} .jp-Cell:nth-child(2) .cg-rule-pickle-load`);
    const tip = await page.waitForSelector('.cm-tooltip-lint', { timeout: 10000 });
    const text = await tip.textContent();
    assert.match(text, /pickle-load/);
    const href = await tip.$eval('a.cg-diagnostic-rule', (a) => a.href);
    assert.match(href, /pickle-load/);
    const actions = await tip.$$eval('.cm-diagnosticAction', (els) =>
      els.map((e) => e.textContent),
    );
    assert.ok(
      actions.some((a) => /Suppress pickle-load on this line/.test(a)),
      `actions: ${actions}`,
    );
    await shot('lint');
  });

  await test('quick fix applied from the lint tooltip (editor transaction)', async () => {
    await page.click(
      '.cm-tooltip-lint .cm-diagnosticAction:has-text("Suppress pickle-load on this line")',
    );
    await page.waitForFunction(
      () =>
        /cellguard: ignore\[pickle-load\]/.test(
          window.jupyterapp.shell.currentWidget.content.widgets[1].model.sharedModel.getSource(),
        ),
      null,
      { timeout: 5000 },
    );
    assert.equal(
      await sourceOf(1),
      'with open("model.pkl", "rb") as f:\n    model = pk.load(f)  # cellguard: ignore[pickle-load]',
    );
    await page.waitForSelector(`${P} .jp-Cell:nth-child(2) .cg-rule-pickle-load`, {
      state: 'detached',
      timeout: 10000,
    });
  });

  await test('live lint while typing: a new unsafe load is marked after the debounce', async () => {
    await page.click(`${P} .jp-Cell:nth-child(5) .cm-content`);
    await page.keyboard.press('End');
    await page.keyboard.type('\ny = pk.loads(b"")');
    await page.waitForSelector(`${P} .jp-Cell:nth-child(5) .cg-rule-pickle-load`, {
      state: 'attached',
      timeout: 10000,
    });
  });

  await test('running a cell on the python3 kernel that prints a fake key flags its output', async () => {
    await page.evaluate(() => {
      const nb = window.jupyterapp.shell.currentWidget.content;
      nb.activeCellIndex = 3;
      nb.mode = 'command';
    });
    await exec('notebook:run-cell');
    await page.waitForSelector(
      `${P} .jp-Cell:nth-child(4) .jp-OutputArea-output:has-text("BEGIN RSA PRIVATE KEY")`,
      { timeout: 30000 },
    );
    const badge = await page.waitForSelector(
      `${P} .jp-Cell:nth-child(4) .cg-output-flagged .cg-output-badge`,
      { timeout: 15000 },
    );
    const text = await badge.$eval('.cg-output-badge-label', (el) => el.textContent);
    // A plain summary, not rule ids (those stay in the tooltip and the findings panel).
    assert.match(text, /private key/);
    assert.doesNotMatch(text, /private-key/);
    assert.ok(await badge.$('button.cg-output-redact'), 'redact button');
    assert.ok(await badge.$('button.cg-output-clear'), 'clear button');
    const emailRules = ruleIds.filter((id) => /email/.test(id));
    if (emailRules.length) {
      assert.ok(
        /email address/.test(text),
        `email rule ${emailRules} flags the printed address: ${text}`,
      );
    } else {
      log('no email rule registered yet; the printed address is not asserted');
    }
    await page.$eval(`${P} .jp-Cell:nth-child(4)`, (el) => el.scrollIntoView({ block: 'center' }));
    await shot('output-flag');
  });

  await test('findings panel groups by cell; status bar shows the counts', async () => {
    await exec('cellguard:show-findings');
    await page.waitForSelector('#cellguard-findings .cg-panel-item', { timeout: 10000 });
    const groups = await page.$$eval('#cellguard-findings .cg-panel-group-title', (els) =>
      els.map((e) => e.textContent),
    );
    assert.ok(
      groups.some((g) => g.startsWith('Cell 3')),
      `groups: ${groups}`,
    );
    assert.ok(
      groups.some((g) => g.startsWith('Cell 4')),
      `groups: ${groups}`,
    );
    const categories = await page.$$eval('#cellguard-findings .cg-panel-item', (els) =>
      els.map((e) => e.className),
    );
    for (const c of ['secret', 'sensitive-output', 'unsafe-load']) {
      assert.ok(
        categories.some((k) => k.includes(`cg-category-${c}`)),
        `panel lists a ${c} finding`,
      );
    }
    const items = categories.length;
    const status = await page.textContent('.cg-status');
    assert.equal(status.trim(), `Cellguard: ${items}`);
  });

  await test('panel navigation: clicking a finding scrolls to it and selects the flagged text', async () => {
    await page.click(
      '#cellguard-findings .cg-panel-item[data-rule-id="private-key"][data-kind="source"]',
    );
    await page.waitForFunction(
      () => window.jupyterapp.shell.currentWidget.content.activeCellIndex === 2,
      null,
      { timeout: 5000 },
    );
    const selected = await page.evaluate(() => {
      const cell = window.jupyterapp.shell.currentWidget.content.activeCell;
      const sel = cell.editor.getSelection();
      const src = cell.model.sharedModel.getSource();
      return src.slice(cell.editor.getOffsetAt(sel.start), cell.editor.getOffsetAt(sel.end));
    });
    assert.match(selected, /^-----BEGIN RSA PRIVATE KEY-----/);
    assert.match(selected, /-----END RSA PRIVATE KEY-----$/);
    await shot('panel');
  });

  await test('panel navigation to an output finding; keyboard: Enter on a focused item', async () => {
    await page.focus('#cellguard-findings .cg-panel-item[data-kind="output"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => window.jupyterapp.shell.currentWidget.content.activeCellIndex === 3,
      null,
      { timeout: 5000 },
    );
  });

  await test('output flag "Redact" replaces only the flagged span', async () => {
    await page.click(`${P} .jp-Cell:nth-child(4) button.cg-output-redact`);
    await page.waitForFunction(
      () => {
        const outs =
          window.jupyterapp.shell.currentWidget.content.widgets[3].model.sharedModel.getOutputs();
        return outs.some((o) => String(o.text ?? '').includes('[REDACTED:private-key]'));
      },
      null,
      { timeout: 5000 },
    );
    const text = await page.evaluate(() =>
      window.jupyterapp.shell.currentWidget.content.widgets[3].model.sharedModel
        .getOutputs()
        .map((o) => [].concat(o.text).join(''))
        .join(''),
    );
    assert.ok(!text.includes(PEM_BODY), 'key body gone');
    assert.ok(text.includes('[REDACTED:private-key]'));
    await page.waitForSelector(
      `${P} .jp-Cell:nth-child(4) .cg-output-badge:has-text("private key")`,
      { state: 'detached', timeout: 10000 },
    );
  });

  await test("the rule's own preferred fix (secret → environment variable) applied from the tooltip", async () => {
    await page.hover(`${P} .jp-Cell:nth-child(3) .cg-rule-private-key >> nth=0`);
    const tip = await page.waitForSelector('.cm-tooltip-lint', { timeout: 10000 });
    const actions = await tip.$$eval('.cm-diagnosticAction', (els) =>
      els.map((e) => [e.textContent, e.className]),
    );
    const preferred = actions.find(([, c]) => c.includes('cg-action-preferred'));
    assert.ok(preferred, `a preferred fix is offered first: ${JSON.stringify(actions)}`);
    await shot('quick-fix');
    // The mark sits at the top of the scrolled notebook, so the tooltip may be partly off
    // screen: press the button through the DOM (CodeMirror listens for click/mousedown).
    await page.$eval('.cm-tooltip-lint .cm-diagnosticAction.cg-action-preferred', (el) =>
      el.click(),
    );
    await page.waitForFunction(
      (body) =>
        !window.jupyterapp.shell.currentWidget.content.widgets[2].model.sharedModel
          .getSource()
          .includes(body),
      PEM_BODY,
      { timeout: 5000 },
    );
    const src = await sourceOf(2);
    assert.match(src, /environ|getenv/, src);
    await page.waitForSelector(`${P} .jp-Cell:nth-child(3) .cg-rule-private-key`, {
      state: 'detached',
      timeout: 10000,
    });
    await page.mouse.move(5, 5);
  });

  await test('dark theme: marks, flags and panel stay readable', async () => {
    await exec('notebook:run-cell'); // print the key again so the flag shows
    await page.waitForSelector(`${P} .jp-Cell:nth-child(4) .cg-output-badge`, { timeout: 20000 });
    await exec('apputils:change-theme', { theme: 'JupyterLab Dark' });
    await page.waitForFunction(() => document.body.dataset.jpThemeLight === 'false', null, {
      timeout: 15000,
    });
    await page.hover(`${P} .jp-Cell:nth-child(5) .cg-category-unsafe-load >> nth=0`);
    await page.waitForSelector('.cm-tooltip-lint', { timeout: 10000 });
    await page.waitForTimeout(200);
    await shot('dark');
    await page.mouse.move(5, 5);
    await exec('apputils:change-theme', { theme: 'JupyterLab Light' });
    await page.waitForFunction(() => document.body.dataset.jpThemeLight === 'true', null, {
      timeout: 15000,
    });
  });

  const cost = await stats();
  log('analysis cost:', JSON.stringify(cost));
  await closeAll();

  // ---- save-time policies: each on its own notebook, read back through the contents API ----
  const saveFixture = () =>
    notebook([
      code('s-key', SOURCE_SECRET, [], { tags: ['keep'] }),
      code(
        's-out',
        'print(leak)',
        [stream(`token:\n${PEM}\nbye\n`), stream('unrelated output\n')].slice(0, 1),
        { collapsed: false },
      ),
      code('s-clean', 'print(1)', [
        {
          output_type: 'execute_result',
          data: { 'text/plain': '2' },
          metadata: {},
          execution_count: 1,
        },
      ]),
    ]);
  const same = (a, b, what) => assert.deepEqual(a, b, what);
  const checkUntouchedExceptOutputs = (before, after) => {
    same(after.metadata, before.metadata, 'notebook metadata');
    same(
      after.cells.map((c) => c.id),
      before.cells.map((c) => c.id),
      'cell ids',
    );
    same(
      after.cells.map((c) => c.metadata),
      before.cells.map((c) => c.metadata),
      'cell metadata',
    );
    same(
      after.cells.map((c) => join(c.source)),
      before.cells.map((c) => join(c.source)),
      'sources',
    );
    same(
      after.cells.map((c) => c.execution_count),
      before.cells.map((c) => c.execution_count),
      'execution counts',
    );
  };

  /** Open `name`, save once with policy off (the baseline JupyterLab writes), then set `policy`. */
  async function baseline(name, policy) {
    await putNotebook(name, saveFixture());
    await exec('cellguard:set-save-policy', { policy: 'off' });
    const P2 = await openNotebook(name);
    await page.waitForSelector(`${P2} .cg-output-badge`, { timeout: 20000 });
    await page.evaluate(() => window.jupyterapp.commands.execute('docmanager:save'));
    await page.waitForFunction(
      () => !window.jupyterapp.shell.currentWidget.context.model.dirty,
      null,
      { timeout: 10000 },
    );
    const raw = await readRaw(name);
    await exec('cellguard:set-save-policy', { policy });
    await page
      .waitForFunction(
        (p) => window.jupyterapp.commands.execute('cellguard:stats').then((s) => s.policy === p),
        policy,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    assert.equal((await stats()).policy, policy);
    return { P2, raw, before: JSON.parse(raw) };
  }
  const pressSave = async (P2) => {
    await page.click(`${P2} .jp-Notebook`, { position: { x: 5, y: 5 } }).catch(() => undefined);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+s');
  };

  await test('save policy warn (Ctrl+S): dialog; Cancel leaves the file byte-identical', async () => {
    const { P2, raw } = await baseline('save-warn.ipynb', 'warn');
    await page.evaluate(() => (window.jupyterapp.shell.currentWidget.context.model.dirty = true));
    await pressSave(P2);
    const dialog = await page.waitForSelector('.jp-Dialog', { timeout: 10000 });
    const buttons = await dialog.$$eval('button', (els) => els.map((e) => e.textContent.trim()));
    for (const label of ['Redact and save', 'Save anyway', 'Cancel'])
      assert.ok(
        buttons.some((b) => b.includes(label)),
        `button ${label}: ${buttons}`,
      );
    assert.match(await dialog.textContent(), /private-key/);
    await shot('save-warn');
    await page.click('.jp-Dialog button:has-text("Cancel")');
    await page.waitForSelector('.jp-Dialog', { state: 'detached' });
    await page.waitForTimeout(500);
    assert.equal(await readRaw('save-warn.ipynb'), raw, 'bytes unchanged');
    assert.ok(
      await page.evaluate(() => window.jupyterapp.shell.currentWidget.context.model.dirty),
      'still dirty',
    );
  });

  await test('save policy warn: the toolbar save button goes through the same check', async () => {
    const P2 = await page.evaluate(() => '#' + window.jupyterapp.shell.currentWidget.id);
    await page.click(
      `${P2} .jp-Toolbar-item[data-command="docmanager:save"] button, ${P2} jp-button[data-command="docmanager:save"], ${P2} [data-command="docmanager:save"]`,
    );
    await page.waitForSelector('.jp-Dialog:has-text("Cellguard")', { timeout: 10000 });
    await page.click('.jp-Dialog button:has-text("Cancel")');
    await page.waitForSelector('.jp-Dialog', { state: 'detached' });
  });

  await test('save policy warn: "Save anyway" writes the notebook unchanged', async () => {
    const before = JSON.parse(await readRaw('save-warn.ipynb'));
    await pressSave(await page.evaluate(() => '#' + window.jupyterapp.shell.currentWidget.id));
    await page.waitForSelector('.jp-Dialog', { timeout: 10000 });
    await page.click('.jp-Dialog button:has-text("Save anyway")');
    await page.waitForFunction(
      () => !window.jupyterapp.shell.currentWidget.context.model.dirty,
      null,
      { timeout: 10000 },
    );
    const after = JSON.parse(await readRaw('save-warn.ipynb'));
    same(after, before, 'content unchanged');
  });

  await test('save policy warn: "Redact and save" changes only the flagged spans', async () => {
    const before = JSON.parse(await readRaw('save-warn.ipynb'));
    await page.evaluate(() => (window.jupyterapp.shell.currentWidget.context.model.dirty = true));
    await pressSave(await page.evaluate(() => '#' + window.jupyterapp.shell.currentWidget.id));
    await page.waitForSelector('.jp-Dialog', { timeout: 10000 });
    await page.click('.jp-Dialog button:has-text("Redact and save")');
    await page.waitForFunction(
      () => !window.jupyterapp.shell.currentWidget.context.model.dirty,
      null,
      { timeout: 10000 },
    );
    const after = JSON.parse(await readRaw('save-warn.ipynb'));
    checkUntouchedExceptOutputs(before, after);
    assert.equal(
      join(after.cells[1].outputs[0].text),
      join(before.cells[1].outputs[0].text).replace(PEM, '[REDACTED:private-key]'),
    );
    same(after.cells[2].outputs, before.cells[2].outputs, 'clean outputs');
  });

  await test('save policy warn: a background save (autosave path) never blocks and keeps the data', async () => {
    await page.evaluate(() => {
      const nb = window.jupyterapp.shell.currentWidget.content;
      nb.model.sharedModel.insertCell(nb.model.cells.length, {
        cell_type: 'code',
        source: 'KEY2 = "' + 'x' + '"',
      });
    });
    // SaveHandler calls context.save() directly, not through a command.
    await page.evaluate(() => window.jupyterapp.shell.currentWidget.context.save());
    assert.equal(await page.$('.jp-Dialog'), null, 'no dialog on a background save');
    const after = await readNotebook('save-warn.ipynb');
    assert.equal(after.cells.length, 4, 'saved');
    const log = (await stats()).saves.at(-1);
    assert.equal(log.user, false);
    assert.ok(['save-background', 'save'].includes(log.action), JSON.stringify(log));
  });
  await closeAll();

  await test('save policy redact (Ctrl+S): only the flagged spans change on disk', async () => {
    const { P2, before } = await baseline('save-redact.ipynb', 'redact');
    await page.evaluate(() => (window.jupyterapp.shell.currentWidget.context.model.dirty = true));
    await pressSave(P2);
    await page.waitForFunction(
      () => !window.jupyterapp.shell.currentWidget.context.model.dirty,
      null,
      { timeout: 10000 },
    );
    assert.equal(await page.$('.jp-Dialog'), null, 'no dialog');
    const after = JSON.parse(await readRaw('save-redact.ipynb'));
    checkUntouchedExceptOutputs(before, after);
    const b = join(before.cells[1].outputs[0].text);
    const a = join(after.cells[1].outputs[0].text);
    assert.equal(a, b.replace(PEM, '[REDACTED:private-key]'));
    same(
      { ...after.cells[1].outputs[0], text: null },
      { ...before.cells[1].outputs[0], text: null },
      'output fields besides text',
    );
    same(after.cells[2].outputs, before.cells[2].outputs, 'clean outputs');
    assert.ok(
      join(after.cells[0].source).includes(PEM_BODY),
      'sources are never rewritten on save',
    );
  });

  await test('save policy redact also applies to a background save', async () => {
    await page.evaluate((pem) => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[1].model;
      cell.outputs.set(0, { output_type: 'stream', name: 'stdout', text: 'again:\n' + pem + '\n' });
    }, PEM);
    await page.evaluate(() => window.jupyterapp.shell.currentWidget.context.save());
    const after = JSON.parse(await readRaw('save-redact.ipynb'));
    assert.equal(join(after.cells[1].outputs[0].text), 'again:\n[REDACTED:private-key]\n');
  });
  await closeAll();

  await test('save policy clear (Ctrl+S): only the flagged output is removed', async () => {
    const { P2, before } = await baseline('save-clear.ipynb', 'clear');
    await page.evaluate(() => (window.jupyterapp.shell.currentWidget.context.model.dirty = true));
    await pressSave(P2);
    await page.waitForFunction(
      () => !window.jupyterapp.shell.currentWidget.context.model.dirty,
      null,
      { timeout: 10000 },
    );
    assert.equal(await page.$('.jp-Dialog'), null, 'no dialog');
    const after = JSON.parse(await readRaw('save-clear.ipynb'));
    checkUntouchedExceptOutputs(before, after);
    same(after.cells[1].outputs, [], 'flagged output removed');
    same(after.cells[2].outputs, before.cells[2].outputs, 'clean outputs kept');
  });
  await closeAll();

  await test('save policy off (Ctrl+S): saved as is, no dialog', async () => {
    const { P2, before } = await baseline('save-off.ipynb', 'off');
    await page.evaluate(() => (window.jupyterapp.shell.currentWidget.context.model.dirty = true));
    await pressSave(P2);
    await page.waitForFunction(
      () => !window.jupyterapp.shell.currentWidget.context.model.dirty,
      null,
      { timeout: 10000 },
    );
    assert.equal(await page.$('.jp-Dialog'), null, 'no dialog');
    same(JSON.parse(await readRaw('save-off.ipynb')), before, 'content unchanged');
  });
  await exec('cellguard:set-save-policy', { policy: 'warn' });
  await closeAll();

  // ---- cost per cell on a larger notebook ----
  await test('analysis cost per cell is measured on a 60-cell notebook', async () => {
    const cells = [];
    for (let i = 0; i < 60; i++) {
      cells.push(
        code(
          `p${i}`,
          i % 10 === 0
            ? 'import pickle\nimport numpy as np'
            : `def f${i}(x):\n    y = np.array([x, ${i}])\n    return pickle.loads(y.tobytes()) if x else y.sum()  # line ${i}`,
        ),
      );
    }
    await putNotebook('perf.ipynb', notebook(cells));
    const before = await stats();
    await openNotebook('perf.ipynb');
    await page.waitForFunction(
      (n) => window.jupyterapp.commands.execute('cellguard:stats').then((s) => s.fullScans > n),
      before.fullScans,
      { timeout: 30000 },
    );
    await exec('cellguard:rescan-notebook');
    const s = await stats();
    log('per-cell cost:', JSON.stringify(s));
    fs.writeFileSync(
      path.join(ARTIFACTS, 'jupyterlab-analysis-cost.json'),
      JSON.stringify(s, null, 2),
    );
    assert.ok(s.fullScanMsPerCell > 0);
  }, 90000);

  // ---- .cellguard.json through the Contents API --------------------------------------------
  await closeAll();
  await test('.cellguard.json is read from the notebook folder up to the root, and reloaded when it changes', async () => {
    await api('PUT', 'proj', { type: 'directory' });
    await api('PUT', 'proj/deep', { type: 'directory' });
    const putConfig = (content) =>
      api('PUT', 'proj/.cellguard.json', {
        type: 'file',
        format: 'text',
        content: JSON.stringify(content),
      });
    await putConfig({ rules: { 'pickle-load': 'off' } });
    await putNotebook(
      'proj/deep/cfg.ipynb',
      notebook([code('k1', 'import pickle\nmodel = pickle.load(open("m.pkl", "rb"))')]),
    );
    const P2 = await openNotebook('proj/deep/cfg.ipynb');
    const rulesNow = () =>
      page.evaluate(() =>
        window.jupyterapp.commands
          .execute('cellguard:stats')
          .then((s) => s.configs.find((c) => c.notebook === 'proj/deep/cfg.ipynb')),
      );
    await page.waitForFunction(
      () =>
        window.jupyterapp.commands
          .execute('cellguard:stats')
          .then((s) => s.configs.some((c) => c.config === 'proj/.cellguard.json')),
      null,
      { timeout: 20000 },
    );
    await exec('cellguard:rescan-notebook');
    let cfg = await rulesNow();
    assert.equal(cfg.config, 'proj/.cellguard.json', JSON.stringify(cfg));
    assert.equal(
      await page.$(`${P2} .cg-rule-pickle-load`),
      null,
      'pickle-load is off by the file',
    );
    const title = await page.$eval('.cg-status', (el) => el.title);
    assert.match(title, /proj\/\.cellguard\.json/, title);
    // Edited outside JupyterLab (REST PUT, as an editor or git would): picked up by the poll.
    await putConfig({ rules: {} });
    await page.waitForSelector(`${P2} .cg-rule-pickle-load`, { timeout: 20000 });
    // A nearer file wins; an exclude glob relative to its folder stops the analysis.
    await api('PUT', 'proj/deep/.cellguard.json', {
      type: 'file',
      format: 'text',
      content: JSON.stringify({ exclude: ['cfg.ipynb'] }),
    });
    await page.waitForFunction(
      () => document.querySelector('.cg-status')?.textContent.includes('excluded'),
      null,
      { timeout: 20000 },
    );
    cfg = await rulesNow();
    assert.equal(cfg.config, 'proj/deep/.cellguard.json');
    assert.equal(cfg.excluded, true);
    await page.waitForSelector(`${P2} .cg-rule-pickle-load`, { state: 'detached', timeout: 20000 });
    await shot('config-excluded');
  }, 90000);
  await closeAll();

  // ---- no freeze: hostile outputs are analysed in a web worker ------------------------------
  await test('a notebook with three 800 KB hostile outputs never blocks the tab (web worker)', async () => {
    const hostile = [];
    for (let i = 0; hostile.join('\n').length < 800000; i++)
      hostile.push(
        `user${i}.name@example-corp.io +1 415 555 ${String(i % 10000).padStart(4, '0')}`,
      );
    const text = hostile.join('\n').slice(0, 800000);
    const cells = [0, 1, 2].map((i) => ({
      ...code(`h${i}`, `print(rows_${i})`, [stream(text)]),
    }));
    cells.push(code('typing', 'x = 1'));
    await putNotebook('hostile.ipynb', notebook(cells));
    const P2 = await openNotebook('hostile.ipynb');
    await page.waitForSelector(`${P2} .jp-Cell:nth-child(3) .cg-output-badge`, { timeout: 120000 });
    const s0 = await stats();
    assert.equal(s0.worker.enabled, true, 'analysis runs in a web worker');
    // Focus the small cell first: scrolling renders the big outputs (JupyterLab's own cost,
    // not the analysis), so it happens before the measurement.
    await page.click(`${P2} .jp-Cell:nth-child(4) .cm-content`);
    await page.waitForTimeout(1500);
    // Probe the page's event loop while the whole notebook is analysed again.
    await page.evaluate(() => {
      const probe = {
        gaps: [],
        long: [],
        last: performance.now(),
        stop: false,
        t0: performance.now(),
      };
      window.__cgProbe = probe;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          probe.long.push([Math.round(e.startTime - probe.t0), Math.round(e.duration)]);
      }).observe({ type: 'longtask' });
      const tick = () => {
        const now = performance.now();
        probe.gaps.push(now - probe.last);
        probe.last = now;
        if (!probe.stop) setTimeout(tick, 20);
      };
      setTimeout(tick, 20);
      window.__cgRescan = (async () => {
        const t = performance.now();
        await window.jupyterapp.commands.execute('cellguard:rescan-notebook');
        return performance.now() - t;
      })();
    });
    // Typing while the analysis runs: the key must reach the editor promptly.
    const typed = Date.now();
    await page.keyboard.type('2');
    await page.waitForFunction(
      () =>
        window.jupyterapp.shell.currentWidget.content.widgets[3].model.sharedModel
          .getSource()
          .includes('2'),
      null,
      { timeout: 5000, polling: 'raf' },
    );
    const typingMs = Date.now() - typed;
    const rescanMs = await page.evaluate(() => window.__cgRescan);
    const { gaps, long } = await page.evaluate(() => {
      window.__cgProbe.stop = true;
      return { gaps: window.__cgProbe.gaps, long: window.__cgProbe.long };
    });
    const s1 = await stats();
    const maxGap = Math.max(...gaps);
    log(
      'no-freeze:',
      JSON.stringify({
        rescanMs,
        maxGap,
        typingMs,
        outputMaxMs: s1.outputMaxMs,
        ticks: gaps.length,
        longTasks: long,
      }),
    );
    // The analysis took long enough that running it on the page would have frozen it: one output
    // alone is a half-second freeze (0.86–1.2 s measured on the 2-core CI machine, idle to
    // loaded), twice the longest task allowed below ...
    assert.ok(
      s1.outputMaxMs > 500,
      `one hostile output takes > 0.5 s to analyse (${s1.outputMaxMs} ms)`,
    );
    assert.ok(rescanMs > 1000, `the re-scan took ${rescanMs} ms`);
    // ... and yet no task on the page ran for as long as half of one output's analysis (on the
    // page, one task would run for all of it), the event loop never stalled for a whole output,
    // and the key press showed promptly. Long tasks are the page's own busy time; a gap between
    // timer ticks can also span two tasks back to back, or time the OS gave other processes
    // (CI runs on 2 shared cores). What remains are JupyterLab's own layout passes over 2.4 MB
    // of rendered text and the arrival of the findings.
    const maxLong = Math.max(0, ...long.map(([, duration]) => duration));
    assert.ok(
      maxLong < s1.outputMaxMs / 2,
      `longest task on the page during analysis: ${maxLong} ms (one output: ${s1.outputMaxMs} ms)`,
    );
    assert.ok(
      maxGap < s1.outputMaxMs,
      `longest event-loop gap during analysis: ${maxGap} ms (one output: ${s1.outputMaxMs} ms)`,
    );
    assert.ok(typingMs < 1500, `typing latency ${typingMs} ms`);
    // The findings did arrive.
    for (const n of [1, 2, 3])
      assert.ok(
        await page.$(`${P2} .jp-Cell:nth-child(${n}) .cg-output-badge`),
        `badge on output ${n}`,
      );
  }, 240000);
  await closeAll();
} catch (error) {
  ok = false;
  log('SUITE ERROR', error);
  await shot('suite-error').catch(() => undefined);
  results.push({ name: 'suite', ok: false, error: String(error?.stack ?? error) });
}

const relevant = problems.filter((p) => !/lsp\/status|favicon|404 \(Not Found\)/.test(p));
if (relevant.length)
  log('browser problems:\n  ' + [...new Set(relevant)].slice(0, 30).join('\n  '));
await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
fs.writeFileSync(
  RESULT,
  JSON.stringify({ passed, failed, tests: results, problems: relevant.slice(0, 50) }, null, 2),
);
log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && ok ? 0 : 1);
