/**
 * What a requirement says about one security threshold: does every version it admits sit below
 * the fixed version, at or above it, or both? Bounds come from `@renovatebot/pep440`'s specifier
 * parser and comparisons; nothing is parsed by hand.
 *
 * The thresholds the unsafe-load rules use, each with its source:
 * - PyTorch 2.6.0 made `weights_only=True` the default of `torch.load` (release notes, "BC
 *   breaking: torch.load default weights_only flipped to True").
 * - CVE-2025-32434 / GHSA-53q9-r3pm-6pq6: `torch.load(weights_only=True)` still runs code on
 *   PyTorch ≤ 2.5.1; fixed in 2.6.0.
 * - CVE-2025-1550 / GHSA-48g7-3x6r-xfhp: Keras `Model.load_model` runs code from a crafted
 *   `.keras` archive even with `safe_mode=True` on Keras 3.0.0 – 3.8.x; fixed in 3.9.0.
 */
import { ge, gt, le, lt } from '@renovatebot/pep440';
import { parse as parseSpecifier } from '@renovatebot/pep440/lib/specifier.js';
import type { PythonEnvironment } from './environment.js';
import type { Requirement } from './requirement.js';

export type VersionRelation =
  /** No version given: the environment does not say. */
  | 'unknown'
  /** Every admitted version is below the threshold. */
  | 'below'
  /** Every admitted version is at or above it. */
  | 'at-or-above'
  /** The range admits versions on both sides. */
  | 'both';

interface Bound {
  readonly version: string;
  readonly inclusive: boolean;
}

function safe<T>(compute: () => T, fallback: T): T {
  try {
    return compute();
  } catch {
    return fallback;
  }
}

/** `2.5` with `.*` → the first version after the prefix: `2.6`. */
function bumpLast(release: readonly number[]): string {
  const next = [...release];
  next[next.length - 1] = next[next.length - 1]! + 1;
  return next.join('.');
}

/** Lower and upper bounds of a PEP 440 specifier (`==2.5.*` → [2.5, 2.6)). */
export function specifierBounds(specifier: string): { lower?: Bound; upper?: Bound } {
  const constraints = safe(() => parseSpecifier(specifier), null) ?? [];
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  const raise = (bound: Bound): void => {
    if (!lower || safe(() => gt(bound.version, lower!.version), false)) lower = bound;
  };
  const cap = (bound: Bound): void => {
    if (!upper || safe(() => lt(bound.version, upper!.version), false)) upper = bound;
  };
  for (const c of constraints) {
    const release = (c as { release?: number[] }).release ?? [];
    switch (c.operator) {
      case '==':
      case '===':
        raise({ version: c.version, inclusive: true });
        if (c.prefix) cap({ version: bumpLast(release), inclusive: false });
        else cap({ version: c.version, inclusive: true });
        break;
      case '>=':
        raise({ version: c.version, inclusive: true });
        break;
      case '>':
        raise({ version: c.version, inclusive: false });
        break;
      case '<=':
        cap({ version: c.version, inclusive: true });
        break;
      case '<':
        cap({ version: c.version, inclusive: false });
        break;
      case '~=':
        // ~=2.5 → >=2.5,<3; ~=2.5.1 → >=2.5.1,<2.6.
        raise({ version: c.version, inclusive: true });
        if (release.length >= 2) cap({ version: bumpLast(release.slice(0, -1)), inclusive: false });
        break;
      default:
        break; // `!=` excludes one version and moves no bound.
    }
  }
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

/** Where a requirement's admitted versions sit relative to `threshold` (the first fixed version). */
export function relationTo(
  requirement: Requirement | undefined,
  threshold: string,
): VersionRelation {
  if (!requirement || requirement.specifier === '') return 'unknown';
  const { lower, upper } = specifierBounds(requirement.specifier);
  if (!lower && !upper) return 'unknown';
  if (lower && safe(() => ge(lower.version, threshold), false)) return 'at-or-above';
  if (
    upper &&
    safe(
      () => (upper.inclusive ? lt(upper.version, threshold) : le(upper.version, threshold)),
      false,
    )
  )
    return 'below';
  return 'both';
}

/** A requirement as a message shows it: `torch==2.5.1 (requirements.txt line 3)`. */
export function describeRequirement(requirement: Requirement): string {
  const where = requirement.source.line
    ? `${requirement.source.file} line ${requirement.source.line}`
    : requirement.source.file;
  return `\`${requirement.name}${requirement.specifier}\` (${where})`;
}

/** The requirement for a package, by PyPI name. */
export function requirementFor(
  environment: PythonEnvironment,
  name: string,
): Requirement | undefined {
  return environment.requirements.get(name);
}
