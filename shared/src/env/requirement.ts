/**
 * One declared dependency, whatever file declared it: a normalised name (PEP 503), a PEP 440
 * specifier (empty when the file names the package without a version) and where it was read.
 * Specifiers are checked with `@renovatebot/pep440` (Renovate's port of `packaging`): nothing
 * here parses versions by hand.
 */
import { validRange } from '@renovatebot/pep440';

/** Where a requirement was declared: a file (relative to the notebook) and line, or a cell. */
export interface RequirementSource {
  /** `requirements.txt`, `../pyproject.toml`, or `cell 3` for a `%pip install` cell. */
  readonly file: string;
  /** 1-based line in that file or cell. */
  readonly line?: number;
}

export interface Requirement {
  /** PEP 503 normalised: lower case, runs of `-_.` become `-` (`Torch_Vision` → `torch-vision`). */
  readonly name: string;
  /** PEP 440 specifier (`==2.5.1`, `>=2.0,<2.6`), or `` when no version is given. */
  readonly specifier: string;
  readonly source: RequirementSource;
}

/** Longest line we read as a requirement; longer lines are not requirements anyone wrote. */
const MAX_LINE = 2000;

/** PEP 503 name normalisation. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * Conda and PyPI names of one package: conda-forge and the pytorch channel publish PyTorch as
 * `pytorch`; the rules ask by the PyPI name.
 */
const CONDA_NAMES: Readonly<Record<string, string>> = { pytorch: 'torch', 'pytorch-cpu': 'torch' };

export function pypiName(condaName: string): string {
  const name = normalizeName(condaName);
  return CONDA_NAMES[name] ?? name;
}

/**
 * Longest specifier handed to `@renovatebot/pep440`. Its patterns are linear but unanchored in
 * length; every string it ever sees passes through here (versions are read through specifiers),
 * so the regex-safety test scans them at this bound.
 */
export const MAX_SPECIFIER_CHARS = 1000;

/** A specifier `@renovatebot/pep440` accepts, with spaces removed; `` for anything else. */
export function cleanSpecifier(specifier: string): string {
  if (specifier.length > MAX_SPECIFIER_CHARS) return '';
  const compact = specifier.replace(/\s+/g, '');
  if (compact === '') return '';
  return validRange(compact) ? compact : '';
}

/** `name`, optional `[extras]`, then the rest (specifier, `@ url`, `; markers`). Bounded, anchored. */
const PEP508_HEAD = /^([A-Za-z0-9](?:[\w.-]{0,200}[A-Za-z0-9])?)[ \t]*(?:\[[^\]]{0,500}\])?/;

/**
 * A PEP 508 requirement string (`torch>=2.6`, `keras[tf] (<3.9) ; python_version>"3.9"`,
 * `torch @ https://…`). Undefined when it does not start with a package name. A URL or an
 * unparsable specifier gives an empty specifier: the package is named, its version unknown.
 */
export function parsePep508(text: string, source: RequirementSource): Requirement | undefined {
  const line = text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
  const head = PEP508_HEAD.exec(line.trim());
  if (!head) return undefined;
  let rest = line.trim().slice(head[0].length);
  const semicolon = rest.indexOf(';');
  if (semicolon !== -1) rest = rest.slice(0, semicolon);
  rest = rest.trim();
  if (rest.startsWith('@')) rest = '';
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1);
  return { name: normalizeName(head[1]!), specifier: cleanSpecifier(rest), source };
}
