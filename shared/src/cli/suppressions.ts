/**
 * `cellguard scan --list-suppressions`: every suppression in the scanned files with its rules,
 * reason, expiry and whether it applies today, for review (text or JSON). Files are read and
 * parsed, not analysed.
 */
import { relative, sep } from 'node:path';
import {
  notebookSuppressions,
  suppressionStatus,
  type Suppression,
  type SuppressionPolicy,
  type SuppressionStatus,
} from '../engine/suppress.js';
import { fromPythonSource, parseNotebook } from '../notebook/parse.js';
import { readText } from './files.js';

/** The suppressions of one file, or why it could not be read. */
export interface FileSuppressions {
  readonly path: string;
  readonly suppressions: readonly (Suppression & { readonly status: SuppressionStatus })[];
  readonly error?: string;
}

export function listSuppressions(path: string, policy: SuppressionPolicy): FileSuppressions {
  try {
    const text = readText(path);
    const doc = path.endsWith('.ipynb') ? parseNotebook(text) : fromPythonSource(text);
    return {
      path,
      suppressions: notebookSuppressions(doc).map((s) => ({
        ...s,
        status: suppressionStatus(s, policy),
      })),
    };
  } catch (error) {
    return {
      path,
      suppressions: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

const STATUS_TEXT: Record<SuppressionStatus, string> = {
  active: 'active',
  expired: 'EXPIRED',
  'bad-date': 'BAD DATE',
  'no-reason': 'NO REASON',
};

function shownPath(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join('/') || path;
}

function whereOf(s: Suppression, python: boolean): string {
  if (s.form === 'cell-metadata') return `cell ${s.cellIndex + 1} metadata`;
  const line = `line ${(s.line ?? 0) + 1}`;
  return python ? line : `cell ${s.cellIndex + 1}, ${line}`;
}

export function formatSuppressionsText(files: readonly FileSuppressions[], cwd: string): string {
  const lines: string[] = [];
  let total = 0;
  const counts: Record<SuppressionStatus, number> = {
    active: 0,
    expired: 0,
    'bad-date': 0,
    'no-reason': 0,
  };
  for (const file of files) {
    if (file.error !== undefined) {
      lines.push('', shownPath(cwd, file.path), `  error  could not be read: ${file.error}`);
      continue;
    }
    if (file.suppressions.length === 0) continue;
    const python = !file.path.endsWith('.ipynb');
    const rows = file.suppressions.map((s) => {
      total++;
      counts[s.status]++;
      return [
        whereOf(s, python),
        s.rules === 'all' ? '(all rules)' : s.rules.join(', '),
        s.until !== undefined ? `until ${s.until}` : 'no expiry',
        STATUS_TEXT[s.status],
        s.reason !== undefined ? `-- ${s.reason}` : '(no reason)',
      ];
    });
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    lines.push('', shownPath(cwd, file.path));
    for (const row of rows)
      lines.push(`  ${row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`);
  }
  const problems = [
    counts.expired > 0 ? `${counts.expired} expired` : '',
    counts['bad-date'] > 0 ? `${counts['bad-date']} with a bad date` : '',
    counts['no-reason'] > 0 ? `${counts['no-reason']} without the required reason` : '',
  ].filter(Boolean);
  lines.push(
    '',
    `${total} suppression(s) in ${files.filter((f) => f.suppressions.length > 0).length} file(s)` +
      (problems.length > 0 ? `; ${problems.join(', ')} (these do not suppress)` : ''),
  );
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}

export function formatSuppressionsJson(
  files: readonly FileSuppressions[],
  cwd: string,
  version: string,
  today: string,
): string {
  return `${JSON.stringify(
    {
      version,
      today,
      suppressions: files.flatMap((file) =>
        // `line` is 1-based here, as `cellLine` is in the scan report; `cellIndex` is 0-based.
        file.suppressions.map((s) => ({
          path: shownPath(cwd, file.path),
          ...s,
          ...(s.line !== undefined ? { line: s.line + 1 } : {}),
        })),
      ),
      errors: files
        .filter((f) => f.error !== undefined)
        .map((f) => ({ path: shownPath(cwd, f.path), error: f.error })),
    },
    null,
    2,
  )}\n`;
}
