/**
 * Sensitive values in outputs: turning output findings into redact / clear edits, and showing
 * them on the cell (status bar item) since an output has no text range to squiggle.
 */
import * as vscode from 'vscode';
import {
  displayCellIndex,
  redactionFor,
  type Edit,
  type Finding,
  type RedactOutputEdit,
} from '@cellguard/core';
import { editsToWorkspaceEdit } from './convert';
import type { DiagnosticsManager, Entry } from './diagnostics';

/** The live cell an entry belongs to (cells can move after the analysis). */
export function cellOf(entry: Entry): vscode.NotebookCell | undefined {
  if (entry.target.kind !== 'notebook') return undefined;
  const cell = entry.target.cells[displayCellIndex(entry.finding.location)];
  return cell && cell.index >= 0 ? cell : undefined;
}

/**
 * The redaction for one output finding: the core's own `redact-output` fix when the rule
 * provides one, otherwise the finding's span replaced by the core's generic marker.
 */
export function redactEditFor(finding: Finding, cellIndex: number): RedactOutputEdit | undefined {
  const location = finding.location;
  if (location.kind !== 'output') return undefined;
  for (const fix of finding.fixes) {
    for (const edit of fix.edits) {
      if (
        edit.kind === 'redact-output' &&
        edit.outputIndex === location.outputIndex &&
        edit.mimeType === location.mimeType
      ) {
        return { ...edit, cellIndex };
      }
    }
  }
  return {
    kind: 'redact-output',
    cellIndex,
    outputIndex: location.outputIndex,
    mimeType: location.mimeType,
    replacements: [{ range: location.range, text: redactionFor(finding.ruleId) }],
  };
}

/** Merge redactions of the same output representation into one edit (non-overlapping spans). */
function mergeRedactions(edits: readonly RedactOutputEdit[]): RedactOutputEdit[] {
  const byKey = new Map<string, RedactOutputEdit>();
  for (const edit of edits) {
    const key = `${edit.cellIndex}\u0000${edit.outputIndex}\u0000${edit.mimeType}`;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, edit);
      continue;
    }
    const replacements = [...existing.replacements];
    for (const r of edit.replacements) {
      if (!replacements.some((o) => r.range[0] < o.range[1] && o.range[0] < r.range[1]))
        replacements.push(r);
    }
    byKey.set(key, { ...existing, replacements });
  }
  return [...byKey.values()];
}

export type OutputAction = 'redact' | 'clear';

/**
 * Edits that redact (or clear) every output holding a finding, for a notebook or one cell.
 * Edits use the live cell indexes, so they apply to `notebook.getCells()`.
 */
export function outputEdits(entries: readonly Entry[], action: OutputAction): Edit[] {
  const redactions: RedactOutputEdit[] = [];
  const clears = new Map<string, Edit>();
  for (const entry of entries) {
    const location = entry.finding.location;
    if (location.kind !== 'output') continue;
    const cell = cellOf(entry);
    if (!cell) continue;
    if (action === 'clear') {
      clears.set(`${cell.index}:${location.outputIndex}`, {
        kind: 'clear-output',
        cellIndex: cell.index,
        outputIndex: location.outputIndex,
      });
    } else {
      const edit = redactEditFor(entry.finding, cell.index);
      if (edit) redactions.push(edit);
    }
  }
  return action === 'clear' ? [...clears.values()] : mergeRedactions(redactions);
}

/** A WorkspaceEdit for `outputEdits` on a notebook, or undefined when there is nothing to do. */
export function outputWorkspaceEdit(
  notebook: vscode.NotebookDocument,
  entries: readonly Entry[],
  action: OutputAction,
): vscode.WorkspaceEdit | undefined {
  const edits = outputEdits(entries, action);
  if (edits.length === 0) return undefined;
  return editsToWorkspaceEdit({ kind: 'notebook', notebook, cells: notebook.getCells() }, edits);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 sensitive values in output" under cells whose outputs hold findings; click to redact. */
export class OutputStatusBarProvider implements vscode.NotebookCellStatusBarItemProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCellStatusBarItems = this.emitter.event;

  constructor(private readonly diagnostics: DiagnosticsManager) {}

  refresh(): void {
    this.emitter.fire();
  }

  provideCellStatusBarItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
    const outputs = this.diagnostics.cellEntries(cell).outputs;
    if (outputs.length === 0) return [];
    const kinds = [...new Set(outputs.map((e) => e.finding.ruleId))].join(', ');
    const item = new vscode.NotebookCellStatusBarItem(
      `$(warning) ${plural(outputs.length, 'sensitive value', 'sensitive values')} in output`,
      vscode.NotebookCellStatusBarAlignment.Left,
    );
    item.tooltip = `Cellguard found ${kinds} in this cell's output. Click to redact; the notebook is changed in the editor and can be undone.`;
    item.command = {
      title: 'Redact sensitive values in this cell\u2019s outputs',
      command: 'cellguard.redactCellOutputs',
      arguments: [cell.notebook.uri, cell.index],
    };
    return [item];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
