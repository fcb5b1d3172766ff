import { createAnalyzer, type Finding } from '@cellguard/core';
import { Context } from '@jupyterlab/docregistry';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';
import { framePromise } from '@jupyterlab/testing';
import { Widget } from '@lumino/widgets';
import { AnalysisStats, NotebookFindings } from '../src/findings';
import {
  adjacentFinding,
  countFindings,
  countsText,
  FindingsPanel,
  groupFindings,
} from '../src/panel';
import { codeCell, notebookJson, PEM, SOURCE_SECRET, stream } from './fixtures';

const analyzer = createAnalyzer();

async function setup(): Promise<{
  context: Context<INotebookModel>;
  panel: NotebookPanel;
  store: NotebookFindings;
}> {
  const context = await NBTestUtils.createMockContext();
  context.model.fromJSON(
    notebookJson([
      codeCell('a', 'import pickle'),
      codeCell('b', 'x = 1\nobj = pickle.load(f)'),
      codeCell('c', SOURCE_SECRET, [stream(`${PEM}\n`)]),
    ]),
  );
  const panel = NBTestUtils.createNotebookPanel(context);
  const store = new NotebookFindings({
    model: context.model as never,
    analyzer: () => analyzer,
    enabled: () => true,
    stats: new AnalysisStats(),
    debounceMs: 10,
  });
  await store.rescan();
  return { context, panel, store };
}

describe('panel model', () => {
  it('groups findings by cell in document order with readable positions', async () => {
    const { context, panel, store } = await setup();
    const cells = panel.content.widgets.map((c) => ({
      id: c.model.id,
      kind: c.model.type,
      source: c.model.sharedModel.getSource(),
    }));
    const groups = groupFindings(store.findings, cells);
    expect(groups.map((g) => g.label)).toEqual(['Cell 2', 'Cell 3']);
    expect(groups[0]!.items.map((i) => [i.finding.ruleId, i.where])).toEqual([
      ['pickle-load', 'line 2, col 7'],
    ]);
    const kinds = groups[1]!.items.map((i) => [i.finding.category, i.where]);
    expect(kinds).toContainEqual(['secret', 'line 1, col 8']);
    expect(kinds).toContainEqual(['sensitive-output', 'output 1 (stream)']);
    const counts = countFindings(store.findings);
    expect(counts.byCategory).toEqual({ secret: 1, 'sensitive-output': 1, 'unsafe-load': 1 });
    expect(countsText(counts)).toBe('1 secret · 1 sensitive output · 1 unsafe load');
    expect(countsText(countFindings([]))).toBe('No findings');
    store.dispose();
    panel.dispose();
    context.dispose();
  });

  it('groups by cell id when cells moved since the analysis', () => {
    const f = {
      location: { kind: 'source', cellIndex: 0, cellId: 'x', range: [0, 1] },
      ruleId: 'r',
      category: 'secret',
      severity: 'error',
    } as unknown as Finding;
    const groups = groupFindings(
      [f],
      [
        { id: 'y', kind: 'code', source: 'a' },
        { id: 'x', kind: 'markdown', source: 'b' },
      ],
    );
    expect(groups.map((g) => [g.cellIndex, g.label])).toEqual([[1, 'Cell 2 (markdown)']]);
  });

  it('steps to the next and previous finding, wrapping around', async () => {
    const { context, panel, store } = await setup();
    const all = store.findings;
    expect(adjacentFinding(all, 0, 0, 1)!.ruleId).toBe('pickle-load');
    expect(adjacentFinding(all, 1, 100, 1)!.location.cellIndex).toBe(2);
    expect(adjacentFinding(all, 0, 0, -1)!.location.kind).toBe('output');
    expect(adjacentFinding([], 0, 0, 1)).toBeUndefined();
    store.dispose();
    panel.dispose();
    context.dispose();
  });

  it('re-analyses only the edited cell, and outputs when they change', async () => {
    const { context, panel, store } = await setup();
    const stats = (store as unknown as { options: { stats: AnalysisStats } }).options.stats;
    // Wait until the debounced analysis has run and nothing more happens (the machine may be busy).
    const settle = async (start: number): Promise<void> => {
      for (let i = 0; i < 100 && stats.sourceRuns === start; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      for (let i = 0; i < 50; i++) {
        const n = stats.sourceRuns;
        await new Promise((resolve) => setTimeout(resolve, 200));
        if (stats.sourceRuns === n) return;
      }
    };
    const runs = stats.sourceRuns;
    context.model.cells.get(0).sharedModel.setSource('import pickle\nimport os');
    await settle(runs);
    // cell 0 changed; cell 1 has new import context; cell 2's context changed too.
    expect(stats.sourceRuns - runs).toBeGreaterThan(0);
    expect(stats.sourceRuns - runs).toBeLessThanOrEqual(3);
    const before = stats.sourceRuns;
    context.model.cells.get(2).sharedModel.setSource(SOURCE_SECRET + '\n# edited');
    await settle(before);
    expect(stats.sourceRuns - before).toBe(1);
    const changed = new Promise<void>((resolve) => store.changed.connect(() => resolve()));
    (context.model.cells.get(2) as unknown as { outputs: { clear(): void } }).outputs.clear();
    await changed;
    expect(store.findings.some((f) => f.location.kind === 'output')).toBe(false);
    store.dispose();
    panel.dispose();
    context.dispose();
  });
});

describe('FindingsPanel widget', () => {
  it('lists findings and navigates to one on click', async () => {
    const { context, panel, store } = await setup();
    Widget.attach(panel, document.body);
    const widget = new FindingsPanel({
      current: () => ({ panel, findings: store.findings }),
      rescan: () => undefined,
    });
    Widget.attach(widget, document.body);
    widget.update();
    await framePromise();
    const items = [...widget.node.querySelectorAll<HTMLButtonElement>('.cg-panel-item')];
    expect(items.map((i) => i.dataset.ruleId)).toEqual([
      'pickle-load',
      'private-key',
      'private-key',
    ]);
    expect(widget.node.querySelector('.cg-panel-summary')!.textContent).toContain('1 secret');
    items[1]!.click();
    await framePromise();
    expect(panel.content.activeCellIndex).toBe(2);
    widget.dispose();
    store.dispose();
    panel.dispose();
    context.dispose();
  });
});
