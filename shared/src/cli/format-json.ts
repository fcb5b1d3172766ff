/**
 * Machine-readable output: every finding with its location (cell offsets, `cellLine` /
 * `cellColumn`, and `region` in the file as stored), masked message and fixes. Fix edits may carry
 * replacement text, never the secret itself.
 */
import { relative, sep } from 'node:path';
import { VERSION } from '../version.js';
import { reportProperties, type ReportMeta } from './report-meta.js';
import type { FileResult } from './scan.js';

export function formatJson(
  results: readonly FileResult[],
  cwd: string,
  meta: ReportMeta = {},
): string {
  const files = results.map((result) => ({
    path: relative(cwd, result.path).split(sep).join('/'),
    kind: result.kind,
    ...(result.error ? { error: result.error } : {}),
    findings: result.findings,
    notices: result.notices,
  }));
  return `${JSON.stringify({ tool: 'cellguard', version: VERSION, ...reportProperties(meta, cwd), files }, null, 2)}\n`;
}
