/**
 * `cellguard fix [PATHS…]`: apply every `safe` fix (and, with `--redact-outputs`, redact sensitive
 * outputs) to files in place, through the core's `planSafeFixes` + `applyFixPlan` — the edits the
 * editors apply, not a second implementation. Bytes outside the edited spans are unchanged; a
 * file is replaced atomically (temporary file + rename), so a failure never leaves half a file.
 * `--dry-run` writes nothing and prints a unified diff in which every secret is masked.
 */
import { chmodSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Analyzer } from '../engine/analyze.js';
import { maskSecret } from '../engine/mask.js';
import { applyFixPlan, planSafeFixes, type PlannedFix } from '../editor/notebook-fix.js';
import type { Finding } from '../model/finding.js';
import type { NotebookDoc } from '../model/notebook.js';
import type { EnvironmentCache } from './environment.js';
import { readText } from './files.js';
import { findingWhere } from './format-text.js';
import type { ModelFileCache } from './model-files.js';
import { analyzeText, textKindOf, type FileResult, type LocatedFinding } from './scan.js';

/** What `fix` did (or, with `--dry-run`, would do) to one file. */
export interface FileFixResult {
  readonly path: string;
  readonly kind: FileResult['kind'];
  /** True when the file's text changed (was written, or would be with `--dry-run`). */
  readonly changed: boolean;
  readonly fixed: readonly PlannedFix[];
  /** Findings still there after the fixes (from a scan of the new text). */
  readonly remaining: readonly LocatedFinding[];
  /** The unified diff, secrets masked (only with `--dry-run`). */
  readonly diff?: string;
  readonly error?: string;
}

export interface FixOptions {
  readonly redactOutputs: boolean;
  readonly dryRun: boolean;
  /** Directory paths in diffs are relative to. */
  readonly cwd: string;
}

type Encoding = 'utf8' | 'utf16le' | 'utf16be';

function encodingOf(bytes: Uint8Array): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  return 'utf8'; // a UTF-8 BOM stays in the decoded text, so it is written back as it was
}

function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return encoding === 'utf16le' ? le : le.swap16();
}

/** Replace `path` by `bytes` atomically, keeping its permissions. */
function replaceFile(path: string, bytes: Buffer): void {
  const temp = join(dirname(path), `.${basename(path)}.cellguard-${process.pid}.tmp`);
  try {
    writeFileSync(temp, bytes, { flag: 'wx' });
    chmodSync(temp, statSync(path).mode & 0o7777);
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was written
    }
    throw error;
  }
}

/** The value at a JSON path (metadata locations), or undefined. */
function atPath(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * The raw values of the secret and sensitive-output findings of `doc`, as they may appear in the
 * file: decoded and JSON-escaped. A diff is made of texts with these masked, so it never shows one.
 */
function sensitiveValues(doc: NotebookDoc, text: string, findings: readonly Finding[]): string[] {
  const values = new Set<string>();
  let json: unknown;
  for (const finding of findings) {
    if (finding.category === 'unsafe-load') continue;
    const { location } = finding;
    const cell = location.cellIndex === undefined ? undefined : doc.cells[location.cellIndex];
    let value: string | undefined;
    if (location.kind === 'source') value = cell?.source.slice(...location.range);
    else if (location.kind === 'output') {
      const output = cell?.outputs[location.outputIndex];
      value = output?.texts
        .find((t) => t.mimeType === location.mimeType)
        ?.text.slice(...location.range);
    } else {
      if (json === undefined) {
        try {
          json = JSON.parse(text.replace(/^\ufeff/, ''));
        } catch {
          json = null;
        }
      }
      const owner =
        location.cellIndex === undefined
          ? json
          : atPath(json, ['cells', String(location.cellIndex)]);
      const leaf = atPath(owner, location.path);
      if (typeof leaf === 'string') value = leaf.slice(...location.range);
    }
    if (!value) continue;
    values.add(value);
    values.add(JSON.stringify(value).slice(1, -1));
    for (const line of value.split('\n')) if (line.length >= 4) values.add(line);
  }
  return [...values].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
}

function maskValues(text: string, values: readonly string[]): string {
  let result = text;
  for (const value of values)
    if (result.includes(value)) result = result.split(value).join(maskSecret(value));
  return result;
}

/** Fix one file (see the module comment). Never throws: a failure is the result's `error`. */
export async function fixFile(
  analyzer: Analyzer,
  path: string,
  options: FixOptions,
  environments?: EnvironmentCache,
  models?: ModelFileCache,
): Promise<FileFixResult> {
  const kind = textKindOf(path);
  const failed = (error: unknown): FileFixResult => ({
    path,
    kind,
    changed: false,
    fixed: [],
    remaining: [],
    error: error instanceof Error ? error.message : String(error),
  });
  let before: string;
  let encoding: Encoding;
  try {
    encoding = encodingOf(readFileSync(path).subarray(0, 2));
    before = readText(path);
  } catch (error) {
    return failed(error);
  }
  const first = await analyzeText(analyzer, path, before, environments, models);
  if (first.result.error !== undefined || !first.doc) return failed(first.result.error);
  const plan = planSafeFixes(first.result.findings, { redactOutputs: options.redactOutputs });
  let after: string;
  try {
    after = applyFixPlan(before, kind, plan.edits);
  } catch (error) {
    return failed(error);
  }
  const changed = after !== before;
  const second = changed ? await analyzeText(analyzer, path, after, environments, models) : first;
  if (second.result.error !== undefined) {
    // A fix that breaks the file is never written.
    return failed(`the fixes would leave a file that cannot be parsed: ${second.result.error}`);
  }
  let diff: string | undefined;
  if (options.dryRun && changed) {
    const values = sensitiveValues(first.doc, before, first.result.findings);
    const name = relative(options.cwd, path).split(sep).join('/') || path;
    // jsdiff starts with an `Index:`-style rule of `=`; a unified diff starts at `---`.
    diff = createTwoFilesPatch(
      `a/${name}`,
      `b/${name}`,
      maskValues(before, values),
      maskValues(after, values),
      undefined,
      undefined,
      { context: 3 },
    ).replace(/^=+\n/, '');
  } else if (changed) {
    try {
      replaceFile(path, encode(after, encoding));
    } catch (error) {
      return failed(`cannot write: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    path,
    kind,
    changed,
    fixed: changed ? plan.fixed : [],
    remaining: second.result.findings,
    ...(diff !== undefined ? { diff } : {}),
  };
}

/** The text report of a fix run: per file what was fixed and what is left, then a summary. */
export function formatFixText(
  results: readonly FileFixResult[],
  cwd: string,
  dryRun: boolean,
): string {
  const lines: string[] = [];
  let fixed = 0;
  let left = 0;
  let changedFiles = 0;
  let failed = 0;
  for (const result of results) {
    const path = relative(cwd, result.path).split(sep).join('/') || result.path;
    if (result.error !== undefined) {
      failed++;
      lines.push('', path, `  error  could not be fixed: ${result.error}`);
      continue;
    }
    if (result.diff) lines.push('', result.diff.trimEnd());
    if (result.fixed.length === 0 && result.remaining.length === 0) continue;
    if (result.changed) changedFiles++;
    fixed += result.fixed.length;
    left += result.remaining.length;
    const file = { kind: result.kind };
    const rows = [
      ...result.fixed.map(
        (f) =>
          [
            findingWhere(file, f.finding),
            dryRun ? 'would fix' : 'fixed',
            f.title,
            f.finding.ruleId,
          ] as const,
      ),
      ...result.remaining.map((f) => [findingWhere(file, f), 'left', f.message, f.ruleId] as const),
    ];
    const width = Math.max(0, ...rows.map((r) => r[0].length));
    lines.push('', path);
    for (const [where, what, text, rule] of rows)
      lines.push(`  ${where.padEnd(width)}  ${what.padEnd(9)}  ${text}  ${rule}`);
  }
  const scanned = results.length - failed;
  const summary =
    fixed > 0
      ? `✖ ${dryRun ? 'would fix' : 'fixed'} ${fixed} finding(s) in ${changedFiles} file(s)` +
        `${dryRun ? '' : ' (re-stage the changed files)'}`
      : `✔ nothing to fix in ${scanned} file(s)`;
  lines.push(
    '',
    summary +
      (left > 0 ? `; ${left} finding(s) left that need a person (see cellguard scan)` : '') +
      (failed > 0 ? `; ${failed} file(s) could not be fixed` : ''),
  );
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}

/** The JSON report of a fix run (no values: messages are masked, diffs are masked). */
export function formatFixJson(
  results: readonly FileFixResult[],
  cwd: string,
  version: string,
  dryRun: boolean,
): string {
  return `${JSON.stringify(
    {
      version,
      dryRun,
      files: results.map((r) => ({
        path: relative(cwd, r.path).split(sep).join('/') || r.path,
        kind: r.kind,
        changed: r.changed,
        fixed: r.fixed.map((f) => ({
          ruleId: f.finding.ruleId,
          title: f.title,
          location: f.finding.location,
          fingerprint: f.finding.fingerprint,
        })),
        remaining: r.remaining.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          location: f.location,
          fingerprint: f.fingerprint,
        })),
        ...(r.diff !== undefined ? { diff: r.diff } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
      })),
    },
    null,
    2,
  )}\n`;
}
