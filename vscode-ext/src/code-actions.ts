/**
 * Quick fixes for Cellguard diagnostics, after vscode-eslint: every fix the core offers (the
 * preferred one marked), redact / clear for output findings, suppress on the line or in the
 * cell, and a link to the rule's documentation. Plus `source.fixAll.cellguard`.
 */
import * as vscode from 'vscode';
import {
  displayCellIndex,
  fromPythonSource,
  suppressCellFix,
  suppressLineFix,
  type Edit,
  type Fix,
} from '@cellguard/core';
import {
  cellToCore,
  describeOutput,
  DIAGNOSTIC_SOURCE,
  editsToWorkspaceEdit,
  type EditTarget,
} from './convert';
import type { DiagnosticsManager, Entry } from './diagnostics';
import { cellOf, redactEditFor } from './outputs';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('cellguard');

function codeValue(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return a.range.isEqual(b.range) && a.message === b.message && codeValue(a) === codeValue(b);
}

/** The preferred safe fix of each finding, for "fix all" (never suppressions, never unsafe fixes). */
export function safeFixEdits(entries: readonly Entry[]): { target: EditTarget; edits: Edit[] }[] {
  const byTarget = new Map<EditTarget, Edit[]>();
  for (const entry of entries) {
    const fixes = entry.finding.fixes.filter(
      (f) => f.applicability === 'safe' && f.edits.length > 0,
    );
    const fix = fixes.find((f) => f.preferred) ?? fixes[0];
    if (!fix) continue;
    const list = byTarget.get(entry.target) ?? [];
    list.push(...fix.edits);
    byTarget.set(entry.target, list);
  }
  return [...byTarget].map(([target, edits]) => ({ target, edits }));
}

/**
 * Notebook-structure edits (cell metadata, outputs) of code actions, held by key. Such actions
 * run a command instead of carrying the WorkspaceEdit: VS Code can apply notebook edits from a
 * code action, but cannot hand them back through `vscode.executeCodeActionProvider` ("Unsupported
 * edit"), which other extensions and our tests use. Text-only fixes keep a plain `edit`.
 */
export class PendingEdits {
  private readonly edits = new Map<string, vscode.WorkspaceEdit>();
  private next = 0;

  put(edit: vscode.WorkspaceEdit): string {
    const key = `e${++this.next}`;
    this.edits.set(key, edit);
    // Only the most recent menus matter; keep memory bounded.
    if (this.edits.size > 500) this.edits.delete(this.edits.keys().next().value as string);
    return key;
  }

  async apply(key: unknown): Promise<boolean> {
    const edit = typeof key === 'string' ? this.edits.get(key) : undefined;
    if (!edit) {
      void vscode.window.showWarningMessage(
        'Cellguard: this fix is out of date; open the quick fix menu again.',
      );
      return false;
    }
    this.edits.delete(key as string);
    return vscode.workspace.applyEdit(edit);
  }
}

export const APPLY_EDIT_COMMAND = 'cellguard.applyPendingEdit';

function isTextOnly(edits: readonly Edit[]): boolean {
  return edits.every((e) => e.kind === 'source');
}

export class CellguardCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(
    private readonly diagnostics: DiagnosticsManager,
    private readonly pending: PendingEdits,
  ) {}

  private attach(action: vscode.CodeAction, target: EditTarget, edits: readonly Edit[]): void {
    const edit = editsToWorkspaceEdit(target, edits);
    if (target.kind === 'text' || isTextOnly(edits)) action.edit = edit;
    else
      action.command = {
        title: action.title,
        command: APPLY_EDIT_COMMAND,
        arguments: [this.pending.put(edit)],
      };
  }

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const all = this.diagnostics.entriesFor(document);
    if (all.length === 0) return [];
    if (context.only) {
      // `source.fixAll` (e.g. editor.codeActionsOnSave) or anything containing it.
      if (context.only.intersects(FIX_ALL_KIND)) return this.fixAll(all);
      if (!context.only.intersects(vscode.CodeActionKind.QuickFix)) return [];
    }
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const entries =
      ours.length > 0
        ? all.filter((e) => ours.some((d) => sameDiagnostic(d, e.diagnostic)))
        : all.filter((e) => e.diagnostic.range.intersection(range) !== undefined);
    const actions: vscode.CodeAction[] = [];
    const docsShown = new Set<string>();
    for (const entry of entries) actions.push(...this.actionsFor(document, entry, docsShown));
    return actions;
  }

  private actionsFor(
    document: vscode.TextDocument,
    entry: Entry,
    docsShown: Set<string>,
  ): vscode.CodeAction[] {
    const { finding, diagnostic, target } = entry;
    const actions: vscode.CodeAction[] = [];
    const make = (title: string, edits: readonly Edit[], preferred: boolean): vscode.CodeAction => {
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      this.attach(action, target, edits);
      action.diagnostics = [diagnostic];
      action.isPreferred = preferred;
      return action;
    };
    // 1. The core's own fixes. Preferred: the one the rule marks, else the first safe one.
    const fixes: readonly Fix[] = finding.fixes.filter((f) => f.edits.length > 0);
    const preferred =
      fixes.find((f) => f.preferred) ?? fixes.find((f) => f.applicability === 'safe');
    for (const fix of fixes) {
      const title =
        fix.applicability === 'unsafe' ? `${fix.title} (may change behaviour)` : fix.title;
      actions.push(make(title, fix.edits, fix === preferred));
    }
    const cell = target.kind === 'notebook' ? cellOf(entry) : undefined;
    const cellIndex = displayCellIndex(finding.location);
    const location = finding.location;
    // 2. Outputs: redact the value, or drop the output.
    if (location.kind === 'output' && cell) {
      const redact = redactEditFor(finding, cellIndex);
      const where = describeOutput(location.outputIndex, location.mimeType);
      if (redact && !fixes.some((f) => f.edits.some((e) => e.kind === 'redact-output'))) {
        actions.push(
          make(`Redact ${finding.ruleId} value in ${where}`, [redact], preferred === undefined),
        );
      }
      if (
        !fixes.some((f) =>
          f.edits.some((e) => e.kind === 'clear-output' || e.kind === 'clear-cell-outputs'),
        )
      ) {
        actions.push(
          make(
            `Clear ${where}`,
            [{ kind: 'clear-output', cellIndex, outputIndex: location.outputIndex }],
            false,
          ),
        );
      }
    }
    // 3. Suppressions.
    if (location.kind === 'source') {
      const coreCell = cell ? cellToCore(cell) : fromPythonSource(document.getText()).cells[0]!;
      const language = cell && cell.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'python';
      const fix = suppressLineFix(coreCell, cellIndex, finding.ruleId, location.range[0], language);
      actions.push(make(`Suppress ${finding.ruleId} on this line`, fix.edits, false));
    }
    if (cell) {
      const fix = suppressCellFix(cellToCore(cell), cellIndex, finding.ruleId);
      actions.push(make(`Suppress ${finding.ruleId} in this cell`, fix.edits, false));
    }
    // 4. Documentation, once per rule.
    if (!docsShown.has(finding.ruleId)) {
      docsShown.add(finding.ruleId);
      const docs = new vscode.CodeAction(
        `Show documentation for ${finding.ruleId}`,
        vscode.CodeActionKind.QuickFix,
      );
      docs.command = {
        title: 'Show rule documentation',
        command: 'cellguard.showRuleDocumentation',
        arguments: [finding.ruleId],
      };
      docs.diagnostics = [diagnostic];
      actions.push(docs);
    }
    return actions;
  }

  private fixAll(entries: readonly Entry[]): vscode.CodeAction[] {
    const groups = safeFixEdits(entries);
    if (groups.length === 0) return [];
    const edit = new vscode.WorkspaceEdit();
    for (const group of groups) editsToWorkspaceEdit(group.target, group.edits, edit);
    const action = new vscode.CodeAction('Fix all auto-fixable Cellguard problems', FIX_ALL_KIND);
    if (groups.every((g) => g.target.kind === 'text' || isTextOnly(g.edits))) action.edit = edit;
    else
      action.command = {
        title: action.title,
        command: APPLY_EDIT_COMMAND,
        arguments: [this.pending.put(edit)],
      };
    return [action];
  }
}
