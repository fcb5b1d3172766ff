/**
 * Baselines: `cellguard scan --write-baseline FILE` records today's findings, `--baseline FILE`
 * reports only the ones that are not in it, so CI on an existing repository fails on new findings
 * only. An entry is the file's path (relative to the baseline's folder), the rule id and
 * `finding.fingerprint` — the finding's content fingerprint, never a line or a cell index — so
 * moving, inserting or re-running cells does not bring a finding back. The file holds digests
 * only: no value, no masked value, no message.
 */
import { dirname, relative, sep } from 'node:path';
import type { FileResult } from './scan.js';

export const BASELINE_VERSION = 1;

/** One accepted finding. */
export interface BaselineEntry {
  readonly path: string;
  readonly ruleId: string;
  readonly fingerprint: string;
}

export interface Baseline {
  /** The folder entry paths are relative to (the baseline file's folder). */
  readonly dir: string;
  readonly entries: readonly BaselineEntry[];
}

export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** `new`: not in the baseline; `unchanged`: in it (SARIF `baselineState` names). */
export type BaselineState = 'new' | 'unchanged';

const keyOf = (entry: BaselineEntry): string =>
  `${entry.path}\u0000${entry.ruleId}\u0000${entry.fingerprint}`;

function relativePath(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/');
}

/** Parse a baseline file's text; `path` (absolute) is where it was read from. Throws `BaselineError`. */
export function parseBaseline(text: string, path: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(
      `${path}: invalid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const record = raw as { tool?: unknown; baselineVersion?: unknown; findings?: unknown };
  if (typeof raw !== 'object' || raw === null || record.tool !== 'cellguard')
    throw new BaselineError(`${path}: not a Cellguard baseline (no "tool": "cellguard")`);
  if (record.baselineVersion !== BASELINE_VERSION)
    throw new BaselineError(
      `${path}: baselineVersion ${String(record.baselineVersion)} is not supported (expected ${BASELINE_VERSION}); write a new one with --write-baseline`,
    );
  if (!Array.isArray(record.findings))
    throw new BaselineError(`${path}: "findings" must be a list`);
  const entries = record.findings.map((item: unknown, index): BaselineEntry => {
    const entry = item as Partial<Record<keyof BaselineEntry, unknown>>;
    if (
      typeof item !== 'object' ||
      item === null ||
      typeof entry.path !== 'string' ||
      typeof entry.ruleId !== 'string' ||
      typeof entry.fingerprint !== 'string'
    )
      throw new BaselineError(
        `${path}: findings[${index}] needs string "path", "ruleId" and "fingerprint"`,
      );
    return { path: entry.path, ruleId: entry.ruleId, fingerprint: entry.fingerprint };
  });
  return { dir: dirname(path), entries };
}

/** The text of a baseline accepting every finding of `results`, for a file at (absolute) `path`. */
export function formatBaseline(results: readonly FileResult[], path: string): string {
  const dir = dirname(path);
  const findings: BaselineEntry[] = [];
  for (const result of results)
    for (const finding of result.findings)
      findings.push({
        path: relativePath(dir, result.path),
        ruleId: finding.ruleId,
        fingerprint: finding.fingerprint,
      });
  findings.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  return `${JSON.stringify({ tool: 'cellguard', baselineVersion: BASELINE_VERSION, findings }, null, 2)}\n`;
}

/** A scan's results split by a baseline. */
export interface BaselineSplit {
  /** The results with only the findings that are not in the baseline. */
  readonly fresh: FileResult[];
  /** Findings that are in the baseline, per file. */
  readonly unchanged: FileResult[];
  /** Baseline entries no finding matched any more (fixed, or the file is gone). */
  readonly absent: BaselineEntry[];
  readonly unchangedCount: number;
}

/**
 * Split findings into new and baselined. Entries are counted: a baseline with one entry for a
 * fingerprint absorbs one finding with it, so a second copy of an accepted secret is new.
 */
export function applyBaseline(results: readonly FileResult[], baseline: Baseline): BaselineSplit {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.entries) {
    const list = remaining.get(keyOf(entry)) ?? [];
    list.push(entry);
    remaining.set(keyOf(entry), list);
  }
  const fresh: FileResult[] = [];
  const unchanged: FileResult[] = [];
  let unchangedCount = 0;
  for (const result of results) {
    const path = relativePath(baseline.dir, result.path);
    const kept: FileResult['findings'][number][] = [];
    const known: FileResult['findings'][number][] = [];
    for (const finding of result.findings) {
      const list = remaining.get(
        keyOf({ path, ruleId: finding.ruleId, fingerprint: finding.fingerprint }),
      );
      if (list && list.length > 0) {
        list.pop();
        known.push(finding);
      } else kept.push(finding);
    }
    unchangedCount += known.length;
    fresh.push({ ...result, findings: kept });
    if (known.length > 0) unchanged.push({ ...result, findings: known });
  }
  const absent = [...remaining.values()].flat();
  return { fresh, unchanged, absent, unchangedCount };
}
