/**
 * Keeps diagnostics in step with notebooks and `.py` files: whole notebook on open, one cell
 * per (debounced) edit, outputs only when outputs change. Findings are kept with the cells they
 * were computed for, so code actions, the save guard and the status bar read cached results
 * instead of analysing again.
 */
import * as vscode from 'vscode';
import type { Analyzer, Finding, NotebookDoc } from '@cellguard/core';
import { displayCellIndex, fromPythonSource } from '@cellguard/core';
import { findingToDiagnostic, notebookToCore, type EditTarget } from './convert';

/** A finding with what is needed to act on it later. */
export interface Entry {
  readonly finding: Finding;
  readonly diagnostic: vscode.Diagnostic;
  readonly target: EditTarget;
}

interface CellResult {
  source: Entry[];
  outputs: Entry[];
}

interface NotebookState {
  readonly notebook: vscode.NotebookDocument;
  readonly cells: Map<vscode.NotebookCell, CellResult>;
  /** Timers per cell (source edits), per cell (outputs) and for the whole notebook. */
  readonly timers: Map<string, ReturnType<typeof setTimeout>>;
}

/** Host services the manager needs: which analyzer and settings apply to a resource. */
export interface AnalysisHost {
  analyzerFor(uri: vscode.Uri): Analyzer | undefined;
  debounceMs(uri: vscode.Uri): number;
  log(message: string): void;
}

const PYTHON_LANGUAGES = new Set(['python']);

function importSignature(text: string): string {
  // Adapter-side change detection only: when a cell's import lines change, later cells must be
  // re-analysed because their resolved names may change.
  return text
    .split(/\r?\n/)
    .filter((line) => /^\s*(?:from\s+\S+\s+)?import\s/.test(line))
    .join('\n');
}

export class DiagnosticsManager implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('cellguard');
  private readonly notebooks = new Map<vscode.NotebookDocument, NotebookState>();
  private readonly textResults = new Map<string, Entry[]>();
  private readonly textTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly importSignatures = new WeakMap<vscode.NotebookCell, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly disposables: vscode.Disposable[] = [];
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  /** Fired after results of a notebook or text file changed (undefined: everything). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly host: AnalysisHost) {
    this.disposables.push(this.collection, this.changeEmitter);
  }

  // ------------------------------------------------------------------ lifecycle of documents

  /** Should this text document be analysed on its own (a `.py` file, not a notebook cell)? */
  static isPythonFile(document: vscode.TextDocument): boolean {
    return (
      document.uri.scheme !== 'vscode-notebook-cell' && PYTHON_LANGUAGES.has(document.languageId)
    );
  }

  /** Re-analyse everything open (after a config change). */
  refreshAll(): void {
    for (const notebook of vscode.workspace.notebookDocuments) this.openNotebook(notebook);
    for (const document of vscode.workspace.textDocuments)
      if (DiagnosticsManager.isPythonFile(document)) this.openText(document);
  }

  clearAll(): void {
    for (const state of this.notebooks.values())
      for (const timer of state.timers.values()) clearTimeout(timer);
    for (const timer of this.textTimers.values()) clearTimeout(timer);
    this.textTimers.clear();
    this.notebooks.clear();
    this.textResults.clear();
    this.collection.clear();
    this.pending = 0;
    this.settleIfIdle();
    this.changeEmitter.fire(undefined);
  }

  openNotebook(notebook: vscode.NotebookDocument): void {
    this.schedule(this.state(notebook), 'all', 0, () => this.analyzeNotebook(notebook));
  }

  closeNotebook(notebook: vscode.NotebookDocument): void {
    const state = this.notebooks.get(notebook);
    if (!state) return;
    for (const timer of state.timers.values()) clearTimeout(timer);
    this.pending -= state.timers.size;
    for (const cell of notebook.getCells()) this.collection.delete(cell.document.uri);
    for (const cell of state.cells.keys()) this.collection.delete(cell.document.uri);
    this.notebooks.delete(notebook);
    this.settleIfIdle();
    this.changeEmitter.fire(notebook.uri);
  }

  openText(document: vscode.TextDocument): void {
    this.scheduleText(document, 0);
  }

  closeText(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.textTimers.get(key);
    if (timer) {
      clearTimeout(timer);
      this.textTimers.delete(key);
      this.pending--;
    }
    this.textResults.delete(key);
    this.collection.delete(document.uri);
    this.settleIfIdle();
    this.changeEmitter.fire(document.uri);
  }

  // ------------------------------------------------------------------ change events

  /** A cell's text changed: re-analyse that cell's source after the debounce. */
  cellTextChanged(cell: vscode.NotebookCell): void {
    const state = this.state(cell.notebook);
    const delay = this.host.debounceMs(cell.notebook.uri);
    this.schedule(state, `src:${cell.document.uri.toString()}`, delay, () =>
      this.analyzeCellSource(cell),
    );
  }

  textChanged(document: vscode.TextDocument): void {
    this.scheduleText(document, this.host.debounceMs(document.uri));
  }

  notebookChanged(event: vscode.NotebookDocumentChangeEvent): void {
    const state = this.state(event.notebook);
    if (event.contentChanges.length > 0) {
      for (const change of event.contentChanges) {
        for (const cell of change.removedCells) {
          this.collection.delete(cell.document.uri);
          state.cells.delete(cell);
        }
      }
      // Cells moved: indexes and import context changed, analyse the notebook again.
      this.schedule(state, 'all', this.host.debounceMs(event.notebook.uri), () =>
        this.analyzeNotebook(event.notebook),
      );
      return;
    }
    for (const change of event.cellChanges) {
      const cell = change.cell;
      if (change.metadata !== undefined) {
        // Suppressions live in cell metadata: source and outputs may both change.
        this.schedule(state, `cell:${cell.document.uri.toString()}`, 0, () =>
          this.analyzeWholeCell(cell),
        );
      } else if (change.outputs !== undefined) {
        // Outputs stream in while a cell runs: debounce so a chatty cell is not analysed per chunk.
        this.schedule(
          state,
          `out:${cell.document.uri.toString()}`,
          this.host.debounceMs(event.notebook.uri),
          () => this.analyzeCellOutputs(cell),
        );
      }
    }
  }

  // ------------------------------------------------------------------ queries

  /** Findings of a notebook in document order, with their targets. */
  notebookEntries(notebook: vscode.NotebookDocument): Entry[] {
    const state = this.notebooks.get(notebook);
    if (!state) return [];
    const entries: Entry[] = [];
    for (const cell of notebook.getCells()) {
      const result = state.cells.get(cell);
      if (result) entries.push(...result.source, ...result.outputs);
    }
    return entries;
  }

  cellEntries(cell: vscode.NotebookCell): { source: readonly Entry[]; outputs: readonly Entry[] } {
    return this.notebooks.get(cell.notebook)?.cells.get(cell) ?? { source: [], outputs: [] };
  }

  textEntries(document: vscode.TextDocument): Entry[] {
    return this.textResults.get(document.uri.toString()) ?? [];
  }

  /** Entries whose diagnostics live on `document` (a cell document or a `.py` file). */
  entriesFor(document: vscode.TextDocument): Entry[] {
    if (document.uri.scheme === 'vscode-notebook-cell') {
      for (const notebook of vscode.workspace.notebookDocuments) {
        const cell = notebook.getCells().find((c) => c.document === document);
        if (cell) {
          const result = this.cellEntries(cell);
          return [...result.source, ...result.outputs];
        }
      }
      return [];
    }
    return this.textEntries(document);
  }

  /** True when nothing is scheduled or running for this notebook. */
  isSettled(notebook: vscode.NotebookDocument): boolean {
    const state = this.notebooks.get(notebook);
    return !!state && state.timers.size === 0 && this.running.size === 0;
  }

  /** Run whatever is scheduled for a notebook now (used before a save). */
  async flush(notebook: vscode.NotebookDocument): Promise<void> {
    const state = this.notebooks.get(notebook);
    if (!state || state.timers.size === 0) {
      if (!state) await this.track(() => this.analyzeNotebook(notebook));
      return;
    }
    for (const timer of state.timers.values()) clearTimeout(timer);
    this.pending -= state.timers.size;
    state.timers.clear();
    await this.track(() => this.analyzeNotebook(notebook));
  }

  /** Resolves when no analysis is scheduled or running. */
  whenIdle(): Promise<void> {
    if (this.pending === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // ------------------------------------------------------------------ analysis

  private readonly running = new Set<Promise<void>>();

  private state(notebook: vscode.NotebookDocument): NotebookState {
    let state = this.notebooks.get(notebook);
    if (!state) {
      state = { notebook, cells: new Map(), timers: new Map() };
      this.notebooks.set(notebook, state);
    }
    return state;
  }

  private schedule(
    state: NotebookState,
    key: string,
    delay: number,
    run: () => Promise<void>,
  ): void {
    const existing = state.timers.get(key);
    if (existing) clearTimeout(existing);
    else this.pending++;
    // A full analysis covers every narrower one already scheduled.
    if (key === 'all') {
      for (const [other, timer] of state.timers) {
        if (other === 'all') continue;
        clearTimeout(timer);
        state.timers.delete(other);
        this.pending--;
      }
    } else if (state.timers.has('all') && key !== 'all') {
      // Already covered by the pending full analysis.
      if (!existing) this.pending--;
      return;
    }
    state.timers.set(
      key,
      setTimeout(() => {
        state.timers.delete(key);
        this.pending--;
        if (this.notebooks.get(state.notebook) !== state || state.notebook.isClosed) {
          this.settleIfIdle();
          return;
        }
        void this.track(run);
      }, delay),
    );
  }

  private scheduleText(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    const existing = this.textTimers.get(key);
    if (existing) clearTimeout(existing);
    else this.pending++;
    this.textTimers.set(
      key,
      setTimeout(() => {
        this.textTimers.delete(key);
        this.pending--;
        if (document.isClosed) {
          this.settleIfIdle();
          return;
        }
        void this.track(() => this.analyzeText(document));
      }, delay),
    );
  }

  private async track(run: () => Promise<void>): Promise<void> {
    const promise = run().catch((error: unknown) => {
      this.host.log(
        `analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
    this.running.add(promise);
    try {
      await promise;
    } finally {
      this.running.delete(promise);
      this.settleIfIdle();
    }
  }

  private settleIfIdle(): void {
    if (this.pending < 0) this.pending = 0;
    if (this.pending !== 0 || this.running.size !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async analyzeText(document: vscode.TextDocument): Promise<void> {
    const analyzer = this.host.analyzerFor(document.uri);
    if (!analyzer) {
      this.textResults.delete(document.uri.toString());
      this.collection.delete(document.uri);
      return;
    }
    const version = document.version;
    let doc: NotebookDoc;
    try {
      doc = fromPythonSource(document.getText());
    } catch (error) {
      this.host.log(
        `${document.uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    const result = await analyzer.analyzeNotebook(doc);
    if (document.isClosed || document.version !== version) return; // a newer run is scheduled
    const target: EditTarget = { kind: 'text', document };
    const entries = result.findings.map((finding) => ({
      finding,
      diagnostic: findingToDiagnostic(finding, document),
      target,
    }));
    this.textResults.set(document.uri.toString(), entries);
    this.collection.set(
      document.uri,
      entries.map((e) => e.diagnostic),
    );
    this.changeEmitter.fire(document.uri);
  }

  private async analyzeNotebook(
    notebook: vscode.NotebookDocument,
    options: { sources?: boolean; outputs?: boolean } = {},
  ): Promise<void> {
    const analyzer = this.host.analyzerFor(notebook.uri);
    const state = this.state(notebook);
    if (!analyzer) {
      for (const cell of notebook.getCells()) this.collection.delete(cell.document.uri);
      state.cells.clear();
      return;
    }
    const { doc, cells } = notebookToCore(notebook);
    const versions = cells.map((cell) => cell.document.version);
    const result = await analyzer.analyzeNotebook(doc, options);
    if (notebook.isClosed) return;
    const target: EditTarget = { kind: 'notebook', notebook, cells };
    const grouped = new Map<number, Finding[]>();
    for (const finding of result.findings) {
      const list = grouped.get(displayCellIndex(finding.location)) ?? [];
      list.push(finding);
      grouped.set(displayCellIndex(finding.location), list);
    }
    cells.forEach((cell, index) => {
      this.importSignatures.set(cell, importSignature(doc.cells[index]!.source));
      if (cell.index < 0 || cell.document.version !== versions[index]) return; // stale: a cell run is scheduled
      const findings = grouped.get(index) ?? [];
      const previous = state.cells.get(cell) ?? { source: [], outputs: [] };
      const entries = (kind: 'source' | 'output'): Entry[] =>
        findings
          .filter((f) => f.location.kind === kind)
          .map((finding) => ({
            finding,
            diagnostic: findingToDiagnostic(finding, cell.document),
            target,
          }));
      state.cells.set(cell, {
        source: options.sources === false ? previous.source : entries('source'),
        outputs: options.outputs === false ? previous.outputs : entries('output'),
      });
      this.publish(cell, state);
    });
    this.changeEmitter.fire(notebook.uri);
  }

  private async analyzeCellSource(cell: vscode.NotebookCell): Promise<void> {
    const before = this.importSignatures.get(cell);
    const after = importSignature(cell.document.getText());
    if (before !== undefined && before !== after) {
      // Imports changed: later cells may resolve names differently.
      this.importSignatures.set(cell, after);
      await this.analyzeNotebook(cell.notebook, { outputs: false });
      return;
    }
    await this.analyzeOneCell(cell, { outputs: false });
  }

  private async analyzeCellOutputs(cell: vscode.NotebookCell): Promise<void> {
    await this.analyzeOneCell(cell, { sources: false });
  }

  private async analyzeWholeCell(cell: vscode.NotebookCell): Promise<void> {
    await this.analyzeOneCell(cell, {});
  }

  private async analyzeOneCell(
    cell: vscode.NotebookCell,
    options: { sources?: boolean; outputs?: boolean },
  ): Promise<void> {
    const notebook = cell.notebook;
    if (cell.index < 0 || notebook.isClosed) return;
    const analyzer = this.host.analyzerFor(notebook.uri);
    if (!analyzer) return;
    const state = this.state(notebook);
    const { doc, cells } = notebookToCore(notebook);
    const index = cells.indexOf(cell);
    if (index < 0) return;
    const version = cell.document.version;
    const result = await analyzer.analyzeCell(doc, index, options);
    if (notebook.isClosed || cell.index < 0 || cell.document.version !== version) return;
    const target: EditTarget = { kind: 'notebook', notebook, cells };
    const previous = state.cells.get(cell) ?? { source: [], outputs: [] };
    const entries = (kind: 'source' | 'output'): Entry[] =>
      result.findings
        .filter((f) => f.location.kind === kind)
        .map((finding) => ({
          finding,
          diagnostic: findingToDiagnostic(finding, cell.document),
          target,
        }));
    state.cells.set(cell, {
      source: options.sources === false ? previous.source : entries('source'),
      outputs: options.outputs === false ? previous.outputs : entries('output'),
    });
    this.importSignatures.set(cell, importSignature(doc.cells[index]!.source));
    this.publish(cell, state);
    this.changeEmitter.fire(notebook.uri);
  }

  private publish(cell: vscode.NotebookCell, state: NotebookState): void {
    const result = state.cells.get(cell);
    if (!result) return;
    // Output diagnostics sit on line 0; recompute their range in case line 0 changed length.
    const outputs = result.outputs.map((entry) => {
      const fresh = findingToDiagnostic(entry.finding, cell.document);
      return fresh.range.isEqual(entry.diagnostic.range) ? entry : { ...entry, diagnostic: fresh };
    });
    result.outputs = outputs;
    this.collection.set(
      cell.document.uri,
      [...result.source, ...outputs].map((e) => e.diagnostic),
    );
  }

  dispose(): void {
    this.clearAll();
    for (const d of this.disposables) d.dispose();
  }
}
