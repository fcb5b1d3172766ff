/**
 * Fixing a notebook or Python file as text: what `cellguard fix` (safe fixes, and with
 * `--redact-outputs` redaction) and a save policy do, through the same `outputEdits` +
 * `redactOutput` as the editors. Which fixes run unattended is decided here, once.
 */
import {
  describeMetadata,
  type Edit,
  type Finding,
  type Location,
  type SourceEdit,
} from '../model/finding.js';
import { applySourceEdits } from '../engine/edits.js';
import { outputEdits, type OutputAction } from './actions.js';
import { applyEditsToNotebookText } from './redact.js';

/**
 * Redact (or clear) every output holding one of `findings` — which must have been computed on
 * `text` — and return the new file text. Bytes outside the edited cells are unchanged; the
 * value is removed from every representation of each output. Throws `NotebookError` when `text`
 * is not a notebook.
 */
export function redactNotebookJson(
  text: string,
  findings: readonly Finding[],
  action: OutputAction = 'redact',
): string {
  return applyEditsToNotebookText(text, outputEdits(findings, action));
}

/**
 * Where a finding is, for people: cell and output numbers are 1-based here and in every message
 * ("cell 3, output 1 (text/html)"); the `cellIndex` / `outputIndex` fields of JSON and SARIF are
 * 0-based indexes. One convention, stated in the README.
 */
export function locationLabel(location: Location): string {
  if (location.kind === 'metadata') {
    const where = describeMetadata(location);
    return location.cellIndex === undefined ? where : `cell ${location.cellIndex + 1}, ${where}`;
  }
  const cell = `cell ${location.cellIndex + 1}`;
  if (location.kind === 'source') return cell;
  return `${cell}, output ${location.outputIndex + 1} (${location.mimeType})`;
}

/** A fix chosen to run without a click, and the finding it fixes. */
export interface PlannedFix {
  readonly finding: Finding;
  readonly title: string;
}

/** The edits `planSafeFixes` chose, and which findings they fix. */
export interface FixPlan {
  readonly edits: readonly Edit[];
  readonly fixed: readonly PlannedFix[];
  /** Findings whose safe fix overlaps an edit already chosen: a second run applies them. */
  readonly deferred: readonly Finding[];
}

function overlaps(a: SourceEdit, b: SourceEdit): boolean {
  if (a.cellIndex !== b.cellIndex) return false;
  const [as, ae] = a.range;
  const [bs, be] = b.range;
  if (as === ae && bs === be) return as === bs && a.text !== b.text; // two inserts at one point
  return as < be && bs < ae;
}

function sameEdit(a: SourceEdit, b: SourceEdit): boolean {
  return (
    a.cellIndex === b.cellIndex &&
    a.range[0] === b.range[0] &&
    a.range[1] === b.range[1] &&
    a.text === b.text
  );
}

/**
 * The edits an unattended fixer applies: for each source finding its first `safe` fix (the
 * preferred one when safe), skipping one whose edits overlap an edit already chosen (identical
 * edits, such as the same `import os` added by two fixes, are applied once); and with
 * `redactOutputs`, the bulk Redact of every output finding (`outputEdits`). Unsafe fixes, Clear
 * and suppressions are never chosen: they need a person.
 */
export function planSafeFixes(
  findings: readonly Finding[],
  options: { readonly redactOutputs?: boolean } = {},
): FixPlan {
  const chosen: SourceEdit[] = [];
  const fixed: PlannedFix[] = [];
  const deferred: Finding[] = [];
  for (const finding of findings) {
    if (finding.location.kind !== 'source') continue;
    const fix = finding.fixes.find((f) => f.applicability === 'safe');
    if (!fix) continue;
    const edits = fix.edits.filter((e): e is SourceEdit => e.kind === 'source');
    if (edits.length !== fix.edits.length) continue; // a source fix that edits elsewhere: not ours
    const fresh = edits.filter((e) => !chosen.some((c) => sameEdit(c, e)));
    if (fresh.some((e) => chosen.some((c) => overlaps(c, e)))) {
      deferred.push(finding);
      continue;
    }
    chosen.push(...fresh);
    fixed.push({ finding, title: fix.title });
  }
  const edits: Edit[] = [...chosen];
  if (options.redactOutputs) {
    const outputs = findings.filter((f) => f.location.kind === 'output');
    edits.push(...outputEdits(outputs, 'redact'));
    for (const finding of outputs) {
      const title = finding.fixes.find((f) => f.preferred)?.title ?? 'Redact the value';
      fixed.push({ finding, title });
    }
  }
  return { edits, fixed, deferred };
}

/**
 * Apply a plan's edits to a file's text: a notebook through `applyEditsToNotebookText` (only the
 * edited cells change), a Python or other text file (cell 0) as plain text. Every other byte is unchanged.
 * Throws `NotebookError` when a notebook's text is not a notebook.
 */
export function applyFixPlan(
  text: string,
  kind: 'notebook' | 'python' | 'text',
  edits: readonly Edit[],
): string {
  if (kind === 'notebook') return applyEditsToNotebookText(text, edits);
  return applySourceEdits(
    text,
    edits.filter((e): e is SourceEdit => e.kind === 'source' && e.cellIndex === 0),
  );
}
