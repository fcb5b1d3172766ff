/**
 * Status bar item: Cellguard's counts for the active notebook or Python file; click opens the
 * Problems panel.
 */
import * as vscode from 'vscode';
import type { DiagnosticsManager, Entry } from './diagnostics';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'cellguard.status',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly disposables: vscode.Disposable[] = [];
  private lastHasOutputs: boolean | undefined;

  constructor(
    private readonly diagnostics: DiagnosticsManager,
    private readonly enabled: () => boolean,
    /** True when the workspace's `.cellguard.json` is ignored (Restricted Mode). */
    private readonly restricted: () => boolean = () => false,
  ) {
    this.item.name = 'Cellguard';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      diagnostics.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
    );
    this.update();
  }

  /** The entries the item currently counts (for tests and the tooltip). */
  activeEntries(): Entry[] | undefined {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (notebook) return this.diagnostics.notebookEntries(notebook);
    const document = vscode.window.activeTextEditor?.document;
    if (
      document &&
      (document.languageId === 'python' || document.uri.scheme === 'vscode-notebook-cell')
    ) {
      return this.diagnostics.entriesFor(document);
    }
    return undefined;
  }

  update(): void {
    const entries = this.enabled() ? this.activeEntries() : undefined;
    // Drives the notebook toolbar's "Redact sensitive outputs" button (package.json `when`).
    const hasOutputs = !!entries?.some((e) => e.finding.location.kind === 'output');
    if (hasOutputs !== this.lastHasOutputs) {
      this.lastHasOutputs = hasOutputs;
      void vscode.commands.executeCommand(
        'setContext',
        'cellguard.activeNotebookHasSensitiveOutputs',
        hasOutputs,
      );
    }
    if (!entries) {
      this.item.hide();
      return;
    }
    const by = (category: string): number =>
      entries.filter((e) => e.finding.category === category).length;
    const secrets = by('secret');
    const outputs = by('sensitive-output');
    const loads = by('unsafe-load');
    // Restricted Mode: say that the workspace's config is not used (defaults + user settings).
    const restricted = this.restricted();
    const note = restricted
      ? '\n\nRestricted Mode: the workspace\u2019s `.cellguard.json` is ignored; defaults and your user settings apply.'
      : '';
    const mark = restricted ? ' (restricted)' : '';
    if (entries.length === 0) {
      this.item.text = `$(shield) Cellguard${mark}`;
      this.item.tooltip = restricted
        ? new vscode.MarkdownString(`Cellguard: no problems found${note}`)
        : 'Cellguard: no problems found';
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = `$(shield) Cellguard${mark}: ${entries.length}`;
      this.item.tooltip = new vscode.MarkdownString(
        `**Cellguard**\n\n- ${secrets} secret(s)\n- ${outputs} sensitive value(s) in outputs\n- ${loads} unsafe load(s)${note}\n\nClick to open the Problems panel.`,
      );
      const hasError = entries.some((e) => e.finding.severity === 'error');
      this.item.backgroundColor = hasError
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    }
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
