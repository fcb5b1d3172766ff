/**
 * Output flags: an output in which the core found sensitive data gets a visible badge with a
 * summary (which rules, how many) and buttons to redact or clear it. Re-rendered whenever the
 * notebook's findings change; the findings store re-checks outputs when they change.
 */
import { displayCellIndex, outputSummary, type Finding } from '@cellguard/core';
import type { CodeCell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';
import { applyEditsToModel, bulkOutputEdits, groupByOutput } from './convert';
import type { NotebookFindings } from './findings';

const BADGE_CLASS = 'cg-output-badge';
const FLAGGED_CLASS = 'cg-output-flagged';
const CELL_FLAGGED_CLASS = 'cg-cell-output-flagged';

/** The badge's plain summary ("email address ×2, private key") is the core's. */
export { outputSummary };

/** Redact (or clear) the flagged outputs of `findings` in the panel's live model. */
export function fixOutputs(
  panel: NotebookPanel,
  findings: readonly Finding[],
  mode: 'redact' | 'clear',
): number {
  const model = panel.content.model;
  if (!model) return 0;
  const edits = bulkOutputEdits(findings, mode);
  const ids = new Map<number, string | undefined>();
  for (const f of findings) ids.set(displayCellIndex(f.location), f.location.cellId);
  return applyEditsToModel(model, edits, ids);
}

/** Draws the flags of one notebook panel. */
export class OutputFlags implements IDisposable {
  constructor(
    private readonly panel: NotebookPanel,
    private readonly store: NotebookFindings,
    private readonly enabled: () => boolean,
  ) {
    store.changed.connect(this.render, this);
    panel.content.modelContentChanged.connect(this.schedule, this);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    window.cancelAnimationFrame(this.frame);
    this.store.changed.disconnect(this.render, this);
    if (!this.panel.isDisposed)
      this.panel.content.modelContentChanged.disconnect(this.schedule, this);
  }

  /** Output widgets are replaced when outputs change: draw again on the next frame. */
  private schedule(): void {
    window.cancelAnimationFrame(this.frame);
    this.frame = window.requestAnimationFrame(() => this.render());
  }

  render(): void {
    if (this.disposed || this.panel.isDisposed) return;
    const show = this.enabled();
    for (const cell of this.panel.content.widgets) {
      if (cell.model.type !== 'code') continue;
      const codeCell = cell as CodeCell;
      const outputArea = codeCell.outputArea;
      const groups = show
        ? groupByOutput(this.store.findingsForCell(cell.model.id).outputs)
        : new Map<number, Finding[]>();
      cell.node.classList.toggle(CELL_FLAGGED_CLASS, groups.size > 0);
      outputArea.widgets.forEach((child, index) => {
        const findings = groups.get(index);
        const node = child.node;
        const existing = node.querySelector(`:scope > .${BADGE_CLASS}`);
        if (!findings) {
          node.classList.remove(FLAGGED_CLASS);
          existing?.remove();
          return;
        }
        const signature = findings.map((f) => f.fingerprint).join(',');
        if (existing instanceof HTMLElement && existing.dataset.signature === signature) return;
        existing?.remove();
        node.classList.add(FLAGGED_CLASS);
        node.prepend(this.badge(findings, signature));
      });
    }
  }

  private badge(findings: Finding[], signature: string): HTMLElement {
    const badge = document.createElement('div');
    badge.className = BADGE_CLASS;
    badge.dataset.signature = signature;
    badge.setAttribute('role', 'group');
    const summary = outputSummary(findings);
    badge.setAttribute('aria-label', `Cellguard: sensitive data in this output (${summary})`);

    const label = document.createElement('span');
    label.className = 'cg-output-badge-label';
    label.textContent = `Sensitive output: ${summary}`;
    label.title = findings.map((f) => `${f.ruleId}: ${f.message}`).join('\n');

    const redact = document.createElement('button');
    redact.type = 'button';
    redact.className = 'cg-output-action cg-output-redact jp-mod-styled';
    redact.textContent = 'Redact';
    redact.title = 'Replace the sensitive values in this output with [REDACTED:…]';
    redact.addEventListener('click', (event) => {
      event.stopPropagation();
      fixOutputs(this.panel, findings, 'redact');
    });

    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'cg-output-action cg-output-clear jp-mod-styled';
    clear.textContent = 'Clear';
    clear.title = 'Remove this output';
    clear.addEventListener('click', (event) => {
      event.stopPropagation();
      fixOutputs(this.panel, findings, 'clear');
    });

    badge.append(label, redact, clear);
    return badge;
  }

  private disposed = false;
  private frame = 0;
}
