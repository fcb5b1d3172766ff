/**
 * Inline and cell-level suppressions.
 * - `# cellguard: ignore[rule-a, rule-b]` (or `<!-- cellguard: ignore[…] -->` in markdown) on the
 *   finding's line or the line above; without `[…]` it silences every rule there.
 * - Cell metadata `{"cellguard": {"ignore": ["rule-a"] | true, "reason": "…"}}` silences the cell,
 *   its outputs included.
 */
import type { Fix } from '../model/finding.js';
import type { Cell } from '../model/notebook.js';
import { LineIndex } from './offsets.js';

const DIRECTIVE = /cellguard:\s{0,8}ignore(?:\[([\w\s,.-]{0,500})\])?/g;

/** Rule ids a line suppresses: `'all'`, a set of ids, or undefined for none. */
function directiveOn(line: string): 'all' | Set<string> | undefined {
  if (!line.includes('cellguard')) return undefined;
  let result: Set<string> | undefined;
  for (const match of line.matchAll(DIRECTIVE)) {
    if (match[1] === undefined) return 'all';
    result ??= new Set();
    for (const id of match[1].split(',')) if (id.trim()) result.add(id.trim());
  }
  return result;
}

/** Suppressions of one cell source, looked up by offset. Built once per analysed cell. */
export class LineSuppressions {
  private readonly index: LineIndex | undefined;
  private readonly byLine = new Map<number, 'all' | Set<string>>();

  constructor(source: string) {
    if (!source.includes('cellguard')) return;
    this.index = new LineIndex(source);
    for (let line = 0; line < this.index.lineCount; line++) {
      const [from, to] = this.index.lineRange(line);
      const directive = directiveOn(source.slice(from, to));
      if (directive) this.byLine.set(line, directive);
    }
  }

  /** Is `ruleId` silenced at `offset` (its line or the line above)? */
  suppresses(ruleId: string, offset: number): boolean {
    if (!this.index) return false;
    const line = this.index.positionAt(offset).line;
    for (const candidate of [line, line - 1]) {
      const directive = this.byLine.get(candidate);
      if (directive === 'all' || directive?.has(ruleId)) return true;
    }
    return false;
  }
}

export function cellSuppresses(cell: Cell, ruleId: string): boolean {
  const ignore = cell.suppression?.ignore;
  if (ignore === undefined) return false;
  return ignore === true || ignore.includes(ruleId);
}

/** The "Suppress on this line" fix for a source finding. */
export function suppressLineFix(
  cell: Cell,
  cellIndex: number,
  ruleId: string,
  offset: number,
  language: 'python' | 'markdown' = 'python',
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
  const comment =
    language === 'markdown'
      ? ` <!-- cellguard: ignore[${ruleId}] -->`
      : `  # cellguard: ignore[${ruleId}]`;
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
        },
      },
    ],
    applicability: 'safe',
  };
}
