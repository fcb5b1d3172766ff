/**
 * What both editors offer for a finding, and which edits a bulk Redact or Clear applies — decided
 * here once, so VS Code, JupyterLab and the CLI agree (STYLE.md habits 15 and 16).
 */
import type { Edit, Finding, Fix, Location, Range, RedactOutputEdit } from '../model/finding.js';
import type { Cell } from '../model/notebook.js';
import { suppressCellFix, suppressLineFix } from '../engine/suppress.js';
import { redactionLabel } from './redact.js';

/** Marks a fix that may change what the program does (applied only on the user's click). */
export const UNSAFE_MARK = '(may change behaviour)';

/** The title an editor shows for a fix: unsafe fixes carry `UNSAFE_MARK`. */
export function fixLabel(fix: Fix): string {
  return fix.applicability === 'unsafe' ? `${fix.title} ${UNSAFE_MARK}` : fix.title;
}

/**
 * The one "Clear this output" fix. Unsafe: it drops the whole output, which may be a result the
 * user cannot reproduce (a long training run), so it is never applied without a click.
 */
export function clearOutputFix(cellIndex: number, outputIndex: number): Fix {
  return {
    title: 'Clear this output',
    edits: [{ kind: 'clear-output', cellIndex, outputIndex }],
    applicability: 'unsafe',
  };
}

/** "Clear all outputs of this cell": unsafe for the same reason. */
export function clearCellOutputsFix(cellIndex: number): Fix {
  return {
    title: 'Clear all outputs of this cell',
    edits: [{ kind: 'clear-cell-outputs', cellIndex }],
    applicability: 'unsafe',
  };
}

/**
 * The redact edits of one output finding: its own span plus every span its rule's redact fix
 * names, labelled `[REDACTED:<rule-id>]`. Applied through `redactOutput`, which removes the
 * values from every representation of the output.
 */
function redactEditsOf(
  ruleId: string,
  location: Extract<Location, { kind: 'output' }>,
  fixes: readonly Fix[],
): RedactOutputEdit[] {
  const label = redactionLabel(ruleId);
  const byMime = new Map<string, Range[]>([[location.mimeType, [location.range]]]);
  for (const fix of fixes)
    for (const edit of fix.edits) {
      if (edit.kind !== 'redact-output' || edit.outputIndex !== location.outputIndex) continue;
      const list = byMime.get(edit.mimeType) ?? [];
      list.push(...edit.replacements.map((r) => r.range));
      byMime.set(edit.mimeType, list);
    }
  return [...byMime].map(([mimeType, ranges]) => ({
    kind: 'redact-output',
    cellIndex: location.cellIndex,
    outputIndex: location.outputIndex,
    mimeType,
    replacements: dedupeRanges(ranges).map((range) => ({ range, text: label })),
  }));
}

function dedupeRanges(ranges: readonly Range[]): Range[] {
  const seen = new Set<string>();
  return [...ranges]
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .filter((r) => {
      const key = `${r[0]}:${r[1]}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * The fixes a finding carries, made uniform: for an output finding, one Redact (safe, preferred)
 * covering every representation, then the one Clear fix and Clear-all, whatever the rule built;
 * for a source finding, the rule's own fixes with the preferred one first. The analyzer calls
 * this for every finding, so the CLI's JSON and both editors see the same fixes.
 */
export function normaliseFixes(ruleId: string, location: Location, fixes: readonly Fix[]): Fix[] {
  // Fixes edit a cell's source or outputs; none applies to metadata.
  if (location.kind === 'metadata') return [];
  if (location.kind === 'source')
    return [...fixes].sort((a, b) => Number(b.preferred === true) - Number(a.preferred === true));
  const own = fixes.find((f) => f.edits.some((e) => e.kind === 'redact-output'));
  const title = own?.title ?? 'Redact the value in this output';
  return [
    {
      title,
      edits: redactEditsOf(ruleId, location, fixes),
      applicability: 'safe',
      preferred: true,
    },
    clearOutputFix(location.cellIndex, location.outputIndex),
    clearCellOutputsFix(location.cellIndex),
  ];
}

/** One entry of a finding's action menu, in the order editors show them. */
export type FindingAction =
  | {
      readonly kind: 'fix';
      readonly fix: Fix;
      /** `fix.title`, with `UNSAFE_MARK` when unsafe. */
      readonly label: string;
    }
  | { readonly kind: 'suppress-line' | 'suppress-cell'; readonly fix: Fix; readonly label: string }
  | { readonly kind: 'docs'; readonly url: string; readonly label: string };

/**
 * The ordered menu for a finding: its fixes (preferred first), "Suppress on this line" (source
 * findings), "Suppress in this cell", and the rule's documentation. `cell` is the cell the finding
 * was computed on (the suppression fixes need its text and metadata).
 */
export function actionsFor(finding: Finding, cell: Cell): FindingAction[] {
  const { location } = finding;
  const actions: FindingAction[] = normaliseFixes(finding.ruleId, location, finding.fixes).map(
    (fix) => ({ kind: 'fix', fix, label: fixLabel(fix) }),
  );
  if (location.kind === 'source') {
    const language = cell.kind === 'markdown' ? 'markdown' : 'python';
    const fix = suppressLineFix(
      cell,
      location.cellIndex,
      finding.ruleId,
      location.range[0],
      language,
    );
    actions.push({ kind: 'suppress-line', fix, label: fix.title });
  }
  if (location.cellIndex !== undefined) {
    const inCell = suppressCellFix(cell, location.cellIndex, finding.ruleId);
    actions.push({ kind: 'suppress-cell', fix: inCell, label: inCell.title });
  }
  actions.push({
    kind: 'docs',
    url: finding.docsUrl,
    label: `Show documentation for ${finding.ruleId}`,
  });
  return actions;
}

/** What a bulk output action does. */
export type OutputAction = 'redact' | 'clear';

/**
 * The edits of a bulk Redact or Clear over `findings` (only output findings count): one
 * `redact-output` edit per representation with every span of every finding on it (overlaps are
 * merged when applied), or one `clear-output` per output holding a finding.
 */
export function outputEdits(findings: readonly Finding[], action: OutputAction): Edit[] {
  if (action === 'clear') {
    const seen = new Set<string>();
    const edits: Edit[] = [];
    for (const f of findings) {
      if (f.location.kind !== 'output') continue;
      const key = `${f.location.cellIndex}:${f.location.outputIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edits.push({
        kind: 'clear-output',
        cellIndex: f.location.cellIndex,
        outputIndex: f.location.outputIndex,
      });
    }
    return edits;
  }
  const merged = new Map<string, RedactOutputEdit>();
  for (const f of findings) {
    if (f.location.kind !== 'output') continue;
    for (const edit of redactEditsOf(f.ruleId, f.location, f.fixes)) {
      const key = `${edit.cellIndex}\u0000${edit.outputIndex}\u0000${edit.mimeType}`;
      const existing = merged.get(key);
      merged.set(
        key,
        existing
          ? { ...existing, replacements: [...existing.replacements, ...edit.replacements] }
          : edit,
      );
    }
  }
  return [...merged.values()].sort(
    (a, b) => a.cellIndex - b.cellIndex || a.outputIndex - b.outputIndex,
  );
}

/** Output findings, grouped by cell then output index (ascending). */
export function outputsWithFindings(
  findings: readonly Finding[],
): { cellIndex: number; outputIndex: number; findings: Finding[] }[] {
  const groups = new Map<string, { cellIndex: number; outputIndex: number; findings: Finding[] }>();
  for (const f of findings) {
    if (f.location.kind !== 'output') continue;
    const key = `${f.location.cellIndex}:${f.location.outputIndex}`;
    const group = groups.get(key) ?? {
      cellIndex: f.location.cellIndex,
      outputIndex: f.location.outputIndex,
      findings: [],
    };
    group.findings.push(f);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => a.cellIndex - b.cellIndex || a.outputIndex - b.outputIndex,
  );
}

/** Words spelled in capitals when a rule id is read as a plain name. */
const ACRONYMS: Readonly<Record<string, string>> = {
  api: 'API',
  aws: 'AWS',
  iban: 'IBAN',
  ssn: 'SSN',
  url: 'URL',
  openai: 'OpenAI',
};

/**
 * What a finding of `ruleId` is, in plain words, for badges and summaries:
 * `email-address-in-output` → "email address", `openai-api-key` → "OpenAI API key".
 */
export function plainRuleName(ruleId: string): string {
  return ruleId
    .replace(/-in-outputs?$/, '')
    .split('-')
    .map((word) => ACRONYMS[word] ?? word)
    .join(' ');
}

/**
 * A short summary of one output's findings, in plain words and by count, most frequent first:
 * "email address ×2, private key". Rule ids stay in tooltips and the findings list.
 */
export function outputSummary(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const name = plainRuleName(f.ruleId);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => (n > 1 ? `${name} ×${n}` : name))
    .join(', ');
}
