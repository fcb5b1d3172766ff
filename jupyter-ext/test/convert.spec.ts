import { createAnalyzer, type Finding } from '@cellguard/core';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { NotebookModel } from '@jupyterlab/notebook';
import { UNSAFE_MARK } from '@cellguard/core';
import {
  applyEditsToModel,
  bulkOutputEdits,
  contextKey,
  diagnosticSeverity,
  docFromModel,
  groupByOutput,
  messageNodes,
  toDiagnostic,
  type FixTarget,
} from '../src/convert';
import { codeCell, notebookJson, PEM, PEM_BODY, SOURCE_SECRET, stream } from './fixtures';

function model(json = notebookJson([])): NotebookModel {
  const m = new NotebookModel();
  m.fromJSON(json);
  return m;
}

const analyzer = createAnalyzer();

describe('docFromModel', () => {
  it('builds the core document from the live model, ids and language included', () => {
    const m = model(
      notebookJson([
        codeCell('a', 'import pickle as pk'),
        codeCell('b', 'pk.load(f)', [stream('hi\n')]),
      ]),
    );
    const doc = docFromModel(m);
    expect(doc.language).toBe('python');
    expect(doc.cells.map((c) => c.id)).toEqual(['a', 'b']);
    expect(doc.cells[1]!.outputs[0]!.texts[0]).toEqual({ mimeType: 'stream', text: 'hi\n' });
  });

  it('leaves outputs out when asked and uses the editor text for one cell', () => {
    const m = model(notebookJson([codeCell('a', 'x = 1', [stream('out\n')])]));
    const doc = docFromModel(m, {
      outputs: 'none',
      sourceOverride: { cellIndex: 0, source: 'x = 2' },
    });
    expect(doc.cells[0]!.source).toBe('x = 2');
    expect(doc.cells[0]!.outputs).toEqual([]);
  });

  it('keeps the import context of earlier cells for analyzeCell', async () => {
    const m = model(
      notebookJson([codeCell('a', 'import pickle as pk'), codeCell('b', 'model = pk.load(f)')]),
    );
    const { findings } = await analyzer.analyzeCell(docFromModel(m, { outputs: 'none' }), 1, {
      outputs: false,
    });
    expect(findings.map((f) => [f.ruleId, f.category])).toEqual([['pickle-load', 'unsafe-load']]);
    expect(contextKey(m, 1)).toContain('import pickle');
    expect(contextKey(m, 0)).toBe('');
  });
});

describe('toDiagnostic', () => {
  async function secretFinding(): Promise<{
    finding: Finding;
    target: FixTarget;
    applied: unknown[];
  }> {
    const m = model(notebookJson([codeCell('k', SOURCE_SECRET)]));
    const doc = docFromModel(m);
    const { findings } = await analyzer.analyzeCell(doc, 0);
    const finding = findings.find((f) => f.ruleId === 'private-key')!;
    const applied: unknown[] = [];
    const target: FixTarget = {
      cell: doc.cells[0]!,
      cellIndex: 0,
      source: SOURCE_SECRET,
      applyModelEdits: (edits) => applied.push(...edits),
      openUrl: (url) => applied.push(url),
    };
    return { finding, target, applied };
  }

  it('maps severity, range, rule id, classes and doc link', async () => {
    const { finding, target } = await secretFinding();
    const d = toDiagnostic(finding, target, SOURCE_SECRET.length);
    expect(d.severity).toBe('error');
    expect(d.source).toBe('Cellguard');
    expect(d.message).toContain('[private-key]');
    expect(d.message).not.toContain(PEM_BODY);
    expect(SOURCE_SECRET.slice(d.from, d.to)).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(d.markClass).toContain('cg-category-secret');
    const link = (
      d.renderMessage!(undefined as unknown as EditorView) as HTMLElement
    ).querySelector('a')!;
    expect(link.href).toBe(finding.docsUrl);
    expect(link.textContent).toBe('private-key');
    expect(diagnosticSeverity('note')).toBe('info');
  });

  it('offers the core fixes as actions: a source fix is an editor transaction', async () => {
    const { finding, target, applied } = await secretFinding();
    const d = toDiagnostic(finding, target, SOURCE_SECRET.length);
    const names = d.actions!.map((a) => a.name);
    expect(names).toContain('Suppress private-key on this line');
    expect(names).toContain('Suppress private-key in this cell');
    expect(names[names.length - 1]).toBe('Docs');
    const view = new EditorView({ state: EditorState.create({ doc: SOURCE_SECRET }) });
    d.actions!.find((a) => a.name === 'Suppress private-key on this line')!.apply(
      view,
      d.from,
      d.to,
    );
    expect(view.state.doc.toString()).toBe(`${SOURCE_SECRET}  # cellguard: ignore[private-key]`);
    // A metadata fix goes to the notebook model instead.
    d.actions!.find((a) => a.name === 'Suppress private-key in this cell')!.apply(
      view,
      d.from,
      d.to,
    );
    expect(applied).toEqual([
      { kind: 'cell-metadata', cellIndex: 0, key: 'cellguard', value: { ignore: ['private-key'] } },
    ]);
    view.destroy();
  });

  it('marks risky fixes "(may change behaviour)" from the core\'s applicability', async () => {
    const { finding, target } = await secretFinding();
    const d = toDiagnostic(finding, target, SOURCE_SECRET.length);
    const fixes = finding.fixes;
    expect(fixes.some((f) => f.applicability === 'unsafe')).toBe(true);
    for (const fix of fixes) {
      const action = d.actions!.find((a) => a.name.startsWith(fix.title))!;
      expect(action.name.endsWith(UNSAFE_MARK)).toBe(fix.applicability === 'unsafe');
      expect(action.markClass?.includes('cg-action-unsafe')).toBe(fix.applicability === 'unsafe');
    }
  });

  it('renders backticks in messages as code, never as markup', () => {
    const nodes = messageNodes('Use `torch.load(f, weights_only=True)` not <b>`x`</b>');
    const holder = document.createElement('span');
    holder.append(...nodes);
    expect([...holder.querySelectorAll('code')].map((c) => c.textContent)).toEqual([
      'torch.load(f, weights_only=True)',
      'x',
    ]);
    expect(holder.querySelector('b')).toBeNull();
    expect(holder.textContent).toBe('Use torch.load(f, weights_only=True) not <b>x</b>');
    const odd = document.createElement('span');
    odd.append(...messageNodes('a ` b'));
    expect(odd.innerHTML).toBe('a ` b');
  });

  it('pins edits to the analysed text: shifted when the finding moved, skipped when it changed', async () => {
    const { finding, target } = await secretFinding();
    const d = toDiagnostic(finding, target, SOURCE_SECRET.length);
    const suppress = d.actions!.find((a) => a.name === 'Suppress private-key on this line')!;
    const moved = new EditorView({
      state: EditorState.create({ doc: `# note\n${SOURCE_SECRET}` }),
    });
    suppress.apply(moved, d.from + 7, d.to + 7);
    expect(moved.state.doc.toString()).toBe(
      `# note\n${SOURCE_SECRET}  # cellguard: ignore[private-key]`,
    );
    const changed = new EditorView({ state: EditorState.create({ doc: 'KEY = None' }) });
    suppress.apply(changed, 0, 0);
    expect(changed.state.doc.toString()).toBe('KEY = None');
    moved.destroy();
    changed.destroy();
  });
});

describe('output edits on the live model', () => {
  const json = () =>
    notebookJson([
      codeCell('o', 'print(k)', [
        stream(`token:\n${PEM}\nbye\n`),
        {
          output_type: 'execute_result',
          data: { 'text/plain': '2' },
          metadata: {},
          execution_count: 7,
        },
      ]),
    ]);

  async function outputFindings(m: NotebookModel): Promise<Finding[]> {
    const { findings } = await analyzer.analyzeNotebook(docFromModel(m));
    return findings.filter((f) => f.location.kind === 'output');
  }

  it('groups output findings by output index', async () => {
    const m = model(json());
    const groups = groupByOutput(await outputFindings(m));
    expect([...groups.keys()]).toEqual([0]);
    expect(groups.get(0)!.map((f) => [f.ruleId, f.category])).toContainEqual([
      'private-key',
      'sensitive-output',
    ]);
  });

  it('redact changes only the flagged span (no doubled stream text), nothing else', async () => {
    const m = model(json());
    const before = m.toJSON();
    const edits = bulkOutputEdits(await outputFindings(m), 'redact');
    expect(applyEditsToModel(m, edits)).toBeGreaterThan(0);
    const after = m.toJSON();
    const cellBefore = before.cells[0] as { outputs: { text?: string }[] };
    const cellAfter = after.cells[0] as {
      outputs: { text?: string }[];
      execution_count: number;
      id: string;
      metadata: unknown;
    };
    expect(cellAfter.outputs[0]!.text).toBe(
      String(cellBefore.outputs[0]!.text).replace(PEM, '[REDACTED:private-key]'),
    );
    expect(cellAfter.outputs[1]).toEqual(cellBefore.outputs[1]);
    expect(cellAfter.execution_count).toBe(7);
    expect(cellAfter.id).toBe('o');
    expect(cellAfter.metadata).toEqual({ tags: ['t'] });
    expect(after.metadata).toEqual(before.metadata);
    // Shared model and output model agree.
    const code = m.cells.get(0) as unknown as { outputs: { length: number } };
    expect(code.outputs.length).toBe(2);
  });

  it('clear removes only the flagged output', async () => {
    const m = model(json());
    const before = m.toJSON();
    applyEditsToModel(m, bulkOutputEdits(await outputFindings(m), 'clear'));
    const after = m.toJSON();
    const outs = (after.cells[0] as { outputs: unknown[] }).outputs;
    expect(outs).toEqual([(before.cells[0] as { outputs: unknown[] }).outputs[1]]);
    expect((m.cells.get(0) as unknown as { outputs: { length: number } }).outputs.length).toBe(1);
  });

  it('skips edits whose cell id no longer matches', async () => {
    const m = model(json());
    const edits = bulkOutputEdits(await outputFindings(m), 'redact');
    expect(applyEditsToModel(m, edits, new Map([[0, 'another-cell']]))).toBe(0);
  });
});
