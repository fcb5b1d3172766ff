/** Diagnostics for each category, on notebook cells and on a `.py` file, and how they follow edits. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  cellguard,
  cgDiagnostics,
  stepper,
  closeAllEditors,
  fixturePem,
  openNotebook,
  ruleOf,
  setSetting,
  waitFor,
  wsUri,
} from './helpers';

suite('diagnostics', () => {
  suiteSetup(async () => {
    await cellguard();
  });
  teardown(closeAllEditors);

  test('manifest: untrusted and virtual workspaces, web entry, settings', () => {
    const ext = vscode.extensions.getExtension('cellguard.cellguard');
    const pkg = ext?.packageJSON as {
      capabilities: { untrustedWorkspaces: { supported: boolean }; virtualWorkspaces: boolean };
      browser: string;
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.strictEqual(pkg.capabilities.virtualWorkspaces, true);
    assert.ok(pkg.browser);
    for (const key of [
      'enable',
      'onSave',
      'severityOverrides',
      'allowlist',
      'exclude',
      'debounceMs',
      'categories.secret',
    ]) {
      assert.ok(pkg.contributes.configuration.properties[`cellguard.${key}`], key);
    }
    // The .cellguard.json schema ships with the extension (contributes.jsonValidation).
    assert.ok(
      fs.existsSync(path.join(ext!.extensionPath, 'dist', 'cellguard.schema.json')),
      'schema shipped',
    );
    console.log(
      `  [env] VS Code ${vscode.version}, uiKind=${vscode.env.uiKind}, remote=${vscode.env.remoteName}, ext=${ext?.extensionPath}`,
    );
  });

  test('secret in a cell source: error diagnostic on the key, linked to the docs', async () => {
    const api = await cellguard();
    const nb = await openNotebook('source-secret.ipynb');
    const cell = nb.cellAt(1);
    const [d] = await waitFor('secret diagnostic', () => {
      const ds = cgDiagnostics(cell.document.uri);
      return ds.length ? ds : undefined;
    });
    assert.ok(d);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.range.start.line, 0);
    assert.strictEqual(
      cell.document.getText(d.range).split('\n')[0],
      '-----BEGIN RSA PRIVATE KEY-----',
    );
    const code = d.code as { value: string; target: vscode.Uri };
    assert.ok(code.target.toString().includes(code.value), 'docs link names the rule');
    assert.ok(!d.message.includes('MIIEpAIBAAKCAQEA'), 'message is masked');
    const findings = api.findings(nb);
    assert.ok(
      findings.some(
        (f) =>
          f.category === 'secret' && f.location.kind === 'source' && f.location.cellIndex === 1,
      ),
    );
    assert.strictEqual(cgDiagnostics(nb.cellAt(0).document.uri).length, 0);
    assert.strictEqual(cgDiagnostics(nb.cellAt(2).document.uri).length, 0);
  });

  test('unsafe load resolved through an import in an earlier cell', async () => {
    const step = stepper('unsafe');
    const api = await cellguard();
    const nb = await openNotebook('unsafe-load.ipynb');
    step('opened');
    const cell = nb.cellAt(1);
    const [d] = await waitFor('pickle diagnostic', () => {
      const ds = cgDiagnostics(cell.document.uri);
      return ds.length ? ds : undefined;
    });
    step('diagnostic');
    assert.ok(d);
    assert.strictEqual(ruleOf(d), 'pickle-load');
    assert.strictEqual(cell.document.getText(d.range), 'pickle.load(f)');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(api.findings(nb).some((f) => f.category === 'unsafe-load'));
  });

  test('sensitive output: diagnostic on the cell\u2019s first line and a cell status bar item', async () => {
    const api = await cellguard();
    const nb = await openNotebook('output-secret.ipynb');
    const cell = nb.cellAt(1);
    const [d] = await waitFor('output diagnostic', () => {
      const ds = cgDiagnostics(cell.document.uri);
      return ds.length ? ds : undefined;
    });
    assert.ok(d);
    assert.strictEqual(d.range.start.line, 0);
    assert.match(d.message, /^Cell 2, output 1 \(stream\)/);
    const f = api.findings(nb).find((x) => x.category === 'sensitive-output');
    assert.ok(f, 'sensitive-output finding');
    const items = api.cellStatusItems(cell);
    assert.strictEqual(items.length, 1);
    assert.match(items[0]!.text, /1 sensitive value in output/);
    assert.strictEqual(
      items[0]!.command && typeof items[0]!.command === 'object'
        ? items[0]!.command.command
        : items[0]!.command,
      'cellguard.redactCellOutputs',
    );
    assert.deepStrictEqual(api.cellStatusItems(nb.cellAt(2)), []);
  });

  test('.py file: secret and unsafe load', async () => {
    const api = await cellguard();
    const doc = await vscode.workspace.openTextDocument(wsUri('app.py'));
    await vscode.window.showTextDocument(doc);
    const ds = await waitFor('py diagnostics', () => {
      const all = cgDiagnostics(doc.uri);
      return all.length >= 2 ? all : undefined;
    });
    const rules = ds.map(ruleOf).sort();
    assert.deepStrictEqual(
      rules.includes('pickle-load') && rules.includes('private-key'),
      true,
      rules.join(','),
    );
    const pickle = ds.find((d) => ruleOf(d) === 'pickle-load')!;
    assert.strictEqual(doc.getText(pickle.range), 'pickle.load(f)');
    assert.strictEqual(pickle.range.start.line, 11);
    const categories = new Set(api.findings(doc).map((f) => f.category));
    assert.ok(categories.has('secret') && categories.has('unsafe-load'));
    await waitFor(
      'status bar counts for the active editor',
      () => api.statusText() === `$(shield) Cellguard: ${ds.length}`,
    );
  });

  test('typing in a cell re-analyses it after the debounce; imports of earlier cells still resolve', async () => {
    const step = stepper('typing');
    const api = await cellguard();
    const nb = await openNotebook('unsafe-load.ipynb');
    step('opened');
    const cell = nb.cellAt(2);
    assert.strictEqual(cgDiagnostics(cell.document.uri).length, 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cell.document.uri, new vscode.Position(1, 0), 'data = pickle.loads(blob)\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    step('1');
    const [d] = await waitFor('diagnostic after edit', () => {
      const ds = cgDiagnostics(cell.document.uri);
      return ds.length ? ds : undefined;
    });
    assert.strictEqual(cell.document.getText(d!.range), 'pickle.loads(blob)');
    // Undo the edit: the diagnostic goes away.
    const undo = new vscode.WorkspaceEdit();
    undo.delete(cell.document.uri, new vscode.Range(1, 0, 2, 0));
    assert.ok(await vscode.workspace.applyEdit(undo));
    step('2');
    await waitFor('diagnostic cleared', () => cgDiagnostics(cell.document.uri).length === 0);
    step('3');
    // An alias defined in an earlier cell: `pk.loads` is only unsafe once cell 0 imports pickle as pk.
    const alias = new vscode.WorkspaceEdit();
    alias.insert(cell.document.uri, new vscode.Position(1, 0), 'obj = pk.loads(blob)\n');
    assert.ok(await vscode.workspace.applyEdit(alias));
    step('4');
    await api.whenIdle();
    step('5');
    assert.strictEqual(cgDiagnostics(cell.document.uri).length, 0, 'pk is unknown');
    const first = nb.cellAt(0);
    const addImport = new vscode.WorkspaceEdit();
    addImport.insert(first.document.uri, new vscode.Position(0, 0), 'import pickle as pk\n');
    assert.ok(await vscode.workspace.applyEdit(addImport));
    step('6');
    await waitFor(
      'later cell re-analysed after an import change',
      () => cgDiagnostics(cell.document.uri).length === 1,
    );
    step('7');
    const removeImport = new vscode.WorkspaceEdit();
    removeImport.delete(first.document.uri, new vscode.Range(0, 0, 1, 0));
    assert.ok(await vscode.workspace.applyEdit(removeImport));
    step('8');
    await waitFor(
      'and again after it is removed',
      () => cgDiagnostics(cell.document.uri).length === 0,
    );
    step('9');
    step('10');
    await api.whenIdle();
    step('11');
  });

  test('outputs produced by an execution are analysed (onDidChangeNotebookDocument outputs)', async () => {
    const api = await cellguard();
    const key = await fixturePem();
    const controller = vscode.notebooks.createNotebookController(
      'cellguard-test-kernel',
      'jupyter-notebook',
      'Cellguard test kernel',
    );
    try {
      controller.supportedLanguages = ['python'];
      controller.executeHandler = async (cells, _nb, ctrl) => {
        for (const cell of cells) {
          const execution = ctrl.createNotebookCellExecution(cell);
          execution.start(Date.now());
          await execution.replaceOutput([
            new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stdout(`${key}\n`)], {
              outputType: 'stream',
            }),
          ]);
          execution.end(true, Date.now());
        }
      };
      const nb = await openNotebook('kernel.ipynb', true);
      controller.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred);
      const extensionId = vscode.extensions.all.find(
        (e) =>
          e.packageJSON &&
          (e.packageJSON as { name?: string }).name &&
          e.extensionPath &&
          __dirname.startsWith(e.extensionPath),
      )?.id;
      const candidates = [
        extensionId,
        'cellguard.cellguard',
        'cellguard.cellguard-testhost',
      ].filter((x): x is string => !!x);
      for (const extension of candidates) {
        await vscode.commands
          .executeCommand('notebook.selectKernel', { id: controller.id, extension })
          .then(undefined, () => undefined);
      }
      const cell = nb.cellAt(0);
      assert.strictEqual(cgDiagnostics(cell.document.uri).length, 0);
      await vscode.commands.executeCommand('notebook.cell.execute', {
        ranges: [{ start: 0, end: 1 }],
        document: nb.uri,
      });
      await waitFor('output executed', () => cell.outputs.length > 0);
      const [d] = await waitFor('output diagnostic after execution', () => {
        const ds = cgDiagnostics(cell.document.uri);
        return ds.length ? ds : undefined;
      });
      assert.match(d!.message, /^Cell 1, output 1 \(stream\)/);
      assert.ok(api.findings(nb).some((f) => f.category === 'sensitive-output'));
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } finally {
      controller.dispose();
    }
  });

  test('line comment and cell metadata suppressions', async () => {
    const nb = await openNotebook('suppressed.ipynb');
    await waitFor(
      'control cell flagged',
      () => cgDiagnostics(nb.cellAt(3).document.uri).length === 1,
    );
    assert.strictEqual(
      cgDiagnostics(nb.cellAt(1).document.uri).length,
      0,
      'line comment suppresses',
    );
    assert.strictEqual(
      cgDiagnostics(nb.cellAt(2).document.uri).length,
      0,
      'cell metadata suppresses',
    );
  });

  test('settings: severity override and category switch apply live', async () => {
    const api = await cellguard();
    const doc = await vscode.workspace.openTextDocument(wsUri('app.py'));
    await vscode.window.showTextDocument(doc);
    await waitFor('py diagnostics', () => cgDiagnostics(doc.uri).length >= 2);
    try {
      await setSetting('severityOverrides', { 'pickle-load': 'error' });
      await waitFor(
        'override applied',
        () =>
          cgDiagnostics(doc.uri).find((d) => ruleOf(d) === 'pickle-load')?.severity ===
          vscode.DiagnosticSeverity.Error,
      );
      await setSetting('categories.unsafeLoad', false);
      await waitFor(
        'category off',
        () =>
          cgDiagnostics(doc.uri).length > 0 &&
          !cgDiagnostics(doc.uri).some((d) => ruleOf(d) === 'pickle-load'),
      );
      await setSetting('enable', false);
      await waitFor('disabled', () => cgDiagnostics(doc.uri).length === 0);
    } finally {
      await setSetting('severityOverrides', undefined);
      await setSetting('categories.unsafeLoad', undefined);
      await setSetting('enable', undefined);
    }
    await waitFor(
      'back to defaults',
      () =>
        cgDiagnostics(doc.uri).find((d) => ruleOf(d) === 'pickle-load')?.severity ===
        vscode.DiagnosticSeverity.Warning,
    );
    await api.whenIdle();
  });

  test('.cellguard.json is honoured and watched', async () => {
    const doc = await vscode.workspace.openTextDocument(wsUri('app.py'));
    await vscode.window.showTextDocument(doc);
    await waitFor('py diagnostics', () =>
      cgDiagnostics(doc.uri).some((d) => ruleOf(d) === 'pickle-load'),
    );
    const file = wsUri('.cellguard.json');
    try {
      await vscode.workspace.fs.writeFile(
        file,
        new TextEncoder().encode(JSON.stringify({ rules: { 'pickle-load': 'off' } })),
      );
      await waitFor(
        'rule turned off by the file',
        () =>
          cgDiagnostics(doc.uri).length > 0 &&
          !cgDiagnostics(doc.uri).some((d) => ruleOf(d) === 'pickle-load'),
      );
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await waitFor('file removed: rule back', () =>
      cgDiagnostics(doc.uri).some((d) => ruleOf(d) === 'pickle-load'),
    );
  });
});
