/**
 * The files that say which library versions a notebook runs on, parsed from their text (no file
 * system here: front ends read, the core parses). Each parser returns the requirements it found
 * and never throws: a broken file is a problem string, and the other files still count.
 *
 * - `requirements*.txt` — pip's format (comments, `\` continuations, `--hash` options, `-r`
 *   includes are not followed).
 * - `pyproject.toml` — PEP 621 `project.dependencies` / `optional-dependencies`, PEP 735
 *   `dependency-groups`, Poetry's `tool.poetry.*dependencies` (`^` / `~` constraints converted).
 * - `environment.yml` — conda specs (`pytorch=2.5.1`, `keras>=3`) and its `pip:` list; read with
 *   js-yaml's failsafe schema (strings, lists and maps only; no tags, nothing constructed).
 * - `Pipfile.lock` (JSON), `poetry.lock` and `uv.lock` (TOML `[[package]]`) — exact versions.
 */
import { compare, valid } from '@renovatebot/pep440';
import { load as loadYaml, FAILSAFE_SCHEMA } from 'js-yaml';
import { parse as parseToml } from 'smol-toml';
import {
  cleanSpecifier,
  MAX_SPECIFIER_CHARS,
  normalizeName,
  parsePep508,
  pypiName,
  type Requirement,
  type RequirementSource,
} from './requirement.js';

export type EnvironmentFileKind =
  'uv.lock' | 'poetry.lock' | 'Pipfile.lock' | 'requirements' | 'pyproject' | 'conda';

/** What one parsed file gave. */
export interface ParsedEnvironmentFile {
  readonly kind: EnvironmentFileKind;
  readonly requirements: readonly Requirement[];
  /** Why (part of) the file could not be read, if so. Never contains the file's text. */
  readonly problem?: string;
}

/** Largest environment file parsed (a big `uv.lock` is a few MB). */
export const MAX_ENVIRONMENT_FILE_CHARS = 8_000_000;

const REQUIREMENTS_NAME = /^requirements[\w.-]{0,100}\.txt$/;

/**
 * The kind of an environment file from its base name, or undefined when the name is not one
 * Cellguard reads. Within one folder, lock files come first (exact versions), then requirement
 * lists, then `pyproject.toml`, then conda's `environment.yml`.
 */
export function environmentFileKind(baseName: string): EnvironmentFileKind | undefined {
  switch (baseName) {
    case 'uv.lock':
    case 'poetry.lock':
    case 'Pipfile.lock':
      return baseName;
    case 'pyproject.toml':
      return 'pyproject';
    case 'environment.yml':
    case 'environment.yaml':
      return 'conda';
    default:
      return REQUIREMENTS_NAME.test(baseName) ? 'requirements' : undefined;
  }
}

const KIND_RANK: Record<EnvironmentFileKind, number> = {
  'uv.lock': 0,
  'poetry.lock': 1,
  'Pipfile.lock': 2,
  requirements: 3,
  pyproject: 4,
  conda: 5,
};

/** The environment files among one folder's entries, in the order they take precedence. */
export function environmentFileNames(entries: readonly string[]): string[] {
  return entries
    .filter((name) => environmentFileKind(name) !== undefined)
    .sort(
      (a, b) =>
        KIND_RANK[environmentFileKind(a)!] - KIND_RANK[environmentFileKind(b)!] ||
        // `requirements.txt` before `requirements-dev.txt`: the shorter name is the main list.
        a.length - b.length ||
        a.localeCompare(b),
    );
}

/** 1-based line of the first line containing `needle`, if any. */
function lineOf(text: string, needle: string): number | undefined {
  const at = text.indexOf(needle);
  if (at === -1) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function errorText(error: unknown): string {
  // Parser messages can quote the offending line: keep only the first line, and cut it.
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 120);
}

/** pip requirement files. */
export function parseRequirementsTxt(text: string, file: string): Requirement[] {
  const out: Requirement[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    let line = lines[i]!;
    // A trailing backslash continues the requirement on the next line.
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!;
    const hash = line.search(/(?:^|[ \t])#/);
    if (hash !== -1) line = line.slice(0, hash);
    // Per-requirement options (`--hash=…`, `--config-settings …`) follow the requirement.
    const option = line.search(/[ \t]--?[A-Za-z]/);
    if (option !== -1) line = line.slice(0, option);
    line = line.trim();
    if (line === '' || line.startsWith('-')) continue;
    const requirement = parsePep508(line, { file, line: lineNumber });
    if (requirement) out.push(requirement);
  }
  return out;
}

/** Poetry's `^1.2.3`, `~1.2`, `1.2.3`, `*`, `>=1,<2` as a PEP 440 specifier. */
export function poetryConstraint(constraint: string): string {
  const text = constraint.trim();
  if (text === '' || text === '*' || text.includes('||') || text.includes('|')) return '';
  const parts = text.split(',').map((part) => part.trim());
  const out: string[] = [];
  for (const part of parts) {
    const caret = part.startsWith('^');
    const tilde = part.startsWith('~') && !part.startsWith('~=');
    if (caret || tilde) {
      const version = part.slice(1).trim();
      const release = /^\d{1,9}(?:\.\d{1,9}){0,5}/.exec(version)?.[0];
      if (!release) return '';
      const numbers = release.split('.').map(Number);
      let upper: number[];
      if (caret) {
        // ^1.2.3 → <2.0.0; ^0.2.3 → <0.3.0; ^0.0.3 → <0.0.4 (the first non-zero part is bumped).
        const first = numbers.findIndex((n) => n !== 0);
        const at = first === -1 ? numbers.length - 1 : first;
        upper = numbers.slice(0, at + 1);
        upper[at] = upper[at]! + 1;
      } else {
        // ~1.2.3 → <1.3.0; ~1.2 → <1.3; ~1 → <2.
        const at = numbers.length === 1 ? 0 : 1;
        upper = numbers.slice(0, at + 1);
        upper[at] = upper[at]! + 1;
      }
      out.push(`>=${version}`, `<${upper.join('.')}`);
    } else if (/^\d/.test(part)) out.push(`==${part}`);
    else out.push(part);
  }
  return cleanSpecifier(out.join(','));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pep508List(value: unknown, text: string, file: string, into: Requirement[]): void {
  if (!Array.isArray(value)) return;
  for (const entry of value) {
    if (typeof entry !== 'string') continue;
    const requirement = parsePep508(entry, { file, line: lineOf(text, entry) });
    if (requirement) into.push(requirement);
  }
}

function poetryTable(value: unknown, text: string, file: string, into: Requirement[]): void {
  if (!isRecord(value)) return;
  for (const [name, spec] of Object.entries(value)) {
    if (normalizeName(name) === 'python') continue;
    let constraint = '';
    if (typeof spec === 'string') constraint = spec;
    else if (isRecord(spec) && typeof spec['version'] === 'string') constraint = spec['version'];
    const line = lineOf(text, `\n${name} =`);
    into.push({
      name: normalizeName(name),
      specifier: poetryConstraint(constraint),
      source: { file, ...(line !== undefined ? { line: line + 1 } : {}) },
    });
  }
}

/** `pyproject.toml`: PEP 621, PEP 735 and Poetry. */
export function parsePyproject(text: string, file: string): ParsedEnvironmentFile {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (error) {
    return { kind: 'pyproject', requirements: [], problem: `not valid TOML: ${errorText(error)}` };
  }
  const out: Requirement[] = [];
  if (!isRecord(data)) return { kind: 'pyproject', requirements: out };
  const project = data['project'];
  if (isRecord(project)) {
    pep508List(project['dependencies'], text, file, out);
    const optional = project['optional-dependencies'];
    if (isRecord(optional))
      for (const list of Object.values(optional)) pep508List(list, text, file, out);
  }
  const groups = data['dependency-groups'];
  if (isRecord(groups)) for (const list of Object.values(groups)) pep508List(list, text, file, out);
  const tool = data['tool'];
  const poetry = isRecord(tool) ? tool['poetry'] : undefined;
  if (isRecord(poetry)) {
    poetryTable(poetry['dependencies'], text, file, out);
    poetryTable(poetry['dev-dependencies'], text, file, out);
    const poetryGroups = poetry['group'];
    if (isRecord(poetryGroups))
      for (const group of Object.values(poetryGroups))
        if (isRecord(group)) poetryTable(group['dependencies'], text, file, out);
  }
  return { kind: 'pyproject', requirements: out };
}

/** A conda match spec: `pytorch=2.5.1=py311_0`, `conda-forge::keras>=3`, `numpy 1.26.*`. */
const CONDA_SPEC = /^(?:[\w.-]{1,100}::)?([A-Za-z0-9][\w.-]{0,200})[ \t]*(.{0,500})$/;

export function condaSpecifier(version: string): string {
  let text = version.trim();
  if (text === '') return '';
  // `name=1.2=build` and `name 1.2 build`: the build string is not a version.
  const parts = text.split(/(?<![=<>!~])[= ](?![=])/);
  if (text.startsWith('=') && !text.startsWith('==')) {
    // `=1.2` is conda's fuzzy match: 1.2, 1.2.1, … (PEP 440 `==1.2.*`).
    const fuzzy = text.slice(1).split(/[= ]/)[0]!;
    return cleanSpecifier(fuzzy.endsWith('*') ? `==${fuzzy}` : `==${fuzzy}.*`);
  }
  text = parts[0] ?? text;
  if (/^\d/.test(text)) return cleanSpecifier(`==${text}`);
  return cleanSpecifier(text);
}

/** Conda's `environment.yml`. */
export function parseCondaEnvironment(text: string, file: string): ParsedEnvironmentFile {
  let data: unknown;
  try {
    data = loadYaml(text, { schema: FAILSAFE_SCHEMA, json: false });
  } catch (error) {
    return { kind: 'conda', requirements: [], problem: `not valid YAML: ${errorText(error)}` };
  }
  const out: Requirement[] = [];
  const dependencies = isRecord(data) ? data['dependencies'] : undefined;
  if (!Array.isArray(dependencies)) return { kind: 'conda', requirements: out };
  for (const entry of dependencies) {
    if (typeof entry === 'string') {
      const match = CONDA_SPEC.exec(entry.trim());
      if (!match) continue;
      out.push({
        name: pypiName(match[1]!),
        specifier: condaSpecifier(match[2] ?? ''),
        source: { file, ...lineField(lineOf(text, entry)) },
      });
    } else if (isRecord(entry)) pep508List(entry['pip'], text, file, out);
  }
  return { kind: 'conda', requirements: out };
}

function lineField(line: number | undefined): { line?: number } {
  return line !== undefined ? { line } : {};
}

/** `Pipfile.lock`: JSON with `default` and `develop` maps of `{version: "==x"}`. */
export function parsePipfileLock(text: string, file: string): ParsedEnvironmentFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      kind: 'Pipfile.lock',
      requirements: [],
      problem: `not valid JSON: ${errorText(error)}`,
    };
  }
  const out: Requirement[] = [];
  if (!isRecord(data)) return { kind: 'Pipfile.lock', requirements: out };
  for (const section of ['default', 'develop']) {
    const packages = data[section];
    if (!isRecord(packages)) continue;
    for (const [name, entry] of Object.entries(packages)) {
      const version = isRecord(entry) ? entry['version'] : undefined;
      out.push({
        name: normalizeName(name),
        specifier: typeof version === 'string' ? cleanSpecifier(version) : '',
        source: { file, ...lineField(lineOf(text, `"${name}": {`)) },
      });
    }
  }
  return { kind: 'Pipfile.lock', requirements: out };
}

/** `poetry.lock` and `uv.lock`: TOML `[[package]]` tables with `name` and `version`. */
export function parseTomlLock(
  text: string,
  file: string,
  kind: 'poetry.lock' | 'uv.lock',
): ParsedEnvironmentFile {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (error) {
    return { kind, requirements: [], problem: `not valid TOML: ${errorText(error)}` };
  }
  const packages = isRecord(data) ? data['package'] : undefined;
  // uv.lock may hold one package at several versions (one per resolution fork): keep the range.
  const versions = new Map<string, { name: string; list: string[] }>();
  if (Array.isArray(packages)) {
    for (const entry of packages) {
      if (!isRecord(entry)) continue;
      const { name, version } = entry;
      if (typeof name !== 'string' || typeof version !== 'string') continue;
      // Versions reach the version parser only through `cleanSpecifier`'s bound.
      if (version.length > MAX_SPECIFIER_CHARS / 4) continue;
      const key = normalizeName(name);
      const seen = versions.get(key) ?? { name, list: [] };
      seen.list.push(version);
      versions.set(key, seen);
    }
  }
  const out: Requirement[] = [];
  for (const [key, { name, list }] of versions) {
    const unique = [...new Set(list)];
    // Several versions: the range from the lowest to the highest.
    const sorted = unique.length > 1 ? sortVersions(unique) : unique;
    const specifier =
      sorted.length === 1
        ? cleanSpecifier(`==${sorted[0]!}`)
        : cleanSpecifier(`>=${sorted[0]!},<=${sorted[sorted.length - 1]!}`);
    out.push({
      name: key,
      specifier,
      source: { file, ...lineField(lineOf(text, `name = "${name}"`)) },
    });
  }
  return { kind, requirements: out };
}

/** PEP 440 order; versions the parser rejects are left out (each is short: see above). */
function sortVersions(versions: readonly string[]): string[] {
  return versions.filter((v) => valid(v) !== null).sort((a, b) => compare(a, b));
}

/** Parse one environment file by its base name; undefined when the name is not one we read. */
export function parseEnvironmentFile(
  baseName: string,
  text: string,
  displayPath: string = baseName,
): ParsedEnvironmentFile | undefined {
  const kind = environmentFileKind(baseName);
  if (!kind) return undefined;
  if (text.length > MAX_ENVIRONMENT_FILE_CHARS)
    return {
      kind,
      requirements: [],
      problem: `larger than ${MAX_ENVIRONMENT_FILE_CHARS} characters; not read`,
    };
  switch (kind) {
    case 'requirements':
      return { kind, requirements: parseRequirementsTxt(text, displayPath) };
    case 'pyproject':
      return parsePyproject(text, displayPath);
    case 'conda':
      return parseCondaEnvironment(text, displayPath);
    case 'Pipfile.lock':
      return parsePipfileLock(text, displayPath);
    case 'poetry.lock':
    case 'uv.lock':
      return parseTomlLock(text, displayPath, kind);
  }
}

export type { Requirement, RequirementSource };
