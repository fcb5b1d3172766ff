/**
 * SARIF 2.1.0 (OASIS), the format GitHub code scanning and most CI dashboards read. Regions point
 * into the file as stored on disk: for a notebook, the line and column in the raw JSON.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { docsUrlFor, type Rule } from '../engine/rule.js';
import { VERSION } from '../version.js';
import type { BaselineSplit } from './baseline.js';
import { reportProperties, type ReportMeta } from './report-meta.js';
import { ruleHelp } from './rule-help.js';
import { jsonSafe } from './printable.js';
import type { FileResult } from './scan.js';

export const INFORMATION_URI = 'https://github.com/cellguard/cellguard';

/** Is `path` `dir` itself or inside it? */
function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/**
 * The directory `%SRCROOT%` stands for, so every URI is relative and never climbs (`../`), which
 * GitHub code scanning rejects: the repository root (the nearest `.git` at or above `cwd`) when
 * every scanned path is inside it, else the deepest directory that holds `cwd` and every path.
 */
export function sarifRoot(paths: readonly string[], cwd: string): string {
  const absolute = paths.map((p) => resolve(cwd, p));
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      if (absolute.every((p) => isInside(p, dir))) return dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  let root = resolve(cwd);
  for (const path of absolute) while (!isInside(path, root)) root = dirname(root);
  return root;
}

/**
 * The SARIF log of a scan. With a `baseline` split, `results` are the new findings
 * (`baselineState: new`), and the baselined ones follow as `unchanged` (marked as externally
 * suppressed, so code scanning does not raise them again) and `absent` (`kind: pass`).
 */
export function formatSarif(
  results: readonly FileResult[],
  rules: readonly Rule[],
  cwd: string,
  meta: ReportMeta = {},
  baseline?: Pick<BaselineSplit, 'unchanged' | 'absent'> & { readonly dir: string },
): string {
  return [...formatSarifChunks(results, rules, cwd, meta, baseline)].join('');
}

/** Stands in for the results array while the rest of the log is serialised (no path holds NUL). */
const RESULTS_SLOT = '\u0000cellguard-results\u0000';

/**
 * The SARIF log as a sequence of chunks: the log around the results, then each result on a line of
 * its own, so a log of any size streams out instead of exceeding V8's string limit.
 */
export function* formatSarifChunks(
  results: readonly FileResult[],
  rules: readonly Rule[],
  cwd: string,
  meta: ReportMeta = {},
  baseline?: Pick<BaselineSplit, 'unchanged' | 'absent'> & { readonly dir: string },
): Generator<string> {
  const ruleIndex = new Map(rules.map((rule, i) => [rule.meta.id, i]));
  const descriptors: ReportingDescriptor[] = rules.map(({ meta }) => {
    const help = ruleHelp(meta.id);
    return {
      id: meta.id,
      name: meta.id.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: meta.description },
      fullDescription: { text: help?.fullDescription || meta.description },
      help: {
        text: help?.helpText || `${meta.description} See ${docsUrlFor(meta.id)}`,
        markdown:
          help?.helpMarkdown ||
          `${meta.description} See [the rule's page](${docsUrlFor(meta.id)}).`,
      },
      helpUri: docsUrlFor(meta.id),
      defaultConfiguration: { level: meta.defaultSeverity },
      properties: {
        category: meta.category,
        tags: [
          'security',
          meta.category,
          ...meta.cwe.map((cwe) => `external/cwe/${cwe.toLowerCase()}`),
        ],
      },
    };
  });

  const sarifResults: Result[] = [];
  const notifications: NonNullable<
    NonNullable<Log['runs'][number]['invocations']>[number]['toolExecutionNotifications']
  > = [];
  const root = sarifRoot(
    [
      ...[...results, ...(baseline?.unchanged ?? [])].map((r) => r.path),
      ...(baseline?.absent ?? []).map((entry) => resolve(baseline!.dir, entry.path)),
    ],
    cwd,
  );
  const tagged: [FileResult, 'new' | 'unchanged' | undefined][] = results.map((r) => [
    r,
    baseline ? 'new' : undefined,
  ]);
  for (const r of baseline?.unchanged ?? []) tagged.push([r, 'unchanged']);
  for (const [result, baselineState] of tagged) {
    const uri = relative(root, result.path).split(sep).join('/');
    if (result.error) {
      notifications.push({
        level: 'error',
        message: { text: `${uri}: ${result.error}` },
        locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } }],
      });
      continue;
    }
    if (result.findings.length === 0) continue;
    for (const finding of result.findings) {
      const { location, cellLine } = finding;
      const r = finding.region;
      const index = ruleIndex.get(finding.ruleId);
      sarifResults.push({
        ruleId: finding.ruleId,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: finding.severity,
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
              ...(r ? { region: r } : {}),
            },
          },
        ],
        partialFingerprints: { 'cellguardFingerprint/v2': finding.fingerprint },
        ...(baselineState ? { baselineState } : {}),
        ...(baselineState === 'unchanged'
          ? { suppressions: [{ kind: 'external', justification: 'in the Cellguard baseline' }] }
          : {}),
        properties: {
          category: finding.category,
          ...(result.kind === 'notebook' && location.cellIndex !== undefined
            ? { cellIndex: location.cellIndex }
            : {}),
          ...(location.kind === 'metadata' ? { metadataPath: location.path.join('/') } : {}),
          ...(result.kind === 'notebook' && cellLine !== undefined ? { cellLine } : {}),
          ...(location.kind === 'output'
            ? { outputIndex: location.outputIndex, mimeType: location.mimeType }
            : {}),
          ...(location.cellId !== undefined ? { cellId: location.cellId } : {}),
          ...(finding.properties ?? {}),
        },
      });
    }
  }

  for (const entry of baseline?.absent ?? []) {
    const index = ruleIndex.get(entry.ruleId);
    const uri = relative(root, resolve(baseline!.dir, entry.path)).split(sep).join('/');
    sarifResults.push({
      ruleId: entry.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      kind: 'pass',
      level: 'none',
      message: { text: 'In the baseline, no longer found.' },
      locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } }],
      partialFingerprints: { 'cellguardFingerprint/v2': entry.fingerprint },
      baselineState: 'absent',
    });
  }

  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Cellguard',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': { uri: pathToFileURL(root.endsWith(sep) ? root : root + sep).href },
        },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            toolExecutionNotifications: notifications,
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: RESULTS_SLOT as unknown as Result[],
        properties: reportProperties(meta, cwd),
      },
    ],
  };
  const text = JSON.stringify(log, null, 2);
  const slot = text.indexOf(JSON.stringify(RESULTS_SLOT));
  yield jsonSafe(`${text.slice(0, slot)}[`);
  let chunk = '';
  for (const [i, result] of sarifResults.entries()) {
    chunk += `${i === 0 ? '' : ','}\n        ${JSON.stringify(result)}`;
    if (chunk.length > 1 << 20) {
      yield jsonSafe(chunk);
      chunk = '';
    }
  }
  yield jsonSafe(`${chunk}${sarifResults.length ? '\n      ' : ''}]`);
  yield jsonSafe(`${text.slice(slot + JSON.stringify(RESULTS_SLOT).length)}\n`);
}
