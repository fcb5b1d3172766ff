/**
 * Ids, command names and the token other extensions can use to read Cellguard's findings.
 */
import type { Finding } from '@cellguard/core';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type { NotebookPanel } from '@jupyterlab/notebook';

/** The npm package name; also the labextension's folder name. */
export const EXTENSION_NAME = 'cellguard-jupyterlab';
/** The settings plugin: its schema is `schema/plugin.json`. */
export const PLUGIN_ID = `${EXTENSION_NAME}:plugin`;

export const CommandIDs = {
  showPanel: 'cellguard:show-findings',
  rescan: 'cellguard:rescan-notebook',
  redactOutputs: 'cellguard:redact-outputs',
  clearFlaggedOutputs: 'cellguard:clear-flagged-outputs',
  nextFinding: 'cellguard:next-finding',
  previousFinding: 'cellguard:previous-finding',
  setSavePolicy: 'cellguard:set-save-policy',
  /** Not in the palette: returns timing and counts, for tests and the "cost per cell" note. */
  stats: 'cellguard:stats',
} as const;

/** What happens to findings when a notebook is saved. */
export type SavePolicy = 'warn' | 'redact' | 'clear' | 'off';
export const SAVE_POLICIES: readonly SavePolicy[] = ['warn', 'redact', 'clear', 'off'];

/** Per-notebook findings, kept current by the extension. */
export interface ICellguardFindings {
  /** Findings of the notebook in `panel`, in document order (empty until the first scan). */
  findingsFor(panel: NotebookPanel): readonly Finding[];
  /** Emits the panel whose findings changed. */
  readonly changed: ISignal<ICellguardFindings, NotebookPanel>;
}

export const ICellguardFindings = new Token<ICellguardFindings>(
  `${EXTENSION_NAME}:ICellguardFindings`,
  'Findings of Cellguard (secrets, sensitive outputs, unsafe loads) for open notebooks.',
);
