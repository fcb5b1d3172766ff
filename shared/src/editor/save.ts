/**
 * What a save must do under each `onSave` policy — the same in VS Code and JupyterLab.
 */
import type { Category, Edit, Finding } from '../model/finding.js';
import { outputEdits } from './actions.js';

/** `onSave` policies, in the core's vocabulary (VS Code's setting names map onto these). */
export type SavePolicy = 'warn' | 'redact' | 'clear' | 'off';

export const SAVE_POLICIES: readonly SavePolicy[] = ['warn', 'redact', 'clear', 'off'];

/** The categories a save warns about: what the saved file would leak when committed. */
const LEAKS: ReadonlySet<Category> = new Set<Category>(['secret', 'sensitive-output']);

export interface SaveDecision {
  readonly policy: SavePolicy;
  /**
   * Findings the user must be told about after this save: under `warn` every secret and
   * sensitive output; under `redact` / `clear` what the edits cannot fix (secrets in code).
   */
  readonly warn: readonly Finding[];
  /** Edits to apply before writing (`redact` / `clear`); empty otherwise. */
  readonly edits: readonly Edit[];
  /** Output findings the edits remove. */
  readonly fixed: readonly Finding[];
  /** "2 secrets, 3 sensitive values in outputs" — for a dialog or a status message. */
  readonly summary: string;
}

/** Decide what a save does with the current findings of a notebook. */
export function saveCheck(findings: readonly Finding[], policy: SavePolicy): SaveDecision {
  const leaking = findings.filter((f) => LEAKS.has(f.category));
  if (policy === 'off') return { policy, warn: [], edits: [], fixed: [], summary: '' };
  if (policy === 'warn')
    return { policy, warn: leaking, edits: [], fixed: [], summary: describeFindings(leaking) };
  const fixed = leaking.filter((f) => f.location.kind === 'output');
  const rest = leaking.filter((f) => f.location.kind !== 'output');
  return {
    policy,
    warn: rest,
    edits: outputEdits(fixed, policy),
    fixed,
    summary: describeFindings(rest),
  };
}

const NOUNS: Record<Category, [string, string]> = {
  secret: ['secret', 'secrets'],
  'sensitive-output': ['sensitive value in outputs', 'sensitive values in outputs'],
  'unsafe-load': ['unsafe load', 'unsafe loads'],
};

/** A plain count by category: "1 secret, 3 sensitive values in outputs". */
export function describeFindings(findings: readonly Finding[]): string {
  const counts = new Map<Category, number>();
  for (const f of findings) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  return (['secret', 'sensitive-output', 'unsafe-load'] as const)
    .filter((c) => counts.has(c))
    .map((c) => {
      const n = counts.get(c)!;
      return `${n} ${NOUNS[c][n === 1 ? 0 : 1]}`;
    })
    .join(', ');
}
