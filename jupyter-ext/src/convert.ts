/**
 * The one place where Cellguard's data meets JupyterLab's: notebook models become the core's
 * `NotebookDoc`, findings become CodeMirror diagnostics, and the core's edits become changes of
 * the live notebook model. Adapters translate, they never detect: every decision about what is a
 * finding, and every byte a fix writes, comes from `@cellguard/core`.
 */
import {
  actionsFor,
  applyOutputEditsToCell,
  LineIndex,
  locationLabel,
  notebookFromJson,
  outputEdits,
  outputsWithFindings,
  type Cell,
  type Edit,
  type Finding,
  type FindingAction,
  type Fix,
  type NotebookDoc,
  type OutputAction,
  type Severity,
} from '@cellguard/core';
import type { Action, Diagnostic } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';

// ---------------------------------------------------------------------------------------------
// Notebook model → NotebookDoc
// ---------------------------------------------------------------------------------------------

/** The parts of a JupyterLab cell model Cellguard reads (structural, so tests can use fakes). */
export interface CellModelLike {
  readonly type: string;
  readonly id: string;
  readonly sharedModel: {
    getSource(): string;
    getOutputs?(): unknown[];
  };
  getMetadata(key: string): unknown;
}

/** The parts of a JupyterLab notebook model Cellguard reads. */
export interface NotebookModelLike {
  readonly cells: { readonly length: number; get(index: number): CellModelLike };
  getMetadata(key: string): unknown;
}

export interface DocOptions {
  /** Cells whose outputs are included: `'all'`, `'none'` or a set of indexes (default `'all'`). */
  readonly outputs?: 'all' | 'none' | ReadonlySet<number>;
  /** Use this text as the source of one cell (the editor's text while it is being typed). */
  readonly sourceOverride?: { readonly cellIndex: number; readonly source: string };
}

/** nbformat JSON of one cell, with only what analysis needs (outputs only when asked). */
export function cellJson(
  cell: CellModelLike,
  withOutputs: boolean,
  source?: string,
): Record<string, unknown> {
  const kind = cell.type === 'code' || cell.type === 'markdown' ? cell.type : 'raw';
  const json: Record<string, unknown> = {
    cell_type: kind,
    id: cell.id,
    source: source ?? cell.sharedModel.getSource(),
    metadata: {},
  };
  const suppression = cell.getMetadata('cellguard');
  if (suppression !== undefined) {
    json['metadata'] = { cellguard: suppression };
  }
  if (kind === 'code') {
    json['outputs'] =
      withOutputs && cell.sharedModel.getOutputs ? cell.sharedModel.getOutputs() : [];
  }
  return json;
}

/**
 * The core's view of a live notebook. Built from the shared model (the source of truth in
 * JupyterLab 4, the same data `context.save()` writes), through the core's own nbformat parser.
 */
export function docFromModel(model: NotebookModelLike, options: DocOptions = {}): NotebookDoc {
  const outputs = options.outputs ?? 'all';
  const cells: Record<string, unknown>[] = [];
  for (let i = 0; i < model.cells.length; i++) {
    const withOutputs = outputs === 'all' || (outputs !== 'none' && outputs.has(i));
    const override =
      options.sourceOverride?.cellIndex === i ? options.sourceOverride.source : undefined;
    cells.push(cellJson(model.cells.get(i), withOutputs, override));
  }
  return notebookFromJson({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: languageMetadata(model),
    cells,
  });
}

/**
 * The metadata that decides the notebook's language, passed as it is: the core's
 * `notebookLanguage` (inside `notebookFromJson`) handles an empty `language_info.name` (a new
 * model before its kernel answers) the same way as the CLI and VS Code.
 */
function languageMetadata(model: NotebookModelLike): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  for (const key of ['language_info', 'kernelspec']) {
    const value = model.getMetadata(key);
    if (value !== undefined) metadata[key] = value;
  }
  return metadata;
}

/**
 * A key that changes whenever what earlier cells contribute to a cell's analysis changes
 * (today: their imports). Used to decide whether a cached result is still valid.
 */
export function contextKey(model: NotebookModelLike, cellIndex: number): string {
  const parts: string[] = [];
  for (let i = 0; i < cellIndex && i < model.cells.length; i++) {
    const cell = model.cells.get(i);
    if (cell.type !== 'code') continue;
    const source = cell.sharedModel.getSource();
    if (/\bimport\b/.test(source)) parts.push(source);
  }
  return parts.join('\u0001');
}

// ---------------------------------------------------------------------------------------------
// Finding → CodeMirror diagnostic
// ---------------------------------------------------------------------------------------------

const SEVERITY: Record<Severity, Diagnostic['severity']> = {
  error: 'error',
  warning: 'warning',
  note: 'info',
};

export function diagnosticSeverity(severity: Severity): Diagnostic['severity'] {
  return SEVERITY[severity];
}

/** What a lint action needs from the surrounding notebook. */
export interface FixTarget {
  /** The cell the finding was computed for (used by the suppress fixes). */
  readonly cell: Cell;
  readonly cellIndex: number;
  /** The editor text the finding was computed on: edits are pinned to it. */
  readonly source: string;
  /** Applies edits that are not editor text changes (cell metadata) to the notebook model. */
  applyModelEdits(edits: readonly Edit[]): void;
  /** Opens a URL (the rule's documentation). */
  openUrl(url: string): void;
}

/**
 * The menu of a finding, from the core's `actionsFor`: fixes (preferred first, unsafe ones marked
 * "(may change behaviour)"), suppress on the line, suppress in the cell, documentation. The
 * adapter adds nothing and leaves nothing out.
 */
export function menuFor(finding: Finding, target: FixTarget): FindingAction[] {
  return actionsFor(finding, target.cell);
}

/**
 * Source edits of one fix as CodeMirror changes, or undefined when the fix touches something
 * else (outputs, other cells) and must go through the notebook model.
 */
export function editorChanges(
  fix: Fix,
  cellIndex: number,
): { from: number; to: number; insert: string }[] | undefined {
  const changes: { from: number; to: number; insert: string }[] = [];
  for (const edit of fix.edits) {
    if (edit.kind !== 'source' || edit.cellIndex !== cellIndex) return undefined;
    changes.push({ from: edit.range[0], to: edit.range[1], insert: edit.text });
  }
  return changes;
}

/**
 * Apply a fix to the editor. Edits are pinned to the text they were computed on: when the text
 * has changed since (the user kept typing), they are shifted by how far the finding moved, and
 * only if the flagged text is still there; otherwise nothing happens and the linter re-runs.
 */
export function applyFixToView(
  view: EditorView,
  fix: Fix,
  finding: Finding,
  target: FixTarget,
  currentFrom: number,
): boolean {
  const changes = editorChanges(fix, target.cellIndex);
  if (!changes) {
    target.applyModelEdits(fix.edits);
    return true;
  }
  const text = view.state.doc.toString();
  let delta = 0;
  if (text !== target.source) {
    const [start, end] = finding.location.range;
    delta = currentFrom - start;
    if (text.slice(start + delta, end + delta) !== target.source.slice(start, end)) return false;
  }
  view.dispatch({
    changes: changes.map((c) => ({ from: c.from + delta, to: c.to + delta, insert: c.insert })),
    userEvent: 'input.cellguard-fix',
  });
  return true;
}

/** Clamp a range to a document length (an edit may have shortened the text meanwhile). */
function clampRange(range: readonly [number, number], length: number): [number, number] {
  const from = Math.max(0, Math.min(range[0], length));
  const to = Math.max(from, Math.min(range[1], length));
  return [from, to];
}

/** The message shown in the lint tooltip: masked message, rule id linked to its docs. */
export function diagnosticMessage(finding: Finding): string {
  return `${finding.message} [${finding.ruleId}]`;
}

/**
 * A message as DOM nodes: text between backticks becomes `<code>` (messages quote code as
 * `` `pickle.load` ``). Built from text nodes, never from HTML, so nothing in a message is markup.
 */
export function messageNodes(message: string): Node[] {
  const parts = message.split('`');
  // An unmatched backtick is shown as it is.
  if (parts.length % 2 === 0) return [document.createTextNode(message)];
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return part ? document.createTextNode(part) : undefined;
      const code = document.createElement('code');
      code.textContent = part;
      return code;
    })
    .filter((node): node is Text | HTMLElement => node !== undefined);
}

function renderMessage(finding: Finding): HTMLElement {
  const root = document.createElement('span');
  root.className = 'cg-diagnostic';
  const text = document.createElement('span');
  text.className = 'cg-diagnostic-message';
  text.append(...messageNodes(finding.message));
  const link = document.createElement('a');
  link.className = 'cg-diagnostic-rule';
  link.href = finding.docsUrl;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = finding.ruleId;
  link.title = `Documentation of ${finding.ruleId}`;
  root.append(text, ' ', link);
  return root;
}

/** A CodeMirror lint diagnostic for a source finding, with the core's fixes as actions. */
export function toDiagnostic(finding: Finding, target: FixTarget, docLength: number): Diagnostic {
  const [from, to] = clampRange(finding.location.range, docLength);
  const actions: Action[] = menuFor(finding, target).map((action, i) =>
    action.kind === 'docs'
      ? {
          name: 'Docs',
          markClass: 'cg-action cg-action-docs',
          apply: () => target.openUrl(action.url),
        }
      : {
          name: action.label,
          markClass: `cg-action${i === 0 && action.fix.preferred ? ' cg-action-preferred' : ''}${
            action.fix.applicability === 'unsafe' ? ' cg-action-unsafe' : ''
          }`,
          apply: (view: EditorView, currentFrom: number) => {
            applyFixToView(view, action.fix, finding, target, currentFrom);
          },
        },
  );
  return {
    from,
    to,
    severity: diagnosticSeverity(finding.severity),
    source: 'Cellguard',
    message: diagnosticMessage(finding),
    renderMessage: () => renderMessage(finding),
    markClass: `cg-mark cg-category-${finding.category} cg-rule-${finding.ruleId}`,
    actions,
  };
}

// ---------------------------------------------------------------------------------------------
// Output findings → output edits
// ---------------------------------------------------------------------------------------------

/** Output findings of one cell, grouped by output index (ascending) — the core's grouping. */
export function groupByOutput(findings: readonly Finding[]): Map<number, Finding[]> {
  return new Map(outputsWithFindings(findings).map((g) => [g.outputIndex, g.findings]));
}

/**
 * The edits of Redact or Clear over output findings: the core's `outputEdits`, which covers every
 * representation of each output (`text/plain` and `text/html` of a DataFrame alike).
 */
export function bulkOutputEdits(findings: readonly Finding[], action: OutputAction): Edit[] {
  return outputEdits(findings, action);
}

// ---------------------------------------------------------------------------------------------
// Edits → live notebook model
// ---------------------------------------------------------------------------------------------

/** The shared-model operations edits map to (a subset of `@jupyter/ydoc`'s `YCodeCell`). */
export interface SharedCellLike {
  getSource(): string;
  updateSource(start: number, end: number, value?: string): void;
  getOutputs?(): unknown[];
  updateOutputs?(start: number, end: number, outputs?: unknown[]): void;
  setOutputs?(outputs: unknown[]): void;
  setMetadata?(key: string, value: unknown): void;
}

/** The output list of a code cell model (JupyterLab's `IOutputAreaModel`). */
export interface OutputAreaLike {
  clear(): void;
  add(output: never): number;
}

export interface EditableCellLike {
  readonly id: string;
  readonly sharedModel: SharedCellLike;
  readonly outputs?: OutputAreaLike;
  setMetadata(key: string, value: unknown): void;
}

export interface EditableNotebookLike {
  readonly cells: { readonly length: number; get(index: number): EditableCellLike };
  readonly sharedModel: { transact(f: () => void): void };
}

/**
 * Apply the core's edits to a live notebook model. Only the edited outputs change, so every
 * other output, the execution count, metadata and cell ids stay as they are. Edits whose cell
 * is gone (or whose id no longer matches, when `cellIds` is given) are skipped.
 *
 * How outputs are written matters in JupyterLab 4.6: its shared model → output model sync
 * treats every inserted output as appended (and merges an appended stream into the previous
 * one), so replacing output i in the shared model duplicated stream text, and its output model
 * → shared model sync of `remove(i)` deletes a wrong range for i > 0. What stays consistent is
 * the output model's own `clear()` + `add()`: the edited cell's list is computed from the shared
 * model (the indexes findings use) and written back that way. This is never done inside an
 * outer transaction, whose deferred events would escape JupyterLab's sync guard.
 */
export function applyEditsToModel(
  model: EditableNotebookLike,
  edits: readonly Edit[],
  cellIds?: ReadonlyMap<number, string | undefined>,
): number {
  let applied = 0;
  const byCell = new Map<number, Edit[]>();
  for (const edit of edits) {
    byCell.set(edit.cellIndex, [...(byCell.get(edit.cellIndex) ?? []), edit]);
  }
  const targets: [EditableCellLike, Edit[]][] = [];
  for (const [cellIndex, cellEdits] of byCell) {
    if (cellIndex < 0 || cellIndex >= model.cells.length) continue;
    const cell = model.cells.get(cellIndex);
    const expectedId = cellIds?.get(cellIndex);
    if (expectedId !== undefined && expectedId !== cell.id) continue;
    targets.push([cell, cellEdits]);
  }
  model.sharedModel.transact(() => {
    for (const [cell, cellEdits] of targets) {
      const shared = cell.sharedModel;
      // Source edits, last first so earlier offsets stay valid.
      const sourceEdits = cellEdits
        .filter((e): e is Extract<Edit, { kind: 'source' }> => e.kind === 'source')
        .sort((a, b) => b.range[0] - a.range[0]);
      const length = shared.getSource().length;
      let limit = Infinity;
      for (const e of sourceEdits) {
        if (e.range[1] > limit || e.range[1] > length) continue;
        shared.updateSource(e.range[0], e.range[1], e.text);
        limit = e.range[0];
        applied++;
      }
      for (const e of cellEdits) {
        if (e.kind === 'cell-metadata') {
          cell.setMetadata(e.key, e.value);
          applied++;
        }
      }
    }
  });
  for (const [cell, cellEdits] of targets) {
    const shared = cell.sharedModel;
    const outputEditsOfCell = cellEdits.filter(
      (e) =>
        e.kind === 'redact-output' || e.kind === 'clear-output' || e.kind === 'clear-cell-outputs',
    );
    if (outputEditsOfCell.length === 0) continue;
    const outputs = shared.getOutputs?.() ?? [];
    // The core computes the new list (redactions of one output together, so overlaps merge).
    const next = applyOutputEditsToCell(outputs, outputEditsOfCell);
    const unchanged = next.length === outputs.length && next.every((o, i) => o === outputs[i]);
    if (unchanged) continue;
    if (cell.outputs) {
      cell.outputs.clear();
      for (const output of next) cell.outputs.add(output as never);
    } else if (shared.setOutputs) {
      shared.setOutputs(next);
    }
    applied += outputEditsOfCell.length;
  }
  return applied;
}

// ---------------------------------------------------------------------------------------------
// Positions for display
// ---------------------------------------------------------------------------------------------

/** Where a finding is, for people: "cell 3, output 1 (stream)" — the core's 1-based label. */
export { locationLabel };

/** 1-based line and column of a source finding, for lists and the status bar. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  const position = new LineIndex(source).positionAt(offset);
  return { line: position.line + 1, column: position.character + 1 };
}
