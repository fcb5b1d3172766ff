/**
 * Machine-readable output: every finding with its location (cell offsets, `cellLine` /
 * `cellColumn`, and `region` in the file as stored), masked message and fixes. Fix edits may carry
 * replacement text, never the secret itself.
 */
import { relative, sep } from 'node:path';
import { VERSION } from '../version.js';
import { jsonSafe } from './printable.js';
import { reportProperties, type ReportMeta } from './report-meta.js';
import type { FileResult } from './scan.js';

/**
 * The report as a sequence of chunks, written one after another: a report of any size streams out
 * (one string for a 300 MB report exceeds V8's string limit). Structure is indented; each finding
 * and notice is one compact line, since its fix edits would take most of the report indented.
 */
export function* formatJsonChunks(
  results: readonly FileResult[],
  cwd: string,
  meta: ReportMeta = {},
): Generator<string> {
  const head = { tool: 'cellguard', version: VERSION, ...reportProperties(meta, cwd) };
  yield jsonSafe(`${JSON.stringify(head, null, 2).slice(0, -2)},\n  "files": [`);
  let firstFile = true;
  for (const result of results) {
    const file = {
      path: relative(cwd, result.path).split(sep).join('/'),
      kind: result.kind,
      ...(result.error ? { error: result.error } : {}),
    };
    const fields = JSON.stringify(file, null, 2).slice(1, -2).replaceAll('\n', '\n    ');
    let chunk = `${firstFile ? '' : ','}\n    {${fields},\n      "findings": [`;
    firstFile = false;
    for (const [i, finding] of result.findings.entries()) {
      chunk += `${i === 0 ? '' : ','}\n        ${JSON.stringify(finding)}`;
      if (chunk.length > 1 << 20) {
        yield jsonSafe(chunk);
        chunk = '';
      }
    }
    chunk += `${result.findings.length ? '\n      ' : ''}],\n      "notices": [`;
    for (const [i, notice] of result.notices.entries())
      chunk += `${i === 0 ? '' : ','}\n        ${JSON.stringify(notice)}`;
    yield jsonSafe(`${chunk}${result.notices.length ? '\n      ' : ''}]\n    }`);
  }
  yield `${results.length ? '\n  ' : ''}]\n}\n`;
}

export function formatJson(
  results: readonly FileResult[],
  cwd: string,
  meta: ReportMeta = {},
): string {
  return [...formatJsonChunks(results, cwd, meta)].join('');
}
