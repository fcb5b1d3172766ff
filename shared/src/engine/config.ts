/**
 * The workspace config file, `.cellguard.json`, shared by the CLI and both extensions. It is
 * data: parsed with JSON.parse and validated, never evaluated. Its JSON Schema is published at
 * `shared/schema/cellguard.schema.json`.
 */
import type { Category, Severity } from '../model/finding.js';
import { jsonErrorReason } from '../notebook/parse.js';

export const CONFIG_FILE_NAME = '.cellguard.json';

export type RuleSetting =
  'off' | Severity | { severity?: 'off' | Severity; options?: Record<string, unknown> };

export interface CellguardConfig {
  /** Turn whole families on or off. All are on by default. */
  categories?: Partial<Record<Category, boolean>>;
  /** Per rule: `off`, a severity, or `{severity, options}`. */
  rules?: Record<string, RuleSetting>;
  /** Values that are known not to be secrets, and regular expressions matched against a found value. */
  allowlist?: { values?: string[]; patterns?: string[] };
  /** Glob patterns (relative to the config's folder) of files never scanned. */
  exclude?: string[];
  /** A suppression without a reason (`-- why`, or `"reason"` in cell metadata) does not suppress. */
  requireReason?: boolean;
}

export interface ResolvedConfig {
  readonly categories: Readonly<Record<Category, boolean>>;
  readonly rules: Readonly<
    Record<string, { severity?: 'off' | Severity; options: Record<string, unknown> }>
  >;
  readonly allowValues: ReadonlySet<string>;
  readonly allowPatterns: readonly RegExp[];
  readonly exclude: readonly string[];
  /** See `CellguardConfig.requireReason` (default false). */
  readonly requireReason?: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const SEVERITIES = new Set(['off', 'error', 'warning', 'note']);
const CATEGORIES = new Set(['secret', 'sensitive-output', 'unsafe-load']);

function fail(where: string, what: string): never {
  throw new ConfigError(`${where}: ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    fail(where, 'must be a list of strings');
  return value as string[];
}

/** Validate a parsed config object and resolve defaults. Throws `ConfigError` with a path. */
export function resolveConfig(raw: unknown = {}, where = CONFIG_FILE_NAME): ResolvedConfig {
  if (!isRecord(raw)) fail(where, 'the top level must be an object');
  const known = new Set([
    '$schema',
    'categories',
    'rules',
    'allowlist',
    'exclude',
    'requireReason',
  ]);
  for (const key of Object.keys(raw)) if (!known.has(key)) fail(where, `unknown key "${key}"`);

  const categories: Record<Category, boolean> = {
    secret: true,
    'sensitive-output': true,
    'unsafe-load': true,
  };
  if (raw['categories'] !== undefined) {
    if (!isRecord(raw['categories'])) fail(`${where}: categories`, 'must be an object');
    for (const [key, value] of Object.entries(raw['categories'])) {
      if (!CATEGORIES.has(key)) fail(`${where}: categories`, `unknown category "${key}"`);
      if (typeof value !== 'boolean') fail(`${where}: categories.${key}`, 'must be true or false');
      categories[key as Category] = value;
    }
  }

  const rules: Record<string, { severity?: 'off' | Severity; options: Record<string, unknown> }> =
    {};
  if (raw['rules'] !== undefined) {
    if (!isRecord(raw['rules'])) fail(`${where}: rules`, 'must be an object');
    for (const [id, setting] of Object.entries(raw['rules'])) {
      if (typeof setting === 'string') {
        if (!SEVERITIES.has(setting))
          fail(`${where}: rules.${id}`, `must be one of off, error, warning, note`);
        rules[id] = { severity: setting as 'off' | Severity, options: {} };
      } else if (isRecord(setting)) {
        for (const key of Object.keys(setting)) {
          if (key !== 'severity' && key !== 'options')
            fail(`${where}: rules.${id}`, `unknown key "${key}"`);
        }
        const severity = setting['severity'];
        if (severity !== undefined && (typeof severity !== 'string' || !SEVERITIES.has(severity))) {
          fail(`${where}: rules.${id}.severity`, 'must be one of off, error, warning, note');
        }
        const options = setting['options'] ?? {};
        if (!isRecord(options)) fail(`${where}: rules.${id}.options`, 'must be an object');
        rules[id] = { ...(severity ? { severity: severity as 'off' | Severity } : {}), options };
      } else fail(`${where}: rules.${id}`, 'must be a severity string or an object');
    }
  }

  let allowValues: string[] = [];
  const allowPatterns: RegExp[] = [];
  if (raw['allowlist'] !== undefined) {
    if (!isRecord(raw['allowlist'])) fail(`${where}: allowlist`, 'must be an object');
    for (const key of Object.keys(raw['allowlist'])) {
      if (key !== 'values' && key !== 'patterns')
        fail(`${where}: allowlist`, `unknown key "${key}" (use "values" or "patterns")`);
    }
    allowValues = stringList(raw['allowlist']['values'], `${where}: allowlist.values`);
    // Errors name a pattern by its index, never by its text: an allowlist pattern may spell out
    // the very value it allows.
    stringList(raw['allowlist']['patterns'], `${where}: allowlist.patterns`).forEach(
      (pattern, index) => {
        const at = `${where}: allowlist.patterns[${index}]`;
        try {
          // Patterns only ever run against one found value (bounded length), never a whole file.
          allowPatterns.push(new RegExp(pattern, 'u'));
        } catch (error) {
          const reason =
            error instanceof Error
              ? error.message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '')
              : '';
          fail(at, `invalid regular expression${reason ? ` (${reason.slice(0, 80)})` : ''}`);
        }
        if (hasNestedRepetition(pattern)) {
          // A config file comes with the repository: `(a+)+` there would freeze every editor that
          // opens it (a 30-character value already takes minutes). Refuse it like invalid JSON.
          fail(
            at,
            'repeats a group that itself repeats or alternates (like (a+)+ or (a|b)*), which can take exponential time; rewrite it without the outer repetition',
          );
        }
      },
    );
  }
  const exclude = stringList(raw['exclude'], `${where}: exclude`);
  const requireReason = raw['requireReason'];
  if (requireReason !== undefined && typeof requireReason !== 'boolean')
    fail(`${where}: requireReason`, 'must be true or false');
  return {
    categories,
    rules,
    allowValues: new Set(allowValues),
    allowPatterns,
    exclude,
    ...(requireReason === true ? { requireReason: true } : {}),
  };
}

/**
 * True when a quantifier (`*`, `+`, `{n,}`, `{n,m}` with m > 1) applies to a group that contains
 * a quantifier or an alternation — the shape of catastrophic backtracking. A conservative scan of
 * the pattern's source: escapes and character classes are skipped.
 */
export function hasNestedRepetition(pattern: string): boolean {
  const groups: { risky: boolean }[] = [{ risky: false }];
  let lastGroupRisky = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    let atomEnd = i;
    let closedGroup = false;
    if (c === '\\') {
      i++;
      atomEnd = i;
    } else if (c === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      atomEnd = i;
    } else if (c === '(') {
      groups.push({ risky: false });
      continue;
    } else if (c === ')') {
      const group = groups.length > 1 ? groups.pop()! : { risky: false };
      lastGroupRisky = group.risky;
      closedGroup = true;
      // What is risky inside stays risky for every enclosing group.
      if (group.risky) groups[groups.length - 1]!.risky = true;
    } else if (c === '|') {
      groups[groups.length - 1]!.risky = true;
      continue;
    }
    // A quantifier after this atom?
    const next = pattern[atomEnd + 1];
    let repeats = next === '*' || next === '+';
    if (next === '{') {
      const bound = /^\{\d{1,9}(,(\d{0,9}))?\}/.exec(pattern.slice(atomEnd + 1, atomEnd + 24));
      if (bound) repeats = bound[1] !== undefined && (bound[2] === '' || Number(bound[2]) > 1);
    }
    if (!repeats) {
      if (next === '?') groups[groups.length - 1]!.risky = true;
      continue;
    }
    if (closedGroup && lastGroupRisky) return true;
    groups[groups.length - 1]!.risky = true;
  }
  return false;
}

/** Parse the text of a config file. */
export function parseConfig(text: string, where = CONFIG_FILE_NAME): ResolvedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${where}: invalid JSON (${jsonErrorReason(error)})`);
  }
  return resolveConfig(raw, where);
}

export const DEFAULT_CONFIG: ResolvedConfig = resolveConfig({});

/**
 * What a config turns off without saying so: a repository's `.cellguard.json` that disables most
 * rules, allows every value or excludes every file must not read as "no problems". Said by the
 * CLI (stderr and every report) and the editors' status; `total` and `active` are rule counts.
 */
export function configWarnings(
  config: ResolvedConfig,
  total: number,
  active: number,
  isExcluded: (path: string) => boolean,
): string[] {
  const warnings: string[] = [];
  if (active === 0) warnings.push('every rule is off: nothing will be reported');
  else if (active * 2 < total)
    warnings.push(`only ${active} of ${total} rules are on: most checks are disabled`);
  config.allowPatterns.forEach((pattern, index) => {
    // A pattern that accepts the empty string or a lone control character accepts every value.
    pattern.lastIndex = 0;
    if (pattern.test('') || pattern.test('\u0007'))
      warnings.push(`allowlist.patterns[${index}] matches any value: no secret will be reported`);
  });
  if (['a.ipynb', 'x/y/z.py', '.hidden/n.ipynb'].every((path) => isExcluded(path)))
    warnings.push('"exclude" excludes every file: nothing will be scanned');
  return warnings;
}
