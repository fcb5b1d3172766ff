/**
 * `cellguard.onSave` policies, each checked byte for byte on disk. Every notebook gets the same
 * edit (a line added to cell 0) so each save really writes, then the bytes are compared with
 * what a save with Cellguard out of the way (`off`) writes.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  cellguard,
  closeAllEditors,
  copyFixture,
  fixturePem,
  openNotebook,
  readText,
  serializeLikeIpynb,
  setSetting,
  splitLines,
  waitFor,
  wsUri,
} from './helpers';

type Json = {
  cells: (Record<string, unknown> & { outputs?: Record<string, unknown>[] })[];
} & Record<string, unknown>;

async function editAndSave(name: string): Promise<string> {
  const api = await cellguard();
  await copyFixture('save-template.ipynb', name);
  const nb = await openNotebook(name);
  await waitFor('analysed', () => api.findings(nb).length > 0);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(nb.cellAt(0).document.uri, new vscode.Position(0, 0), 'import sys\n');
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await nb.save(), 'saved');
  return readText(wsUri(name));
}

suite('save-time checks', () => {
  let baseline = '';
  suiteSetup(async () => {
    await cellguard();
  });
  suiteTeardown(() => setSetting('onSave', undefined));
  teardown(closeAllEditors);

  test('off: Cellguard stays out of the save', async () => {
    await setSetting('onSave', 'off');
    const api = await cellguard();
    const before = api.saveEvents.length;
    baseline = await editAndSave('save-off.ipynb');
    assert.strictEqual(api.saveEvents.length, before);
    assert.strictEqual(
      baseline,
      serializeLikeIpynb(JSON.parse(baseline)),
      'the ipynb serializer writes the canonical form',
    );
    assert.ok(baseline.includes('BEGIN RSA PRIVATE KEY'));
    assert.ok(baseline.includes('"import sys\\n"'));
  });

  test('warn (default): bytes identical to a save without Cellguard, and a warning', async () => {
    await setSetting('onSave', undefined);
    assert.strictEqual(vscode.workspace.getConfiguration('cellguard').get('onSave'), 'warn');
    const api = await cellguard();
    const before = api.saveEvents.length;
    const onDisk = await editAndSave('save-warn.ipynb');
    assert.strictEqual(onDisk, baseline);
    const event = await waitFor('warn event', () =>
      api.saveEvents.slice(before).find((e) => e.uri.endsWith('save-warn.ipynb')),
    );
    assert.strictEqual(event.policy, 'warn');
    assert.strictEqual(event.edited, false);
    assert.strictEqual(event.outputFindings, 1);
  });

  test('redactOutputs: only the redacted span differs', async () => {
    await setSetting('onSave', 'redactOutputs');
    const api = await cellguard();
    const pem = await fixturePem();
    const onDisk = await editAndSave('save-redact.ipynb');
    const expected = JSON.parse(baseline) as Json;
    const stream = expected.cells[1]!.outputs![0]!;
    stream['text'] = splitLines(
      (stream['text'] as string[]).join('').replace(pem, '[REDACTED:private-key]'),
    );
    assert.strictEqual(onDisk, serializeLikeIpynb(expected));
    // Byte view of the same claim: one contiguous difference, inside the stream output.
    let start = 0;
    while (onDisk[start] === baseline[start]) start++;
    let end = 0;
    while (onDisk[onDisk.length - 1 - end] === baseline[baseline.length - 1 - end]) end++;
    const removed = baseline.slice(start, baseline.length - end);
    assert.ok(
      removed.includes('BEGIN RSA PRIVATE KEY') && removed.includes('END RSA PRIVATE KEY'),
      removed,
    );
    assert.ok(
      !removed.includes('"id"') && !removed.includes('metadata'),
      'nothing but the output text changed',
    );
    const event = api.saveEvents.find((e) => e.uri.endsWith('save-redact.ipynb'));
    assert.ok(event?.edited);
  });

  test('clearSensitiveOutputs: only outputs differ; metadata and cell ids untouched', async () => {
    await setSetting('onSave', 'clearSensitiveOutputs');
    const onDisk = await editAndSave('save-clear.ipynb');
    const expected = JSON.parse(baseline) as Json;
    expected.cells[1]!.outputs = [];
    assert.strictEqual(onDisk, serializeLikeIpynb(expected));
    const saved = JSON.parse(onDisk) as Json;
    assert.deepStrictEqual(
      saved.cells.map((c) => [c['id'], c['metadata'], c['execution_count']]),
      (JSON.parse(baseline) as Json).cells.map((c) => [
        c['id'],
        c['metadata'],
        c['execution_count'],
      ]),
    );
  });

  test('a notebook without findings saves untouched under every policy', async () => {
    await setSetting('onSave', 'redactOutputs');
    await copyFixture('unsafe-load.ipynb', 'save-clean.ipynb');
    const original = await readText(wsUri('save-clean.ipynb'));
    const nb = await openNotebook('save-clean.ipynb');
    const api = await cellguard();
    await api.whenIdle();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(nb.cellAt(2).document.uri, new vscode.Position(0, 0), '# note\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await nb.save());
    const expected = JSON.parse(original) as Json;
    expected.cells[2]!['source'] = ['# note\n', ...(expected.cells[2]!['source'] as string[])];
    assert.strictEqual(await readText(wsUri('save-clean.ipynb')), serializeLikeIpynb(expected));
    assert.ok(api.saveEvents.some((e) => e.uri.endsWith('save-clean.ipynb') && !e.edited));
  });
});
