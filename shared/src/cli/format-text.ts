/** eslint-style text output: file, then one line per finding, then a summary line. */
import { relative, sep } from 'node:path';
import type { Severity } from '../model/finding.js';
import type { FileResult } from './scan.js';

const SEVERITY_LABEL: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  note: 'note',
};

/** Where a finding is, as the text report prints it (`cell 2, 3:5`, `cell 1 output 2`). */
export function findingWhere(
  result: Pick<FileResult, 'kind'>,
  finding: Pick<FileResult['findings'][number], 'location' | 'cellLine' | 'cellColumn'>,
): string {
  const { location } = finding;
  if (location.kind === 'file') return 'file';
  if (location.kind === 'source') {
    const lineCol = `${finding.cellLine ?? 1}:${finding.cellColumn ?? 1}`;
    return result.kind === 'notebook' ? `cell ${location.cellIndex + 1}, ${lineCol}` : lineCol;
  }
  if (location.kind === 'metadata') {
    const owner = location.cellIndex === undefined ? 'notebook' : `cell ${location.cellIndex + 1}`;
    return `${owner} ${location.path.join('.').slice(0, 80)}`;
  }
  return `cell ${location.cellIndex + 1} output ${location.outputIndex + 1}`;
}

export function formatText(results: readonly FileResult[], cwd: string, color: boolean): string {
  const paint = (code: string, text: string): string =>
    color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  let filesWithProblems = 0;
  let failed = 0;
  for (const result of results) {
    const path = relative(cwd, result.path).split(sep).join('/') || result.path;
    if (result.error) {
      failed++;
      lines.push(
        '',
        paint('4', path),
        `  ${paint('31', 'error')}  could not be scanned: ${result.error}`,
      );
      continue;
    }
    if (result.findings.length === 0 && result.notices.length === 0) continue;
    if (result.findings.length > 0) filesWithProblems++;
    // Which kind a file was read as, where its name does not say it.
    lines.push('', paint('4', path) + (result.kind === 'text' ? ' (read as text)' : ''));
    const rows = result.findings.map((f) => {
      counts[f.severity]++;
      const colour = f.severity === 'error' ? '31' : f.severity === 'warning' ? '33' : '36';
      return [
        findingWhere(result, f),
        paint(colour, SEVERITY_LABEL[f.severity]),
        f.message,
        paint('2', f.ruleId),
      ] as const;
    });
    const width = Math.max(0, ...rows.map((r) => r[0].length));
    for (const [loc, sev, message, rule] of rows) {
      lines.push(`  ${loc.padEnd(width)}  ${sev.padEnd(color ? 16 : 7)}  ${message}  ${rule}`);
    }
    for (const notice of result.notices)
      lines.push(`  ${paint('2', `notice: cell ${notice.cellIndex + 1}: ${notice.message}`)}`);
  }
  const total = counts.error + counts.warning + counts.note;
  const summary =
    total === 0
      ? `✔ no problems in ${results.length - failed} file(s)`
      : `✖ ${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.note} note${counts.note === 1 ? '' : 's'}) in ${filesWithProblems} file(s)`;
  lines.push(
    '',
    paint(total === 0 ? '32' : '31;1', summary) +
      (failed > 0 ? paint('31', `; ${failed} file(s) could not be scanned`) : ''),
  );
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}
