/**
 * What `activate` returns. Other extensions and the integration tests use it to wait for
 * analysis and to observe save-time behaviour; it exposes no way to change findings.
 */
import type * as vscode from 'vscode';
import type { Finding } from '@cellguard/core';
import type * as convert from './convert';
import type { SaveEvent } from './save-guard';

export interface ScanSummary {
  readonly files: number;
  readonly findings: number;
  readonly cancelled: boolean;
  /** Files that could not be read or parsed, with the reason. */
  readonly skipped: readonly { readonly uri: string; readonly reason: string }[];
}

export interface CellguardApi {
  /** Resolves once settings and `.cellguard.json` are loaded. */
  readonly ready: Promise<void>;
  /** Resolves when no analysis is scheduled or running. */
  whenIdle(): Promise<void>;
  /** Save participant decisions, oldest first. */
  readonly saveEvents: readonly SaveEvent[];
  /** Current findings (masked) for a notebook or a text document. */
  findings(target: vscode.NotebookDocument | vscode.TextDocument): Finding[];
  /** Text of the status bar item. */
  statusText(): string;
  /** The cell status bar items Cellguard shows under a cell. */
  cellStatusItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[];
  /** Pure conversion helpers (unit-tested inside the extension host). */
  readonly convert: Pick<
    typeof convert,
    | 'outputToCore'
    | 'findingToDiagnostic'
    | 'redactOutput'
    | 'toDiagnosticSeverity'
    | 'cellToCore'
    | 'notebookToCore'
    | 'editsToWorkspaceEdit'
  >;
}
