/**
 * The one place where Cellguard's data model meets VS Code's: offsets become positions, VS Code
 * notebook outputs become the core's `Output`, and the core's `Edit`s become `WorkspaceEdit`s.
 * Nothing here decides what is a finding; it only translates.
 */
import * as vscode from 'vscode';
import {
  applySourceEdits,
  cappedOutputText,
  describeMetadata,
  isJsonMime,
  isTextualMime,
  LineIndex,
  redactOutputJson,
  replaceInJson,
  replaceValues,
  stripAnsi,
  suppressionFromMetadata,
  type Cell,
  type CellKind,
  type CellSuppression,
  type Edit,
  type Finding,
  type NotebookDoc,
  type Output,
  type OutputText,
  type Range as OffsetRange,
  type RedactOutputEdit,
  type Severity,
} from '@cellguard/core';

/** Mime types VS Code uses for stream and error outputs (see vscode.NotebookCellOutputItem). */
export const MIME_STDOUT = 'application/vnd.code.notebook.stdout';
export const MIME_STDERR = 'application/vnd.code.notebook.stderr';
export const MIME_ERROR = 'application/vnd.code.notebook.error';

export const DIAGNOSTIC_SOURCE = 'Cellguard';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// Findings → diagnostics

export function toDiagnosticSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

/** `[start, end)` UTF-16 offsets into a document's text → a VS Code range. */
export function toRange(document: vscode.TextDocument, range: OffsetRange): vscode.Range {
  return new vscode.Range(document.positionAt(range[0]), document.positionAt(range[1]));
}

/** A VS Code range → offsets into the same document. */
export function toOffsets(document: vscode.TextDocument, range: vscode.Range): OffsetRange {
  return [document.offsetAt(range.start), document.offsetAt(range.end)];
}

/** What to call an output in a message: "output 2 (stderr)". */
export function describeOutput(outputIndex: number, mimeType: string): string {
  const kind = mimeType === 'stream' ? 'stream' : mimeType === 'error' ? 'error' : mimeType;
  return `output ${outputIndex + 1} (${kind})`;
}

/**
 * A finding as a diagnostic on `document` (the cell's or the `.py` file's text document).
 * Output findings have no place in the cell's text: they sit on the cell's first line, and the
 * message says which output holds the value.
 */
export function findingToDiagnostic(
  finding: Finding,
  document: vscode.TextDocument,
): vscode.Diagnostic {
  const location = finding.location;
  let range: vscode.Range;
  let message = finding.message;
  if (location.kind === 'source') {
    range = toRange(document, location.range);
  } else {
    const first = document.lineCount > 0 ? document.lineAt(0).range : new vscode.Range(0, 0, 0, 0);
    range = first.isEmpty ? new vscode.Range(0, 0, 0, 0) : first;
    message =
      location.kind === 'metadata'
        ? `In ${describeMetadata(location)}: ${finding.message}`
        : `In ${describeOutput(location.outputIndex, location.mimeType)}: ${finding.message}`;
  }
  const diagnostic = new vscode.Diagnostic(range, message, toDiagnosticSeverity(finding.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(finding.docsUrl) };
  return diagnostic;
}

// ---------------------------------------------------------------------------------------------
// VS Code notebooks → the core's NotebookDoc

/** Textual-mime, JSON and capping rules are the core's, so both sides read outputs alike. */
export { isTextualMime };

interface ErrorPayload {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
}

function errorText(item: vscode.NotebookCellOutputItem): string {
  let payload: ErrorPayload = {};
  try {
    payload = JSON.parse(decoder.decode(item.data)) as ErrorPayload;
  } catch {
    // A malformed error item still gets analysed as plain text.
    return stripAnsi(decoder.decode(item.data));
  }
  const name = typeof payload.name === 'string' ? payload.name : '';
  const message = typeof payload.message === 'string' ? payload.message : '';
  const stack = typeof payload.stack === 'string' ? payload.stack : '';
  // Same text as the core builds from nbformat: "ename: evalue" then the traceback lines, which
  // the ipynb serializer joins into `stack` with "\n".
  return stripAnsi(stack ? `${name}: ${message}\n${stack}` : `${name}: ${message}`);
}

function jsonText(raw: string): string {
  // The core analyses JSON payloads pretty-printed with one space (see notebook/parse.ts).
  try {
    return JSON.stringify(JSON.parse(raw), null, 1);
  } catch {
    return raw;
  }
}

function outputTypeOf(output: vscode.NotebookCellOutput): Output['outputType'] {
  const declared = (output.metadata as { outputType?: unknown } | undefined)?.outputType;
  return declared === 'execute_result' ||
    declared === 'display_data' ||
    declared === 'stream' ||
    declared === 'error'
    ? declared
    : 'display_data';
}

/**
 * One VS Code notebook output → the core's `Output`. Streams (stdout/stderr items, concatenated
 * as VS Code appends them) use mime `stream`, errors use `error`, everything else keeps its mime.
 */
export function outputToCore(output: vscode.NotebookCellOutput): Output {
  const stream = output.items.filter(
    (item) => item.mime === MIME_STDOUT || item.mime === MIME_STDERR,
  );
  if (stream.length > 0) {
    const name = stream[0]!.mime === MIME_STDERR ? 'stderr' : 'stdout';
    const text = stream.map((item) => decoder.decode(item.data)).join('');
    return { outputType: 'stream', name, texts: [cappedOutputText('stream', text)] };
  }
  const error = output.items.find((item) => item.mime === MIME_ERROR);
  if (error) return { outputType: 'error', texts: [cappedOutputText('error', errorText(error))] };
  const texts: OutputText[] = [];
  for (const item of output.items) {
    if (!isTextualMime(item.mime)) continue;
    const raw = decoder.decode(item.data);
    texts.push(cappedOutputText(item.mime, isJsonMime(item.mime) ? jsonText(raw) : raw));
  }
  const outputType = outputTypeOf(output);
  return {
    outputType: outputType === 'stream' || outputType === 'error' ? 'display_data' : outputType,
    texts,
  };
}

/** The Jupyter cell metadata of a cell (the ipynb serializer keeps it under `metadata.metadata`). */
export function jupyterCellMetadata(cell: vscode.NotebookCell): Record<string, unknown> {
  const inner = (cell.metadata as { metadata?: unknown }).metadata;
  if (typeof inner === 'object' && inner !== null && !Array.isArray(inner))
    return inner as Record<string, unknown>;
  return {};
}

function suppressionOf(cell: vscode.NotebookCell): CellSuppression | undefined {
  return suppressionFromMetadata(jupyterCellMetadata(cell));
}

function kindOf(cell: vscode.NotebookCell): CellKind {
  if (cell.kind === vscode.NotebookCellKind.Markup) return 'markdown';
  // The ipynb serializer turns raw cells into code cells with language "raw".
  return cell.document.languageId === 'raw' ? 'raw' : 'code';
}

/** Memo of converted outputs: outputs are immutable objects, re-converting 200 cells per keystroke is waste. */
const outputCache = new WeakMap<vscode.NotebookCellOutput, Output>();

function cachedOutput(output: vscode.NotebookCellOutput): Output {
  let converted = outputCache.get(output);
  if (!converted) {
    converted = outputToCore(output);
    outputCache.set(output, converted);
  }
  return converted;
}

export function cellToCore(cell: vscode.NotebookCell): Cell {
  const kind = kindOf(cell);
  const id = (cell.metadata as { id?: unknown }).id;
  const suppression = suppressionOf(cell);
  return {
    kind,
    source: cell.document.getText(),
    outputs: kind === 'code' ? cell.outputs.map(cachedOutput) : [],
    ...(typeof id === 'string' ? { id } : {}),
    ...(suppression ? { suppression } : {}),
  };
}

function notebookLanguage(notebook: vscode.NotebookDocument): string {
  const meta = (
    notebook.metadata as {
      metadata?: { language_info?: { name?: unknown }; kernelspec?: { language?: unknown } };
    }
  ).metadata;
  const fromInfo = meta?.language_info?.name;
  if (typeof fromInfo === 'string') return fromInfo.toLowerCase();
  const fromKernel = meta?.kernelspec?.language;
  if (typeof fromKernel === 'string') return fromKernel.toLowerCase();
  const firstCode = notebook
    .getCells()
    .find(
      (cell) => cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId !== 'raw',
    );
  return firstCode?.document.languageId ?? 'python';
}

/** A live notebook as the core sees it, with the cells it was built from (indexes match). */
export function notebookToCore(notebook: vscode.NotebookDocument): {
  doc: NotebookDoc;
  cells: readonly vscode.NotebookCell[];
} {
  const cells = notebook.getCells();
  return { doc: { cells: cells.map(cellToCore), language: notebookLanguage(notebook) }, cells };
}

// ---------------------------------------------------------------------------------------------
// The core's edits → VS Code edits

/**
 * Apply a `redact-output` edit to a VS Code output: a new output with the same metadata whose
 * items have the spans replaced. Ranges point into the text `outputToCore` produced; where that
 * text is derived (errors, JSON), the spans are replaced by value so the structure stays valid.
 */
export function redactOutput(
  output: vscode.NotebookCellOutput,
  edit: RedactOutputEdit,
): vscode.NotebookCellOutput {
  const analysed = outputToCore(output).texts.find((t) => t.mimeType === edit.mimeType)?.text ?? '';
  const values = edit.replacements
    .map((r) => ({ from: analysed.slice(r.range[0], r.range[1]), to: r.text }))
    .filter((v) => v.from);
  let metadata = output.metadata;
  let items: vscode.NotebookCellOutputItem[];
  if (edit.mimeType === 'stream') {
    const stream = output.items.filter(
      (item) => item.mime === MIME_STDOUT || item.mime === MIME_STDERR,
    );
    const text = stream.map((item) => decoder.decode(item.data)).join('');
    const redacted = applySourceEdits(text, edit.replacements);
    const mime = stream[0]?.mime ?? MIME_STDOUT;
    // Several appended stream items become one: the ipynb serializer joins them anyway.
    items = [
      new vscode.NotebookCellOutputItem(encoder.encode(redacted), mime),
      ...output.items.filter((i) => !stream.includes(i)),
    ];
  } else if (edit.mimeType === 'error') {
    items = output.items.map((item) => {
      if (item.mime !== MIME_ERROR) return item;
      try {
        const payload = JSON.parse(decoder.decode(item.data)) as Record<string, unknown>;
        return vscode.NotebookCellOutputItem.error({
          name: typeof payload['name'] === 'string' ? payload['name'] : '',
          message: replaceValues(
            typeof payload['message'] === 'string' ? payload['message'] : '',
            values,
          ),
          stack: replaceValues(
            typeof payload['stack'] === 'string' ? payload['stack'] : '',
            values,
          ),
        });
      } catch {
        return new vscode.NotebookCellOutputItem(
          encoder.encode(replaceValues(decoder.decode(item.data), values)),
          item.mime,
        );
      }
    });
    // The ipynb serializer saves the traceback from `originalError` when present: redact it too.
    const original = (metadata as { originalError?: unknown } | undefined)?.originalError;
    if (original && typeof original === 'object') {
      metadata = {
        ...metadata,
        originalError: redactOutputJson(original as Record<string, unknown>, edit),
      };
    }
  } else {
    items = output.items.map((item) => {
      if (item.mime !== edit.mimeType) return item;
      const raw = decoder.decode(item.data);
      if (isJsonMime(item.mime)) {
        try {
          const parsed = JSON.parse(raw) as unknown;
          return new vscode.NotebookCellOutputItem(
            encoder.encode(JSON.stringify(replaceInJson(parsed, values))),
            item.mime,
          );
        } catch {
          // Not JSON after all: fall through to plain text.
        }
      }
      return new vscode.NotebookCellOutputItem(
        encoder.encode(applySourceEdits(raw, edit.replacements)),
        item.mime,
      );
    });
  }
  return new vscode.NotebookCellOutput(items, metadata);
}

/** Where edits apply: a notebook (cells as they were analysed) or a plain text document. */
export type EditTarget =
  | {
      readonly kind: 'notebook';
      readonly notebook: vscode.NotebookDocument;
      readonly cells: readonly vscode.NotebookCell[];
    }
  | { readonly kind: 'text'; readonly document: vscode.TextDocument };

/**
 * The core's edits → one `WorkspaceEdit`. Source edits become text edits on the cell document;
 * metadata edits become `NotebookEdit.updateCellMetadata`; output edits replace the cell with an
 * identical `NotebookCellData` whose outputs changed (the stable API has no output-only edit),
 * keeping source, metadata (cell id included) and execution summary.
 */
export function editsToWorkspaceEdit(
  target: EditTarget,
  edits: readonly Edit[],
  into = new vscode.WorkspaceEdit(),
): vscode.WorkspaceEdit {
  if (target.kind === 'text') {
    for (const edit of edits) {
      if (edit.kind === 'source')
        into.replace(target.document.uri, toRange(target.document, edit.range), edit.text);
    }
    return into;
  }
  const byCell = new Map<vscode.NotebookCell, Edit[]>();
  for (const edit of edits) {
    const cell = target.cells[edit.cellIndex];
    // A cell deleted since the analysis: its edits have nothing left to apply to.
    if (!cell || cell.index < 0 || cell.notebook !== target.notebook) continue;
    const list = byCell.get(cell) ?? [];
    list.push(edit);
    byCell.set(cell, list);
  }
  const notebookEdits: vscode.NotebookEdit[] = [];
  for (const [cell, cellEdits] of byCell) {
    const sourceEdits = cellEdits.filter(
      (e): e is Extract<Edit, { kind: 'source' }> => e.kind === 'source',
    );
    let metadata: Record<string, unknown> | undefined;
    for (const edit of cellEdits) {
      if (edit.kind !== 'cell-metadata') continue;
      const base = metadata ?? { ...cell.metadata };
      const inner = {
        ...jupyterCellMetadata(cell),
        ...((base['metadata'] as Record<string, unknown> | undefined) ?? {}),
      };
      metadata = { ...base, metadata: { ...inner, [edit.key]: edit.value } };
    }
    let outputs: vscode.NotebookCellOutput[] | undefined;
    const cleared = new Set<number>();
    for (const edit of cellEdits) {
      if (edit.kind === 'redact-output') {
        outputs ??= [...cell.outputs];
        const output = outputs[edit.outputIndex];
        if (output) outputs[edit.outputIndex] = redactOutput(output, edit);
      } else if (edit.kind === 'clear-output') {
        outputs ??= [...cell.outputs];
        cleared.add(edit.outputIndex);
      } else if (edit.kind === 'clear-cell-outputs') {
        outputs = [];
        cleared.clear();
      }
    }
    if (outputs && cleared.size > 0) outputs = outputs.filter((_, i) => !cleared.has(i));
    if (outputs) {
      const data = new vscode.NotebookCellData(
        cell.kind,
        sourceEdits.length > 0
          ? applySourceEdits(cell.document.getText(), sourceEdits)
          : cell.document.getText(),
        cell.document.languageId,
      );
      data.outputs = outputs;
      data.metadata = metadata ?? cell.metadata;
      if (cell.executionSummary) data.executionSummary = cell.executionSummary;
      notebookEdits.push(
        vscode.NotebookEdit.replaceCells(new vscode.NotebookRange(cell.index, cell.index + 1), [
          data,
        ]),
      );
      continue;
    }
    for (const edit of sourceEdits)
      into.replace(cell.document.uri, toRange(cell.document, edit.range), edit.text);
    if (metadata) notebookEdits.push(vscode.NotebookEdit.updateCellMetadata(cell.index, metadata));
  }
  if (notebookEdits.length > 0) into.set(target.notebook.uri, notebookEdits);
  return into;
}

/**
 * Offsets into a file that is not open (workspace scan) → a range, through the core's
 * `LineIndex` so scans and live documents agree on lines and columns.
 */
export function rangeInText(index: LineIndex, range: OffsetRange): vscode.Range {
  const start = index.positionAt(range[0]);
  const end = index.positionAt(range[1]);
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

/** A finding of a file that is not open (workspace scan) as a diagnostic on the file itself. */
export function scanFindingToDiagnostic(
  finding: Finding,
  doc: NotebookDoc,
  lineIndexes: Map<number, LineIndex>,
): vscode.Diagnostic {
  const location = finding.location;
  let range = new vscode.Range(0, 0, 0, 0);
  let message = finding.message;
  if (doc.isPythonFile && location.kind === 'source') {
    let index = lineIndexes.get(location.cellIndex);
    if (!index) {
      index = new LineIndex(doc.cells[location.cellIndex]?.source ?? '');
      lineIndexes.set(location.cellIndex, index);
    }
    range = rangeInText(index, location.range);
  } else if (location.kind === 'source') {
    let index = lineIndexes.get(location.cellIndex);
    if (!index) {
      index = new LineIndex(doc.cells[location.cellIndex]?.source ?? '');
      lineIndexes.set(location.cellIndex, index);
    }
    const line = index.positionAt(location.range[0]).line;
    message = `Cell ${location.cellIndex + 1}, line ${line + 1}: ${finding.message}`;
  } else if (location.kind === 'metadata') {
    const cell = location.cellIndex === undefined ? '' : `Cell ${location.cellIndex + 1}, `;
    message = `${cell}${describeMetadata(location)}: ${finding.message}`;
  } else {
    message = `Cell ${location.cellIndex + 1}, ${describeOutput(location.outputIndex, location.mimeType)}: ${finding.message}`;
  }
  const diagnostic = new vscode.Diagnostic(range, message, toDiagnosticSeverity(finding.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(finding.docsUrl) };
  return diagnostic;
}
