/**
 * The findings panel (sidebar) and the status bar item. The panel model is pure — findings in,
 * groups out — and unit-tested; the widgets only draw it and navigate.
 */
import {
  describeMetadata,
  displayCellIndex,
  type Category,
  type Finding,
  type Severity,
} from '@cellguard/core';
import type { Cell, MarkdownCell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { LabIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { lineColumn, messageNodes } from './convert';

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

export interface PanelItem {
  readonly finding: Finding;
  /** "line 2, col 5" for code, "output 1 (stream)" for outputs. */
  readonly where: string;
}

export interface PanelGroup {
  readonly cellIndex: number;
  readonly cellId?: string;
  /** "Cell 3" plus the cell kind when not code. */
  readonly label: string;
  readonly items: readonly PanelItem[];
}

export interface Counts {
  readonly total: number;
  readonly byCategory: Readonly<Record<Category, number>>;
  readonly bySeverity: Readonly<Record<Severity, number>>;
}

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  secret: 'Secret',
  'sensitive-output': 'Sensitive output',
  'unsafe-load': 'Unsafe load',
};

/** The minimum the model needs to know about each cell. */
export interface CellInfo {
  readonly id?: string;
  readonly kind: string;
  readonly source: string;
}

/** Group findings by cell, in document order, with a readable position for each. */
export function groupFindings(
  findings: readonly Finding[],
  cells: readonly CellInfo[],
): PanelGroup[] {
  const byIndex = new Map<number, Finding[]>();
  const indexOfId = new Map<string, number>();
  cells.forEach((cell, i) => cell.id !== undefined && indexOfId.set(cell.id, i));
  for (const f of findings) {
    // Prefer the cell id: indexes shift when cells move, ids do not.
    const index =
      f.location.cellId !== undefined
        ? (indexOfId.get(f.location.cellId) ?? displayCellIndex(f.location))
        : displayCellIndex(f.location);
    byIndex.set(index, [...(byIndex.get(index) ?? []), f]);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([cellIndex, list]) => {
      const cell = cells[cellIndex];
      const kind = cell?.kind ?? 'code';
      return {
        cellIndex,
        ...(cell?.id !== undefined ? { cellId: cell.id } : {}),
        label: `Cell ${cellIndex + 1}${kind === 'code' ? '' : ` (${kind})`}`,
        items: list.map((finding) => ({
          finding,
          where: describeWhere(finding, cell?.source ?? ''),
        })),
      };
    });
}

function describeWhere(finding: Finding, source: string): string {
  const location = finding.location;
  if (location.kind === 'output') {
    return `output ${location.outputIndex + 1} (${location.mimeType})`;
  }
  if (location.kind === 'metadata') return describeMetadata(location);
  const { line, column } = lineColumn(source, location.range[0]);
  return `line ${line}, col ${column}`;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const byCategory: Record<Category, number> = {
    secret: 0,
    'sensitive-output': 0,
    'unsafe-load': 0,
  };
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) {
    byCategory[f.category]++;
    bySeverity[f.severity]++;
  }
  return { total: findings.length, byCategory, bySeverity };
}

/** "2 secrets · 1 sensitive output" or "No findings". */
export function countsText(counts: Counts): string {
  if (counts.total === 0) return 'No findings';
  const parts: string[] = [];
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  if (counts.byCategory.secret) parts.push(plural(counts.byCategory.secret, 'secret', 'secrets'));
  if (counts.byCategory['sensitive-output']) {
    parts.push(
      plural(counts.byCategory['sensitive-output'], 'sensitive output', 'sensitive outputs'),
    );
  }
  if (counts.byCategory['unsafe-load'])
    parts.push(plural(counts.byCategory['unsafe-load'], 'unsafe load', 'unsafe loads'));
  return parts.join(' · ');
}

/** The finding after (or before) the active position, wrapping around; for next/previous. */
export function adjacentFinding(
  findings: readonly Finding[],
  cellIndex: number,
  offset: number,
  direction: 1 | -1,
): Finding | undefined {
  if (findings.length === 0) return undefined;
  const key = (f: Finding): number =>
    displayCellIndex(f.location) * 1e9 +
    (f.location.kind === 'output' ? 5e8 + f.location.outputIndex * 1e6 : 0) +
    f.location.range[0];
  const here = cellIndex * 1e9 + offset;
  const sorted = [...findings].sort((a, b) => key(a) - key(b));
  if (direction === 1) return sorted.find((f) => key(f) > here) ?? sorted[0];
  return [...sorted].reverse().find((f) => key(f) < here) ?? sorted[sorted.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Navigation
// ---------------------------------------------------------------------------------------------

/** Current index of the cell a finding belongs to (by id first). */
export function cellIndexOf(panel: NotebookPanel, finding: Finding): number {
  const { cellId } = finding.location;
  const cellIndex = displayCellIndex(finding.location);
  if (cellId !== undefined) {
    const index = panel.content.widgets.findIndex((cell) => cell.model.id === cellId);
    if (index >= 0) return index;
  }
  return cellIndex < panel.content.widgets.length ? cellIndex : -1;
}

/** Scroll to a finding and select it: the flagged text in the editor, or the flagged output. */
export async function revealFinding(panel: NotebookPanel, finding: Finding): Promise<void> {
  const notebook = panel.content;
  const index = cellIndexOf(panel, finding);
  if (index < 0) return;
  const cell = notebook.widgets[index] as Cell;
  notebook.deselectAll();
  notebook.activeCellIndex = index;
  await notebook.scrollToCell(cell, 'center');
  const location = finding.location;
  if (location.kind === 'source') {
    if (cell.model.type === 'markdown') (cell as MarkdownCell).rendered = false;
    notebook.mode = 'edit';
    const editor = cell.editor;
    if (!editor) return;
    const start = editor.getPositionAt(location.range[0]);
    const end = editor.getPositionAt(location.range[1]);
    if (start && end) {
      editor.setSelection({ start, end });
      editor.revealSelection({ start, end });
    }
    editor.focus();
    return;
  }
  notebook.mode = 'command';
  if (location.kind !== 'output') return;
  const output = (cell as unknown as { outputArea?: { widgets: readonly Widget[] } }).outputArea
    ?.widgets[location.outputIndex];
  if (output) {
    output.node.scrollIntoView({ block: 'center' });
    output.node.classList.remove('cg-flash');
    void output.node.offsetWidth; // restart the animation
    output.node.classList.add('cg-flash');
  }
  notebook.node.focus();
}

// ---------------------------------------------------------------------------------------------
// Widgets
// ---------------------------------------------------------------------------------------------

const SHIELD_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24"><path class="jp-icon3" fill="#616161" d="M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5l-9-4zm0 4.2 5.5 2.44V11c0 3.9-2.4 7.6-5.5 8.8-3.1-1.2-5.5-4.9-5.5-8.8V7.64L12 5.2zM11 8v5h2V8h-2zm0 6v2h2v-2h-2z"/></svg>';

export const cellguardIcon = new LabIcon({ name: 'cellguard:shield', svgstr: SHIELD_SVG });

/** What the panel and status bar need from the extension. */
export interface PanelHost {
  current():
    | {
        panel: NotebookPanel;
        findings: readonly Finding[];
        /** The `.cellguard.json` in effect, if any. */
        configPath?: string;
        /** The notebook matches an `exclude` glob of the config. */
        excluded?: boolean;
      }
    | undefined;
  rescan(): void;
}

/** The sidebar: findings of the current notebook, grouped by cell. */
export class FindingsPanel extends Widget {
  constructor(private readonly host: PanelHost) {
    super();
    this.id = 'cellguard-findings';
    this.addClass('cg-panel');
    this.title.icon = cellguardIcon;
    this.title.caption = 'Cellguard findings';
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', 'Cellguard findings');
    this.node.addEventListener('keydown', (event) => this.onKeyDown(event));
  }

  /** Draw the current notebook's findings. */
  protected override onUpdateRequest(): void {
    const current = this.host.current();
    const node = this.node;
    node.textContent = '';

    const header = document.createElement('div');
    header.className = 'cg-panel-header';
    const title = document.createElement('h2');
    title.className = 'cg-panel-title';
    title.textContent = 'Cellguard';
    const rescan = document.createElement('button');
    rescan.type = 'button';
    rescan.className = 'cg-panel-rescan jp-mod-styled';
    rescan.textContent = 'Re-scan';
    rescan.title = 'Analyse the whole notebook again';
    rescan.disabled = !current;
    rescan.addEventListener('click', () => this.host.rescan());
    header.append(title, rescan);
    node.append(header);

    const summary = document.createElement('div');
    summary.className = 'cg-panel-summary';
    node.append(summary);
    if (!current) {
      summary.textContent = 'Open a notebook to see its findings.';
      return;
    }
    const { panel, findings } = current;
    summary.textContent = `${panel.context.localPath.split('/').pop() ?? ''}: ${countsText(countFindings(findings))}`;

    const cells: CellInfo[] = panel.content.widgets.map((cell) => ({
      id: cell.model.id,
      kind: cell.model.type,
      source: cell.model.sharedModel.getSource(),
    }));
    const tree = document.createElement('div');
    tree.className = 'cg-panel-groups';
    tree.setAttribute('role', 'list');
    for (const group of groupFindings(findings, cells)) {
      const section = document.createElement('section');
      section.className = 'cg-panel-group';
      section.setAttribute('role', 'listitem');
      const heading = document.createElement('h3');
      heading.className = 'cg-panel-group-title';
      heading.textContent = `${group.label} — ${group.items.length}`;
      section.append(heading);
      const list = document.createElement('ul');
      list.className = 'cg-panel-items';
      for (const item of group.items) {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        const f = item.finding;
        button.className = `cg-panel-item cg-severity-${f.severity} cg-category-${f.category}`;
        button.dataset.ruleId = f.ruleId;
        button.dataset.cellIndex = String(group.cellIndex);
        button.dataset.kind = f.location.kind;
        button.title = `${f.message} (${f.ruleId})`;
        const rule = document.createElement('span');
        rule.className = 'cg-panel-item-rule';
        rule.textContent = f.ruleId;
        const category = document.createElement('span');
        category.className = 'cg-panel-item-category';
        category.textContent = CATEGORY_LABELS[f.category];
        const where = document.createElement('span');
        where.className = 'cg-panel-item-where';
        where.textContent = item.where;
        const message = document.createElement('span');
        message.className = 'cg-panel-item-message';
        message.append(...messageNodes(f.message));
        button.append(rule, category, where, message);
        button.addEventListener('click', () => void revealFinding(panel, f));
        li.append(button);
        list.append(li);
      }
      section.append(list);
      tree.append(section);
    }
    node.append(tree);
  }

  /** Up/Down move between findings, like a list. */
  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = [...this.node.querySelectorAll<HTMLButtonElement>('.cg-panel-item')];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      items[Math.max(0, Math.min(items.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      next.focus();
      event.preventDefault();
    }
  }

  protected override onAfterShow(): void {
    this.update();
  }
}

/** The status bar item: counts of the current notebook; click opens the panel. */
export class FindingsStatus extends Widget {
  constructor(
    private readonly host: PanelHost,
    onClick: () => void,
  ) {
    super({ node: document.createElement('button') });
    this.addClass('cg-status');
    this.addClass('jp-StatusBar-TextItem');
    this.node.setAttribute('type', 'button');
    this.node.addEventListener('click', onClick);
  }

  protected override onUpdateRequest(): void {
    const current = this.host.current();
    const counts = countFindings(current?.findings ?? []);
    this.node.textContent = '';
    const icon = cellguardIcon.element({ tag: 'span', className: 'cg-status-icon' });
    const text = document.createElement('span');
    text.className = 'cg-status-text';
    text.textContent = current?.excluded
      ? 'Cellguard: excluded'
      : counts.total === 0
        ? 'Cellguard: 0'
        : `Cellguard: ${counts.total}`;
    this.node.append(icon, text);
    const config = current?.configPath
      ? `config ${current.configPath}`
      : 'no .cellguard.json found (defaults and settings; the server must allow hidden files for it to be read)';
    this.node.title = current?.excluded
      ? `Cellguard — this notebook matches an exclude glob of ${current.configPath ?? 'the settings'}; not analysed.`
      : `Cellguard — ${countsText(counts)}; ${config}. Click to show findings.`;
    this.node.dataset.config = current?.configPath ?? '';
    this.node.setAttribute('aria-label', this.node.title);
    this.node.classList.toggle('cg-status-has-findings', counts.total > 0);
  }
}
