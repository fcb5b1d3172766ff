/** Machine-readable output: every finding with its location, masked message and fixes. */
import { relative, sep } from 'node:path';
import { LineIndex } from '../engine/offsets.js';
import { VERSION } from '../version.js';
import type { FileResult } from './scan.js';

export function formatJson(results: readonly FileResult[], cwd: string): string {
  const files = results.map((result) => ({
    path: relative(cwd, result.path).split(sep).join('/'),
    kind: result.kind,
    ...(result.error ? { error: result.error } : {}),
    findings: result.findings.map((finding) => {
      const cell = result.doc?.cells[finding.location.cellIndex];
      const start =
        finding.location.kind === 'source' && cell
          ? new LineIndex(cell.source).positionAt(finding.location.range[0])
          : undefined;
      return {
        ...finding,
        // Fix edits may carry replacement text but never the secret itself.
        ...(start ? { cellLine: start.line + 1, cellColumn: start.character + 1 } : {}),
      };
    }),
    notices: result.notices,
  }));
  return `${JSON.stringify({ tool: 'cellguard', version: VERSION, files }, null, 2)}\n`;
}
