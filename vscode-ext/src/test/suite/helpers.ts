/** Shared helpers for the integration suite (runs inside the extension host). */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CellguardApi } from '../../api';

export const EXT_ID = 'cellguard.cellguard';

let cached: CellguardApi | undefined;

export async function cellguard(): Promise<CellguardApi> {
  if (cached) return cached;
  const ext = vscode.extensions.getExtension<CellguardApi>(EXT_ID);
  assert.ok(ext, `extension ${EXT_ID} is installed`);
  cached = await ext.activate();
  await cached.ready;
  return cached;
}

export function wsUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function cgDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Cellguard');
}

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  return typeof code === 'object' && code !== null
    ? String(code.value)
    : code === undefined
      ? undefined
      : String(code);
}

/** Open a notebook document; `show` also opens an editor (only where a test needs one). */
export async function openNotebook(name: string, show = false): Promise<vscode.NotebookDocument> {
  const t0 = Date.now();
  const notebook = await vscode.workspace.openNotebookDocument(wsUri(name));
  const t1 = Date.now();
  if (show) await vscode.window.showNotebookDocument(notebook);
  const t2 = Date.now();
  if (t2 - t0 > 1000)
    console.log(`    [open ${name}] document ${t1 - t0} ms, editor ${t2 - t1} ms`);
  return notebook;
}

/** Copy a fixture to a fresh name so tests never share a notebook. */
export async function copyFixture(from: string, to: string): Promise<vscode.Uri> {
  const target = wsUri(to);
  await vscode.workspace.fs.copy(wsUri(from), target, { overwrite: true });
  return target;
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration('cellguard')
    .update(key, value, vscode.ConfigurationTarget.Workspace);
  await waitFor(
    `setting ${key}`,
    () =>
      JSON.stringify(
        vscode.workspace.getConfiguration('cellguard').inspect(key)?.workspaceValue,
      ) === JSON.stringify(value),
  );
  await (await cellguard()).whenIdle();
}

/** The PEM key the fixtures carry (read from a fixture so it is defined once). */
export async function fixturePem(): Promise<string> {
  const text = await readText(wsUri('app.py'));
  const match = /-----BEGIN RSA PRIVATE KEY-----[\s\S]*?-----END RSA PRIVATE KEY-----/.exec(text);
  assert.ok(match, 'fixture holds a PEM key');
  return match[0];
}

/** How VS Code's ipynb serializer writes a notebook: keys sorted, one-space indent, final newline. */
export function serializeLikeIpynb(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value), undefined, 1) + '\n';
}

/** nbformat's multiline strings: lines keeping their "\n". */
export function splitLines(text: string): string[] {
  const parts = text.split('\n');
  const lines = parts.map((part, i) => (i < parts.length - 1 ? `${part}\n` : part));
  return lines.filter((line) => line.length > 0);
}

/** Close every editor, reverting unsaved changes (closeAllEditors would block on a "Save?" dialog). */
export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const tabs = vscode.window.tabGroups.all.reduce((n, g) => n + g.tabs.length, 0);
    if (tabs === 0) return;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

/** Apply a code action the way the editor does: its edit, then its command. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit)
    assert.ok(await vscode.workspace.applyEdit(action.edit), `applied ${action.title}`);
  if (action.command) {
    const result = await vscode.commands.executeCommand(
      action.command.command,
      ...(action.command.arguments ?? []),
    );
    assert.notStrictEqual(result, false, `command of ${action.title} applied`);
  }
}

/** Step timing for slow-test diagnosis (printed into the extension host log). */
export function stepper(name: string): (step: string) => void {
  const t0 = Date.now();
  return (step) => console.log(`    [${name}] +${Date.now() - t0}ms ${step}`);
}
