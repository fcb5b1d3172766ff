/**
 * Keeps the findings of one open notebook current, off the critical path: edits mark a cell
 * dirty, a debounce collects them, and only dirty cells are analysed again (sources and outputs
 * separately). The lint extension asks for a cell's source findings directly; results are cached
 * by cell id, the text analysed and what earlier cells contribute (imports), so typing in one
 * cell never re-analyses the others.
 *
 * Cost, measured in Chromium by the browser suite (`cellguard:stats`, 60-cell notebook, 2-core
 * test machine): median 0.2 ms, mean 1.4–2.0 ms, p95 7–8 ms per cell analysis. Typical cells are
 * cheap, but one hostile output (800 KB) costs seconds, so the analysis itself runs in a web
 * worker (`analysis.ts`): this store only builds the documents and keeps the answers.
 */
import type { Finding } from '@cellguard/core';
import type { CellAnalyzer } from './analysis';
import { Signal, type ISignal } from '@lumino/signaling';
import type { IDisposable } from '@lumino/disposable';
import { contextKey, docFromModel, type NotebookModelLike } from './convert';

/** Timing of analysis runs, for the "cost per cell" note and the tests. */
export class AnalysisStats {
  sourceRuns = 0;
  sourceMs = 0;
  sourceMaxMs = 0;
  outputRuns = 0;
  outputMs = 0;
  outputMaxMs = 0;
  fullScans = 0;
  fullScanMs = 0;
  fullScanCells = 0;
  /** Lint passes CodeMirror asked for (most are answered from the cache). */
  lintRuns = 0;

  /** The last 500 per-cell source timings, for the median (the first run pays a warm-up). */
  private readonly recent: number[] = [];

  recordSource(ms: number): void {
    this.sourceRuns++;
    this.sourceMs += ms;
    this.sourceMaxMs = Math.max(this.sourceMaxMs, ms);
    this.recent.push(ms);
    if (this.recent.length > 500) this.recent.shift();
  }

  private percentile(p: number): number {
    if (this.recent.length === 0) return 0;
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  }

  toJSON(): Record<string, number> {
    const round = (n: number): number => Math.round(n * 1000) / 1000;
    return {
      sourceRuns: this.sourceRuns,
      sourceMsPerCell: round(this.sourceRuns ? this.sourceMs / this.sourceRuns : 0),
      sourceMedianMs: round(this.percentile(0.5)),
      sourceP95Ms: round(this.percentile(0.95)),
      sourceMaxMs: round(this.sourceMaxMs),
      outputRuns: this.outputRuns,
      outputMsPerCell: round(this.outputRuns ? this.outputMs / this.outputRuns : 0),
      outputMaxMs: round(this.outputMaxMs),
      lintRuns: this.lintRuns,
      fullScans: this.fullScans,
      fullScanMsPerCell: round(this.fullScanCells ? this.fullScanMs / this.fullScanCells : 0),
    };
  }
}

interface Cached {
  readonly key: string;
  readonly findings: Finding[];
}

/** A code cell's outputs as the store watches them. */
interface WatchableCell {
  readonly id: string;
  readonly outputs?: { readonly changed: ISignal<unknown, unknown> };
}

/** A notebook model as the store needs it: the readable parts plus change signals. */
export interface ObservableNotebookModel extends NotebookModelLike {
  readonly cells: NotebookModelLike['cells'] & { readonly changed: ISignal<unknown, unknown> };
  readonly contentChanged: ISignal<unknown, void>;
  readonly isDisposed: boolean;
}

export interface NotebookFindingsOptions {
  readonly model: ObservableNotebookModel;
  readonly analyzer: () => CellAnalyzer;
  readonly enabled: () => boolean;
  readonly stats: AnalysisStats;
  /** Quiet time before dirty cells are analysed again (ms). */
  readonly debounceMs?: number;
}

/** The findings of one notebook. */
export class NotebookFindings implements IDisposable {
  constructor(private readonly options: NotebookFindingsOptions) {
    options.model.contentChanged.connect(this.onContentChanged, this);
    options.model.cells.changed.connect(this.onCellsChanged, this);
    this.watchOutputs();
  }

  /** Emitted after findings changed. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** All current findings, in document order (cell, source before outputs, offset). */
  get findings(): readonly Finding[] {
    return this._all;
  }

  /** Findings of one cell, by cell id. */
  findingsForCell(cellId: string): { source: readonly Finding[]; outputs: readonly Finding[] } {
    return {
      source: this.sources.get(cellId)?.findings ?? [],
      outputs: this.outputs.get(cellId)?.findings ?? [],
    };
  }

  /**
   * Source findings of one cell for the text the editor holds now. Cached: the lint extension
   * and the background pass never analyse the same text twice.
   */
  async sourceFindings(cellIndex: number, text?: string): Promise<Finding[]> {
    const { model } = this.options;
    if (!this.options.enabled() || cellIndex < 0 || cellIndex >= model.cells.length) return [];
    const cell = model.cells.get(cellIndex);
    const source = text ?? cell.sharedModel.getSource();
    const doc = docFromModel(model, { outputs: 'none', sourceOverride: { cellIndex, source } });
    // The language decides whether Python rules run: it comes from the kernel's metadata, which
    // may arrive after the notebook opened.
    const key = `${this.generation}\u0002${doc.language}\u0002${cellIndex}\u0002${contextKey(model, cellIndex)}\u0002${source}`;
    const cached = this.sources.get(cell.id);
    if (cached?.key === key) return cached.findings;
    const started = performance.now();
    const result = await this.options.analyzer().analyzeCell(doc, cellIndex, { outputs: false });
    this.options.stats.recordSource(performance.now() - started);
    if (this._disposed) return [];
    // Only keep the result if the cell still holds this text (it may have changed meanwhile).
    if (
      cellIndex < model.cells.length &&
      model.cells.get(cellIndex).id === cell.id &&
      cell.sharedModel.getSource() === source
    ) {
      this.sources.set(cell.id, { key, findings: result.findings });
      this.scheduleEmit();
    }
    return result.findings;
  }

  /** Output findings of one cell (re-analysed only when its outputs changed). */
  async outputFindings(cellIndex: number): Promise<Finding[]> {
    const { model } = this.options;
    if (!this.options.enabled() || cellIndex < 0 || cellIndex >= model.cells.length) return [];
    const cell = model.cells.get(cellIndex);
    if (cell.type !== 'code') return [];
    // Outputs can be large (images): their key is a version bumped by the outputs' own signal,
    // never their content.
    const key = `${this.generation}\u0002${cellIndex}\u0002${this.outputVersion.get(cell.id) ?? 0}`;
    const cached = this.outputs.get(cell.id);
    if (cached?.key === key) return cached.findings;
    let findings: Finding[] = [];
    if ((cell.sharedModel.getOutputs?.() ?? []).length > 0) {
      const doc = docFromModel(model, { outputs: new Set([cellIndex]) });
      const started = performance.now();
      const result = await this.options.analyzer().analyzeCell(doc, cellIndex, { sources: false });
      this.options.stats.outputRuns++;
      const ms = performance.now() - started;
      this.options.stats.outputMs += ms;
      this.options.stats.outputMaxMs = Math.max(this.options.stats.outputMaxMs, ms);
      findings = result.findings;
    }
    if (this._disposed) return [];
    this.outputs.set(cell.id, { key, findings });
    this.scheduleEmit();
    return findings;
  }

  /** Forget every cached result (settings changed) and analyse the whole notebook again. */
  async rescan(): Promise<void> {
    this.generation++;
    this.sources.clear();
    this.outputs.clear();
    const { model } = this.options;
    const started = performance.now();
    for (let i = 0; i < model.cells.length; i++) {
      await this.sourceFindings(i);
      await this.outputFindings(i);
    }
    this.options.stats.fullScans++;
    this.options.stats.fullScanMs += performance.now() - started;
    this.options.stats.fullScanCells += model.cells.length;
    this.rebuild();
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    window.clearTimeout(this.timer);
    window.clearTimeout(this.emitTimer);
    Signal.clearData(this);
  }

  private onContentChanged(): void {
    // Cheap: compare each cell with its cache key on the next tick, analyse what differs.
    this.schedule();
  }

  private onCellsChanged(): void {
    this.watchOutputs();
    this.schedule();
  }

  /** Connect to the outputs of code cells not watched yet. */
  private watchOutputs(): void {
    const { cells } = this.options.model;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells.get(i) as unknown as WatchableCell;
      if (!cell.outputs || this.watched.has(cell)) continue;
      this.watched.add(cell);
      cell.outputs.changed.connect(() => {
        this.outputVersion.set(cell.id, (this.outputVersion.get(cell.id) ?? 0) + 1);
        this.schedule();
      }, this);
    }
  }

  private schedule(): void {
    if (this._disposed) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.refreshDirty(), this.options.debounceMs ?? 400);
  }

  /** Analyse the cells whose source, context or outputs differ from what was analysed. */
  private async refreshDirty(): Promise<void> {
    const { model } = this.options;
    if (this._disposed || model.isDisposed) return;
    const ids = new Set<string>();
    for (let i = 0; i < model.cells.length; i++) {
      ids.add(model.cells.get(i).id);
      await this.sourceFindings(i);
      await this.outputFindings(i);
      if (this._disposed) return;
    }
    for (const id of [...this.sources.keys()]) if (!ids.has(id)) this.sources.delete(id);
    for (const id of [...this.outputs.keys()]) if (!ids.has(id)) this.outputs.delete(id);
    this.rebuild();
  }

  private scheduleEmit(): void {
    window.clearTimeout(this.emitTimer);
    this.emitTimer = window.setTimeout(() => this.rebuild(), 50);
  }

  /** Recompute the flat list in document order; emit only when it changed. */
  private rebuild(): void {
    if (this._disposed) return;
    const { model } = this.options;
    const all: Finding[] = [];
    for (let i = 0; i < model.cells.length; i++) {
      const id = model.cells.get(i).id;
      all.push(
        ...(this.sources.get(id)?.findings ?? []),
        ...(this.outputs.get(id)?.findings ?? []),
      );
    }
    const signature = all
      .map(
        (f) =>
          `${f.location.cellId ?? f.location.cellIndex}:${f.fingerprint}:${f.location.range.join('-')}`,
      )
      .join('|');
    if (signature === this.signature) return;
    this.signature = signature;
    this._all = all;
    this._changed.emit();
  }

  private readonly watched = new WeakSet<WatchableCell>();
  private readonly outputVersion = new Map<string, number>();
  private readonly sources = new Map<string, Cached>();
  private readonly outputs = new Map<string, Cached>();
  private generation = 0;
  private timer = 0;
  private emitTimer = 0;
  private signature = '';
  private _all: Finding[] = [];
  private _disposed = false;
  private readonly _changed = new Signal<this, void>(this);
}
