/** "Cellguard: Scan workspace": files not open get diagnostics; excludes are honoured. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ScanSummary } from '../../api';
import { cellguard, cgDiagnostics, closeAllEditors, openNotebook, ruleOf, wsUri } from './helpers';

suite('workspace scan', () => {
  suiteSetup(async () => {
    await cellguard();
    await closeAllEditors();
  });

  test('scans .ipynb and .py files, honouring cellguard.exclude', async () => {
    const summary = await vscode.commands.executeCommand<ScanSummary>('cellguard.scanWorkspace');
    assert.ok(summary.files >= 5, JSON.stringify(summary));
    assert.strictEqual(summary.cancelled, false);
    assert.deepStrictEqual(summary.skipped, []);
    const pyOpen = vscode.workspace.textDocuments.some(
      (d) => d.uri.toString() === wsUri('app.py').toString(),
    );
    if (!pyOpen) {
      const py = cgDiagnostics(wsUri('app.py'));
      assert.ok(
        py.some((d) => ruleOf(d) === 'pickle-load'),
        'py findings with ranges',
      );
    }
    const excluded = cgDiagnostics(wsUri('excluded', 'ignored.py'));
    assert.deepStrictEqual(excluded, [], 'excluded folder not scanned');
    assert.deepStrictEqual(cgDiagnostics(wsUri('src', 'clean.py')), []);
  });

  test('findings of unopened notebooks name cell and output', async () => {
    const target = wsUri('scan-only.ipynb');
    await vscode.workspace.fs.copy(wsUri('output-secret.ipynb'), target, { overwrite: true });
    await vscode.commands.executeCommand<ScanSummary>('cellguard.scanWorkspace');
    const ds = cgDiagnostics(target);
    assert.strictEqual(ds.length, 1);
    assert.match(ds[0]!.message, /^Cell 2, output 1 \(stream\): /);
  });

  test('the count is the same whether a file with findings is open or not', async () => {
    const closed = await vscode.commands.executeCommand<ScanSummary>('cellguard.scanWorkspace');
    const api = await cellguard();
    const notebook = await openNotebook('output-secret.ipynb');
    await api.whenIdle();
    assert.ok(api.findings(notebook).length > 0, 'the open notebook has findings');
    const open = await vscode.commands.executeCommand<ScanSummary>('cellguard.scanWorkspace');
    assert.strictEqual(open.files, closed.files, 'files');
    assert.strictEqual(open.findings, closed.findings, 'findings in open files are counted');
    await closeAllEditors();
  });
});
