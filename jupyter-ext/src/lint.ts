/**
 * Lint marks in notebook cells, through `@codemirror/lint` registered on JupyterLab's
 * `IEditorExtensionRegistry` (the jupyterlab-lsp pattern). CodeMirror debounces (`delay`) and
 * lints only the editor that changed; the findings come from the notebook's `NotebookFindings`,
 * so imports of earlier cells still resolve and results are shared with the panel.
 */
import type { Edit, Finding } from '@cellguard/core';
import type { CellAnalyzer } from './analysis';
import { forceLinting, linter, type Diagnostic } from '@codemirror/lint';
import { Annotation, type Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { CodeEditor } from '@jupyterlab/codeeditor';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { applyEditsToModel, docFromModel, toDiagnostic } from './convert';
import type { NotebookFindings } from './findings';

/** Where an editor lives: its notebook and cell, found from the editor's model. */
export interface CellLocator {
  locate(
    model: CodeEditor.IModel,
  ): { panel: NotebookPanel; store: NotebookFindings; cellIndex: number } | undefined;
}

export interface LintOptions {
  readonly locator: CellLocator;
  readonly analyzer: () => CellAnalyzer;
  readonly enabled: () => boolean;
  readonly delay: () => number;
  readonly openUrl: (url: string) => void;
  readonly onRun?: () => void;
}

const PYTHON_MIMES = new Set(['text/x-python', 'text/x-ipython', 'text/python']);

/** Source findings as diagnostics for the editor of `model`. */
export async function diagnosticsFor(
  view: EditorView,
  model: CodeEditor.IModel,
  options: LintOptions,
): Promise<Diagnostic[]> {
  if (!options.enabled()) return [];
  options.onRun?.();
  const text = view.state.doc.toString();
  const where = options.locator.locate(model);
  if (!where) {
    // Not a notebook cell: plain Python files in the file editor are linted as one cell.
    if (!PYTHON_MIMES.has(model.mimeType)) return [];
    const { findings } = await options.analyzer().analyzePython(text);
    const doc = {
      cells: [{ kind: 'code' as const, source: text, outputs: [] }],
      language: 'python',
    };
    return findings
      .filter((f) => f.location.kind === 'source')
      .map((f) =>
        toDiagnostic(
          f,
          {
            cell: doc.cells[0]!,
            cellIndex: 0,
            source: text,
            applyModelEdits: () => undefined,
            openUrl: options.openUrl,
          },
          text.length,
        ),
      );
  }
  const { panel, store, cellIndex } = where;
  const findings: Finding[] = await store.sourceFindings(cellIndex, text);
  const notebookModel = panel.content.model;
  if (!notebookModel) return [];
  const doc = docFromModel(notebookModel, {
    outputs: 'none',
    sourceOverride: { cellIndex, source: text },
  });
  const cell = doc.cells[cellIndex];
  if (!cell) return [];
  const cellId = notebookModel.cells.get(cellIndex).id;
  return findings
    .filter((f) => f.location.kind === 'source')
    .map((f) =>
      toDiagnostic(
        f,
        {
          cell,
          cellIndex,
          source: text,
          applyModelEdits: (edits: readonly Edit[]) => {
            applyEditsToModel(notebookModel, edits, new Map([[cellIndex, cellId]]));
          },
          openUrl: options.openUrl,
        },
        text.length,
      ),
    );
}

/** The CodeMirror extension added to every editor JupyterLab creates. */
export function cellguardLinter(model: CodeEditor.IModel, options: LintOptions): Extension {
  return linter((view) => diagnosticsFor(view, model, options), {
    delay: options.delay(),
    // Settings changes (rules, categories) re-lint every open editor.
    needsRefresh: (update) =>
      update.transactions.some((tr) => tr.annotation(refreshAnnotation) === true),
  });
}

/** Marks a transaction that asks the linter to run again (settings changed). */
export const refreshAnnotation = Annotation.define<boolean>();

/** Re-lint an open editor now. */
export function relint(view: EditorView): void {
  view.dispatch({ annotations: refreshAnnotation.of(true) });
  forceLinting(view);
}
