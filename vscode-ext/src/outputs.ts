/**
 * Sensitive values in outputs: turning output findings into redact / clear edits, and showing
 * them on the cell (status bar item) since an output has no text range to squiggle.
 */
import * as vscode from 'vscode';
import {
  describeFindings,
  displayCellIndex,
  outputEdits,
  type OutputAction,
} from '@cellguard/core';
import { editsToWorkspaceEdit, isCurrent, type EditTarget } from './convert';
import type { DiagnosticsManager, Entry } from './diagnostics';

/** The live cell an entry belongs to (cells can move after the analysis). */
export function cellOf(entry: Entry): vscode.NotebookCell | undefined {
  if (entry.target.kind !== 'notebook') return undefined;
  const cell = entry.target.cells[displayCellIndex(entry.finding.location)];
  return cell && cell.index >= 0 ? cell : undefined;
}

export type { OutputAction };

/**
 * A WorkspaceEdit that redacts (or clears) every output holding one of `entries`, or undefined
 * when there is nothing to do. The edits are the core's `outputEdits`, computed per analysis
 * (entries of one analysis share a target) and pinned to the outputs that analysis saw.
 */
export function outputWorkspaceEdit(
  entries: readonly Entry[],
  action: OutputAction,
): vscode.WorkspaceEdit | undefined {
  const byTarget = new Map<EditTarget, Entry[]>();
  for (const entry of entries) {
    if (entry.finding.location.kind !== 'output' || entry.target.kind !== 'notebook') continue;
    byTarget.set(entry.target, [...(byTarget.get(entry.target) ?? []), entry]);
  }
  const into = new vscode.WorkspaceEdit();
  let count = 0;
  for (const [target, list] of byTarget) {
    const edits = outputEdits(
      list.map((e) => e.finding),
      action,
    );
    const current = edits.filter((e) => isCurrent(target, e));
    count += current.length;
    editsToWorkspaceEdit(target, current, into);
  }
  return count > 0 ? into : undefined;
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
    const summary = describeFindings(outputs.map((e) => e.finding));
    const item = new vscode.NotebookCellStatusBarItem(
      `$(warning) ${plural(outputs.length, 'sensitive value', 'sensitive values')} in output`,
      vscode.NotebookCellStatusBarAlignment.Left,
    );
    item.tooltip = `Cellguard found ${summary}. Click to redact them from every representation of the output; the notebook is changed in the editor and can be undone.`;
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
