/**
 * Inline and cell-level suppressions, with a reason and an expiry.
 * - `# cellguard: ignore[rule-a, rule-b] until=2027-03-01 -- reason` (or
 *   `<!-- cellguard: ignore[…] until=… -- reason -->` in markdown) on the finding's line or the
 *   line above; without `[…]` it silences every rule there. `until=` and `-- reason` are optional.
 * - Cell metadata `{"cellguard": {"ignore": ["rule-a"] | true, "reason": "…", "until": "…"}}`
 *   silences the cell, its outputs included.
 * A suppression past its `until` day, with an `until` that is not a date, or — when the config
 * sets `requireReason` — without a reason does not suppress, and the analyzer says so in a notice.
 * "Today" comes from one place: `AnalyzerOptions.today`, else `todayUtc()`.
 */
import type { Fix } from '../model/finding.js';
import type { Cell, NotebookDoc } from '../model/notebook.js';
import { LineIndex } from './offsets.js';

const DIRECTIVE = /cellguard:\s{0,8}ignore(?:\[([\w\s,.-]{0,500})\])?/g;

/** One suppression as written, wherever it is. */
export interface Suppression {
  /** `comment` (`# …` in code), `markdown` (`<!-- … -->`), or the cell's metadata. */
  readonly form: 'comment' | 'markdown' | 'cell-metadata';
  readonly cellIndex: number;
  /** 0-based line in the cell source (comment and markdown forms). */
  readonly line?: number;
  /** The rule ids it names, or `'all'`. */
  readonly rules: 'all' | readonly string[];
  readonly reason?: string;
  /** As written after `until=` (validated by `suppressionStatus`). */
  readonly until?: string;
}

/** What decides whether a suppression applies beyond its rules and place. */
export interface SuppressionPolicy {
  /** `YYYY-MM-DD`: a suppression whose `until` is before it has expired. */
  readonly today: string;
  readonly requireReason: boolean;
}

export type SuppressionStatus = 'active' | 'expired' | 'bad-date' | 'no-reason';

/** Today's date in UTC as `YYYY-MM-DD`: the only place suppressions read the clock. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Does `suppression` apply under `policy`? (`until` is the last day it applies.) */
export function suppressionStatus(
  suppression: Suppression,
  policy: SuppressionPolicy,
): SuppressionStatus {
  if (suppression.until !== undefined) {
    if (!isIsoDate(suppression.until)) return 'bad-date';
    if (suppression.until < policy.today) return 'expired';
  }
  if (policy.requireReason && !suppression.reason) return 'no-reason';
  return 'active';
}

/** What a notice says about a suppression that does not apply. */
export function suppressionProblem(suppression: Suppression, status: SuppressionStatus): string {
  const what = suppression.rules === 'all' ? 'every rule' : suppression.rules.join(', ');
  const where =
    suppression.form === 'cell-metadata'
      ? `the cell's suppression (metadata "cellguard") of ${what}`
      : `the suppression of ${what} on line ${(suppression.line ?? 0) + 1}`;
  switch (status) {
    case 'expired':
      return `${where} expired on ${suppression.until}; it no longer suppresses`;
    case 'bad-date':
      return `${where} has until=${JSON.stringify(suppression.until?.slice(0, 40))}, which is not a date (YYYY-MM-DD); it does not suppress`;
    case 'no-reason':
      return `${where} gives no reason and the config sets requireReason; it does not suppress (add "-- why")`;
    default:
      return `${where} applies`;
  }
}

/** `until=` and `-- reason` after a directive (up to `-->` in markdown). */
function trailer(rest: string): { until?: string; reason?: string } {
  let text = rest;
  const close = text.indexOf('-->');
  if (close >= 0) text = text.slice(0, close);
  const next = text.indexOf('cellguard:');
  if (next >= 0) text = text.slice(0, next);
  let until: string | undefined;
  const u = /^\s{0,8}until=(\S{0,40})/.exec(text);
  if (u) {
    until = u[1]!;
    text = text.slice(u[0].length);
  }
  const sep = /^\s{0,8}--(?!>)/.exec(text);
  const reason = sep ? text.slice(sep[0].length).trim() : undefined;
  return { ...(until !== undefined ? { until } : {}), ...(reason ? { reason } : {}) };
}

/** The suppressions one line of source holds. */
function directivesOn(line: string, cellIndex: number, lineNumber: number): Suppression[] {
  if (!line.includes('cellguard')) return [];
  const found: Suppression[] = [];
  for (const match of line.matchAll(DIRECTIVE)) {
    const rules =
      match[1] === undefined
        ? ('all' as const)
        : match[1]
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean);
    const before = line.slice(0, match.index);
    found.push({
      form: before.includes('<!--') ? 'markdown' : 'comment',
      cellIndex,
      line: lineNumber,
      rules,
      ...trailer(line.slice(match.index + match[0].length)),
    });
  }
  return found;
}

/** Every suppression of one cell: its source lines', then its metadata's. */
export function cellSuppressionList(cell: Cell, cellIndex: number): Suppression[] {
  const list: Suppression[] = [];
  if (cell.source.includes('cellguard')) {
    const index = new LineIndex(cell.source);
    for (let line = 0; line < index.lineCount; line++) {
      const [from, to] = index.lineRange(line);
      list.push(...directivesOn(cell.source.slice(from, to), cellIndex, line));
    }
  }
  const meta = cell.suppression;
  if (meta) {
    list.push({
      form: 'cell-metadata',
      cellIndex,
      rules: meta.ignore === true ? 'all' : meta.ignore,
      ...(meta.reason ? { reason: meta.reason } : {}),
      ...(meta.until !== undefined ? { until: meta.until } : {}),
    });
  }
  return list;
}

/** Every suppression of a notebook (or `.py` file), in cell and line order, for review. */
export function notebookSuppressions(doc: NotebookDoc): Suppression[] {
  return doc.cells.flatMap((cell, index) => cellSuppressionList(cell, index));
}

const ALWAYS: SuppressionPolicy = { today: '0000-01-01', requireReason: false };

function names(suppression: Suppression, ruleId: string): boolean {
  return suppression.rules === 'all' || suppression.rules.includes(ruleId);
}

/** Suppressions of one cell source, looked up by offset. Built once per analysed cell. */
export class LineSuppressions {
  private readonly index: LineIndex | undefined;
  private readonly byLine = new Map<number, Suppression[]>();
  /** The directives that do not apply under the policy, with why. */
  readonly problems: { suppression: Suppression; status: SuppressionStatus }[] = [];

  constructor(source: string, cellIndex = 0, policy: SuppressionPolicy = ALWAYS) {
    if (!source.includes('cellguard')) return;
    this.index = new LineIndex(source);
    for (let line = 0; line < this.index.lineCount; line++) {
      const [from, to] = this.index.lineRange(line);
      for (const suppression of directivesOn(source.slice(from, to), cellIndex, line)) {
        const status = suppressionStatus(suppression, policy);
        if (status !== 'active') {
          this.problems.push({ suppression, status });
          continue;
        }
        this.byLine.set(line, [...(this.byLine.get(line) ?? []), suppression]);
      }
    }
  }

  /** Is `ruleId` silenced at `offset` (its line or the line above)? */
  suppresses(ruleId: string, offset: number): boolean {
    if (!this.index) return false;
    const line = this.index.positionAt(offset).line;
    for (const candidate of [line, line - 1])
      if (this.byLine.get(candidate)?.some((s) => names(s, ruleId))) return true;
    return false;
  }
}

/** Does the cell's metadata suppression silence `ruleId` under `policy`? */
export function cellSuppresses(
  cell: Cell,
  ruleId: string,
  policy: SuppressionPolicy = ALWAYS,
): boolean {
  const meta = cell.suppression;
  if (meta === undefined) return false;
  if (meta.ignore !== true && !meta.ignore.includes(ruleId)) return false;
  const [suppression] = cellSuppressionList({ ...cell, source: '' }, 0);
  return suppression !== undefined && suppressionStatus(suppression, policy) === 'active';
}

/** The "Suppress on this line" fix for a source finding. */
export function suppressLineFix(
  cell: Cell,
  cellIndex: number,
  ruleId: string,
  offset: number,
  language: 'python' | 'markdown' = 'python',
  reason?: string,
): Fix {
  const index = new LineIndex(cell.source);
  const { line } = index.positionAt(offset);
  const [from, to] = index.lineRange(line);
  const text = cell.source.slice(from, to);
  const existing = /cellguard:\s{0,8}ignore\[[\w\s,.-]{0,500}\]/.exec(text);
  if (existing) {
    const at = from + existing.index + existing[0].length - 1;
    return {
      title: `Suppress ${ruleId} on this line`,
      edits: [{ kind: 'source', cellIndex, range: [at, at], text: `, ${ruleId}` }],
      applicability: 'safe',
    };
  }
  // A reason is one line: a newline in it would end the comment and put the rest in the code.
  const why = reason?.replace(/\s+/g, ' ').trim();
  const tail = why ? ` -- ${language === 'markdown' ? why.replace(/-->/g, '->') : why}` : '';
  const comment =
    language === 'markdown'
      ? ` <!-- cellguard: ignore[${ruleId}]${tail} -->`
      : `  # cellguard: ignore[${ruleId}]${tail}`;
  return {
    title: `Suppress ${ruleId} on this line`,
    edits: [{ kind: 'source', cellIndex, range: [to, to], text: comment }],
    applicability: 'safe',
  };
}

/** The "Suppress in this cell" fix: adds the rule to the cell's metadata. */
export function suppressCellFix(
  cell: Cell,
  cellIndex: number,
  ruleId: string,
  reason?: string,
): Fix {
  const current = cell.suppression?.ignore;
  const ids = current === true ? true : [...new Set([...(current ?? []), ruleId])].sort();
  return {
    title: `Suppress ${ruleId} in this cell`,
    edits: [
      {
        kind: 'cell-metadata',
        cellIndex,
        key: 'cellguard',
        value: {
          ignore: ids,
          ...((reason ?? cell.suppression?.reason)
            ? { reason: reason ?? cell.suppression?.reason }
            : {}),
          ...(cell.suppression?.until !== undefined ? { until: cell.suppression.until } : {}),
        },
      },
    ],
    applicability: 'safe',
  };
}
