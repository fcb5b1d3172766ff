/**
 * Save-time checks for notebooks (`cellguard.onSave`). Runs as a notebook save participant:
 * `redactOutputs` / `clearSensitiveOutputs` hand VS Code a WorkspaceEdit through `waitUntil`, so
 * the file written is the redacted one; `warn` never touches the save and notifies afterwards.
 * Results come from the diagnostics cache: save participants have a budget (about 1.5 s) and
 * VS Code drops participants that overrun it.
 */
import * as vscode from 'vscode';
import { editorSettings, type SavePolicy } from './config';
import type { DiagnosticsManager, Entry } from './diagnostics';
import { saveCheck, type OutputAction } from '@cellguard/core';
import { outputWorkspaceEdit } from './outputs';

/** What happened at a save, kept for the status bar and the tests. */
export interface SaveEvent {
  readonly uri: string;
  readonly policy: SavePolicy;
  readonly findings: number;
  readonly outputFindings: number;
  /** True when Cellguard changed the notebook as part of the save. */
  readonly edited: boolean;
}

/** Budget for bringing stale results up to date inside the save participant. */
const FLUSH_BUDGET_MS = 800;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([
    promise,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms)),
  ]);
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString(true);
}

export class SaveGuard implements vscode.Disposable {
  readonly events: SaveEvent[] = [];
  private readonly lastWarned = new WeakMap<vscode.NotebookDocument, string>();
  private readonly disposable: vscode.Disposable;

  constructor(
    private readonly diagnostics: DiagnosticsManager,
    private readonly isActive: (uri: vscode.Uri) => boolean,
  ) {
    this.disposable = vscode.workspace.onWillSaveNotebookDocument((event) =>
      this.onWillSave(event),
    );
  }

  private onWillSave(event: vscode.NotebookDocumentWillSaveEvent): void {
    const notebook = event.notebook;
    if (!this.isActive(notebook.uri)) return;
    const policy = editorSettings(notebook.uri).onSave;
    if (policy === 'off') return;
    if (policy === 'warn') {
      // Never delay or change the save: warn from the cache, or right after it settles.
      void this.warnAfterSave(notebook, event.reason);
      return;
    }
    event.waitUntil(this.editForSave(notebook, policy));
  }

  private async current(notebook: vscode.NotebookDocument): Promise<Entry[]> {
    if (!this.diagnostics.isSettled(notebook))
      await withTimeout(this.diagnostics.flush(notebook), FLUSH_BUDGET_MS);
    return this.diagnostics.notebookEntries(notebook);
  }

  private async editForSave(
    notebook: vscode.NotebookDocument,
    policy: 'redactOutputs' | 'clearSensitiveOutputs',
  ): Promise<vscode.WorkspaceEdit> {
    try {
      const entries = await this.current(notebook);
      // The core decides what the policy fixes (the same in JupyterLab).
      const decision = saveCheck(
        entries.map((e) => e.finding),
        policy === 'redactOutputs' ? 'redact' : 'clear',
      );
      const outputEntries = entries.filter((e) => decision.fixed.includes(e.finding));
      const edit = outputWorkspaceEdit(outputEntries, decision.policy as OutputAction);
      this.events.push({
        uri: notebook.uri.toString(),
        policy,
        findings: entries.length,
        outputFindings: outputEntries.length,
        edited: edit !== undefined,
      });
      if (edit) {
        const verb = policy === 'redactOutputs' ? 'Redacted' : 'Cleared outputs holding';
        vscode.window.setStatusBarMessage(
          `$(shield) Cellguard: ${verb} ${outputEntries.length} sensitive value(s) on save`,
          5000,
        );
      }
      return edit ?? new vscode.WorkspaceEdit();
    } catch {
      // A failure here must never block the user's save.
      return new vscode.WorkspaceEdit();
    }
  }

  private async warnAfterSave(
    notebook: vscode.NotebookDocument,
    reason: vscode.TextDocumentSaveReason,
  ): Promise<void> {
    const all = await this.current(notebook);
    // The core decides which findings a save warns about (the same in JupyterLab).
    const decision = saveCheck(
      all.map((e) => e.finding),
      'warn',
    );
    const entries = all.filter((e) => decision.warn.includes(e.finding));
    this.events.push({
      uri: notebook.uri.toString(),
      policy: 'warn',
      findings: entries.length,
      outputFindings: entries.filter((e) => e.finding.location.kind === 'output').length,
      edited: false,
    });
    if (entries.length === 0) {
      this.lastWarned.delete(notebook);
      return;
    }
    // Auto-save would repeat the same warning every few seconds: warn again only when the
    // set of findings changed, or when the user saved explicitly.
    const key = entries
      .map((e) => e.finding.fingerprint)
      .sort()
      .join(',');
    if (reason !== vscode.TextDocumentSaveReason.Manual && this.lastWarned.get(notebook) === key)
      return;
    this.lastWarned.set(notebook, key);
    const hasOutputs = entries.some((e) => e.finding.location.kind === 'output');
    const choices = hasOutputs
      ? ['Show problems', 'Redact outputs', 'Clear outputs']
      : ['Show problems'];
    const choice = await vscode.window.showWarningMessage(
      `Cellguard: ${fileName(notebook.uri)} was saved with ${decision.summary}.`,
      ...choices,
    );
    if (choice === 'Show problems')
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    else if (choice === 'Redact outputs')
      await vscode.commands.executeCommand('cellguard.redactOutputs', notebook.uri);
    else if (choice === 'Clear outputs')
      await vscode.commands.executeCommand('cellguard.clearSensitiveOutputs', notebook.uri);
  }

  dispose(): void {
    this.disposable.dispose();
  }
}
