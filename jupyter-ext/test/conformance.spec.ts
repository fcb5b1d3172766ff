/**
 * The conformance table (`test/support/conformance.ts`, also run against the core by
 * `test/core/conformance.test.ts`) through JupyterLab's own conversion: a live `NotebookModel`
 * built from each row's notebook, `docFromModel`, the lint diagnostics' actions, the badge's
 * Redact / Clear edits applied to the model, the save guard on a mock context, and the
 * `.cellguard.json` exclusion. A decision that diverges from the core fails here.
 */
import { createAnalyzer, displayCellIndex, type Finding } from '@cellguard/core';
import type * as nbformat from '@jupyterlab/nbformat';
import { NotebookModel, type NotebookPanel } from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';
import { CONFORMANCE } from '../../test/support/conformance';
import { notebookConfig } from '../src/config';
import {
  applyEditsToModel,
  bulkOutputEdits,
  docFromModel,
  menuFor,
  toDiagnostic,
} from '../src/convert';
import { SaveGuard } from '../src/save-guard';
import type { SavePolicy } from '../src/tokens';

const analyzer = createAnalyzer();

function model(json: Record<string, unknown>): NotebookModel {
  const m = new NotebookModel();
  m.fromJSON(json as unknown as nbformat.INotebookContent);
  return m;
}

/** The kind of a CodeMirror lint action, read from what the user sees. */
function kindOfAction(name: string): string {
  if (name === 'Docs') return 'docs';
  if (/^Suppress .* on this line$/.test(name)) return 'suppress-line';
  if (/^Suppress .* in this cell$/.test(name)) return 'suppress-cell';
  return 'fix';
}

async function findingsOf(m: NotebookModel): Promise<Finding[]> {
  return (await analyzer.analyzeNotebook(docFromModel(m))).findings;
}

describe('conformance table (JupyterLab adapter)', () => {
  for (const row of CONFORMANCE) {
    describe(row.name, () => {
      it('language and findings', async () => {
        const m = model(row.notebook);
        const doc = docFromModel(m);
        expect(doc.language).toBe(row.language);
        const findings = await findingsOf(m);
        expect(findings.map((f) => f.ruleId).sort()).toEqual([...row.rules].sort());
      });

      it('action menus (lint actions for code, the core menu for outputs)', async () => {
        const m = model(row.notebook);
        const doc = docFromModel(m);
        for (const f of await findingsOf(m)) {
          const cellIndex = displayCellIndex(f.location);
          const target = {
            cell: doc.cells[cellIndex]!,
            cellIndex,
            source: doc.cells[cellIndex]!.source,
            applyModelEdits: () => undefined,
            openUrl: () => undefined,
          };
          const kinds =
            f.location.kind === 'source'
              ? toDiagnostic(f, target, target.source.length).actions!.map((a) =>
                  kindOfAction(a.name),
                )
              : menuFor(f, target).map((a) => a.kind);
          expect([f.ruleId, kinds]).toEqual([
            f.ruleId,
            row.menus[`${f.ruleId}/${f.location.kind}`],
          ]);
        }
      });

      it('Redact leaves no value in any representation; Clear removes the flagged outputs', async () => {
        const redacted = model(row.notebook);
        const findings = await findingsOf(redacted);
        applyEditsToModel(redacted, bulkOutputEdits(findings, 'redact'));
        const text = JSON.stringify(redacted.toJSON());
        for (const value of row.values) expect(text.includes(value)).toBe(false);
        const cleared = model(row.notebook);
        applyEditsToModel(cleared, bulkOutputEdits(await findingsOf(cleared), 'clear'));
        const cells = (cleared.toJSON() as unknown as { cells: { outputs?: unknown[] }[] }).cells;
        expect(cells.map((c) => c.outputs?.length ?? 0)).toEqual(row.outputsAfterClear);
      });

      for (const [policy, expected] of Object.entries(row.save)) {
        it(`save policy ${policy}: warned findings and edits`, async () => {
          const context = await NBTestUtils.createMockContext();
          await context.initialize(true);
          context.model.fromJSON(row.notebook as unknown as nbformat.INotebookContent);
          const guard = new SaveGuard({
            policy: () => policy as SavePolicy,
            analyzer: () => analyzer,
            ask: async () => 'save',
            notify: () => undefined,
          });
          guard.attach({ context } as unknown as NotebookPanel);
          const done = guard.noteUserSave([context]);
          await context.save();
          done();
          const entry = guard.log.at(-1)!;
          expect([entry.warned, entry.edits]).toEqual(expected);
        });
      }

      it('exclusion through .cellguard.json', () => {
        for (const [path, excluded] of row.exclusion) {
          const config = notebookConfig(
            path,
            {
              path: '.cellguard.json',
              lastModified: '1',
              text: JSON.stringify({ exclude: row.exclude }),
            },
            {},
          );
          expect([path, config.excluded]).toEqual([path, excluded]);
        }
      });
    });
  }
});
