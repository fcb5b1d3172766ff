/**
 * Redact or clear the outputs of a notebook file: what `cellguard fix --redact-outputs` and a
 * save policy do, on the file's text, through the same `outputEdits` + `redactOutput` as the
 * editors.
 */
import { describeMetadata, type Finding, type Location } from '../model/finding.js';
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
