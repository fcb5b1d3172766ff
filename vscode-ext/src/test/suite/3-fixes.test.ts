/** Quick fixes and the output commands, with the file on disk checked after saving. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  applyAction,
  cellguard,
  cgDiagnostics,
  closeAllEditors,
  copyFixture,
  fixturePem,
  openNotebook,
  readText,
  ruleOf,
  serializeLikeIpynb,
  setSetting,
  splitLines,
  waitFor,
  wsUri,
} from './helpers';

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
    )) ?? []
  );
}

type Json = Record<string, unknown> & {
  cells: (Record<string, unknown> & {
    outputs?: Record<string, unknown>[];
    metadata: Record<string, unknown>;
  })[];
};

suite('quick fixes and output commands', () => {
  suiteSetup(async () => {
    await cellguard();
    await setSetting('onSave', 'off');
  });
  suiteTeardown(async () => {
    await setSetting('onSave', undefined);
    await closeAllEditors();
  });

  test('code actions offered for a source finding', async () => {
    const nb = await openNotebook('source-secret.ipynb', true);
    const cell = nb.cellAt(1);
    const [d] = await waitFor('diagnostic', () => {
      const ds = cgDiagnostics(cell.document.uri);
      return ds.length ? ds : undefined;
    });
    const titles = (await codeActions(cell.document.uri, d!.range)).map((a) => a.title);
    const rule = ruleOf(d!);
    assert.ok(titles.includes(`Suppress ${rule} on this line`), titles.join(' | '));
    assert.ok(titles.includes(`Suppress ${rule} in this cell`), titles.join(' | '));
    assert.ok(titles.includes(`Show documentation for ${rule}`), titles.join(' | '));
    const docs = (await codeActions(cell.document.uri, d!.range)).find((a) =>
      a.title.startsWith('Show documentation'),
    );
    assert.deepStrictEqual(docs?.command?.command, 'cellguard.showRuleDocumentation');
    assert.deepStrictEqual(docs?.command?.arguments, [rule]);
  });

  test('the preferred fix of a source secret rewrites the code', async () => {
    await copyFixture('source-secret.ipynb', 'fix-secret.ipynb');
    const nb = await openNotebook('fix-secret.ipynb', true);
    const cell = nb.cellAt(1);
    const [d] = await waitFor('diagnostic', () => {
      const ds = cgDiagnostics(cell.document.uri);
      return ds.length ? ds : undefined;
    });
    const actions = await codeActions(cell.document.uri, d!.range);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.strictEqual(
      preferred.length,
      1,
      actions.map((a) => `${a.title}${a.isPreferred ? ' *' : ''}`).join(' | '),
    );
    await applyAction(preferred[0]!);
    const text = cell.document.getText();
    assert.ok(!text.includes('BEGIN RSA PRIVATE KEY'), text);
    await waitFor('diagnostic gone', () => cgDiagnostics(cell.document.uri).length === 0);
  });

  test('source.fixAll.cellguard applies the safe fixes (output redaction)', async () => {
    await copyFixture('output-secret.ipynb', 'fix-all.ipynb');
    const nb = await openNotebook('fix-all.ipynb', true);
    const cell = nb.cellAt(1);
    await waitFor('diagnostic', () => cgDiagnostics(cell.document.uri).length > 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      cell.document.uri,
      new vscode.Range(0, 0, 0, 0),
      'source.fixAll.cellguard',
    );
    const fixAll = actions?.find((a) => a.kind?.value === 'source.fixAll.cellguard');
    assert.ok(fixAll, (actions ?? []).map((a) => a.title).join(' | '));
    await applyAction(fixAll);
    await waitFor('redacted', () =>
      new TextDecoder().decode(nb.cellAt(1).outputs[0]?.items[0]?.data).includes('[REDACTED:'),
    );
  });

  test('quick fix "Suppress on this line" changes the text and clears the diagnostic', async () => {
    await copyFixture('unsafe-load.ipynb', 'fix-line.ipynb');
    const nb = await openNotebook('fix-line.ipynb', true);
    const cell = nb.cellAt(1);
    const [d] = await waitFor('diagnostic', () => {
      const ds = cgDiagnostics(cell.document.uri);
      return ds.length ? ds : undefined;
    });
    const action = (await codeActions(cell.document.uri, d!.range)).find(
      (a) => a.title === 'Suppress pickle-load on this line',
    );
    assert.ok(action?.edit, 'text-only fix carries its edit');
    await applyAction(action);
    assert.strictEqual(
      cell.document.lineAt(1).text,
      '    model = pickle.load(f)  # cellguard: ignore[pickle-load]',
    );
    await waitFor('diagnostic gone', () => cgDiagnostics(cell.document.uri).length === 0);
    assert.ok(await nb.save());
    assert.ok(
      (await readText(wsUri('fix-line.ipynb'))).includes(
        'pickle.load(f)  # cellguard: ignore[pickle-load]\\n',
      ),
    );
  });

  test('quick fix "Suppress in this cell" writes Jupyter cell metadata', async () => {
    await copyFixture('unsafe-load.ipynb', 'fix-cell.ipynb');
    const nb = await openNotebook('fix-cell.ipynb', true);
    const cell = nb.cellAt(1);
    const [d] = await waitFor('diagnostic', () => {
      const ds = cgDiagnostics(cell.document.uri);
      return ds.length ? ds : undefined;
    });
    const action = (await codeActions(cell.document.uri, d!.range)).find(
      (a) => a.title === 'Suppress pickle-load in this cell',
    );
    assert.ok(action);
    await applyAction(action);
    await waitFor('diagnostic gone', () => cgDiagnostics(nb.cellAt(1).document.uri).length === 0);
    assert.ok(await nb.save());
    const json = JSON.parse(await readText(wsUri('fix-cell.ipynb'))) as Json;
    assert.deepStrictEqual(json.cells[1]!.metadata, { cellguard: { ignore: ['pickle-load'] } });
    assert.strictEqual(json.cells[1]!['id'], 'b1b2c3d4-0002', 'cell id kept');
  });

  test('.py quick fix edits the file', async () => {
    const uri = wsUri('fix-app.py');
    await vscode.workspace.fs.copy(wsUri('app.py'), uri, { overwrite: true });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const d = await waitFor('pickle diagnostic', () =>
      cgDiagnostics(uri).find((x) => ruleOf(x) === 'pickle-load'),
    );
    const action = (await codeActions(uri, d.range)).find(
      (a) => a.title === 'Suppress pickle-load on this line',
    );
    assert.ok(action);
    await applyAction(action);
    assert.strictEqual(
      doc.lineAt(11).text,
      '        return pickle.load(f)  # cellguard: ignore[pickle-load]',
    );
    await waitFor('gone', () => !cgDiagnostics(uri).some((x) => ruleOf(x) === 'pickle-load'));
    await doc.save();
  });

  test('output quick fixes: redact the value, clear the output', async () => {
    await copyFixture('output-secret.ipynb', 'fix-output.ipynb');
    const nb = await openNotebook('fix-output.ipynb', true);
    const cell = nb.cellAt(1);
    const [d] = await waitFor('diagnostic', () => {
      const ds = cgDiagnostics(cell.document.uri);
      return ds.length ? ds : undefined;
    });
    const actions = await codeActions(cell.document.uri, d!.range);
    const titles = actions.map((a) => a.title);
    const redact = actions.find((a) => a.title.startsWith('Redact '));
    assert.ok(redact, titles.join(' | '));
    assert.ok(redact.isPreferred, 'redaction is the preferred fix');
    assert.ok(
      titles.some((t) => /^Clear /.test(t)),
      titles.join(' | '),
    );
    assert.strictEqual(
      titles.filter((t) => /^Clear this output/.test(t)).length,
      1,
      'one clear action, not a duplicate',
    );
    assert.ok(
      titles.includes('Clear this output (may change behaviour)'),
      `the core's one Clear fix, unsafe and marked: ${titles.join(' | ')}`,
    );
    await applyAction(redact);
    const out = new TextDecoder().decode(nb.cellAt(1).outputs[0]!.items[0]!.data);
    assert.ok(out.startsWith('key:\n[REDACTED:'), out);
    assert.ok(out.endsWith(']\ndone\n'), out);
    await waitFor('diagnostic gone', () => cgDiagnostics(nb.cellAt(1).document.uri).length === 0);
  });

  test('command "Redact sensitive outputs": only the redacted span changes on disk', async () => {
    const pem = await fixturePem();
    await copyFixture('output-secret.ipynb', 'cmd-redact.ipynb');
    const original = await readText(wsUri('cmd-redact.ipynb'));
    const nb = await openNotebook('cmd-redact.ipynb');
    await waitFor('finding', () => cgDiagnostics(nb.cellAt(1).document.uri).length > 0);
    const redacted = await vscode.commands.executeCommand<number>(
      'cellguard.redactOutputs',
      nb.uri,
    );
    assert.strictEqual(redacted, 1);
    assert.ok(await nb.save());
    const onDisk = await readText(wsUri('cmd-redact.ipynb'));
    const expected = JSON.parse(original) as Json;
    const stream = expected.cells[1]!.outputs![0]!;
    stream['text'] = splitLines(
      (stream['text'] as string[]).join('').replace(pem, '[REDACTED:private-key]'),
    );
    assert.strictEqual(onDisk, serializeLikeIpynb(expected));
    assert.ok(!onDisk.includes('BEGIN RSA PRIVATE KEY'));
    assert.strictEqual(nb.cellAt(1).outputs.length, 1);
  });

  test('command "Clear sensitive outputs": only that output is removed on disk', async () => {
    await copyFixture('output-secret.ipynb', 'cmd-clear.ipynb');
    const original = await readText(wsUri('cmd-clear.ipynb'));
    const nb = await openNotebook('cmd-clear.ipynb');
    await waitFor('finding', () => cgDiagnostics(nb.cellAt(1).document.uri).length > 0);
    assert.strictEqual(
      await vscode.commands.executeCommand<number>('cellguard.clearSensitiveOutputs', nb.uri),
      1,
    );
    assert.ok(await nb.save());
    const onDisk = await readText(wsUri('cmd-clear.ipynb'));
    const expected = JSON.parse(original) as Json;
    expected.cells[1]!.outputs = [];
    assert.strictEqual(onDisk, serializeLikeIpynb(expected));
    assert.strictEqual(
      (JSON.parse(onDisk) as Json).cells[2]!.outputs!.length,
      1,
      'other outputs kept',
    );
  });

  test('status bar item click redacts one cell', async () => {
    const api = await cellguard();
    await copyFixture('output-secret.ipynb', 'cell-item.ipynb');
    const nb = await openNotebook('cell-item.ipynb');
    const cell = nb.cellAt(1);
    await waitFor('item', () => api.cellStatusItems(cell).length === 1);
    const command = api.cellStatusItems(cell)[0]!.command as vscode.Command;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    await waitFor('item gone', () => api.cellStatusItems(nb.cellAt(1)).length === 0);
    assert.ok(
      new TextDecoder().decode(nb.cellAt(1).outputs[0]!.items[0]!.data).includes('[REDACTED:'),
    );
  });
});
