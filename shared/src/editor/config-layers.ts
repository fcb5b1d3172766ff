/**
 * The effective config of a notebook, layered the same way everywhere: the defaults, then the
 * workspace's `.cellguard.json` (the shared, committed truth the CLI reads too), then the
 * editor's settings (the user's local layer). One parser for the file in every front end.
 */
import type { Category, Severity } from '../model/finding.js';
import {
  CONFIG_FILE_NAME,
  ConfigError,
  resolveConfig,
  type CellguardConfig,
  type ResolvedConfig,
  type RuleSetting,
} from '../engine/config.js';
import { jsonErrorReason } from '../notebook/parse.js';

/** What an editor's settings may add on top of the file. */
export interface EditorConfigLayer {
  /** A category turned off here is off, whatever the file says. */
  readonly categories?: Partial<Record<Category, boolean>>;
  /** Severity overrides per rule id. */
  readonly rules?: Readonly<Record<string, 'off' | Severity>>;
  /** Exact values, or `/regex/` patterns, known not to be secrets. */
  readonly allowlist?: readonly string[];
  /** More exclude globs. */
  readonly exclude?: readonly string[];
}

const SEVERITIES = new Set(['off', 'error', 'warning', 'note']);

/**
 * Parse the text of a `.cellguard.json` (a UTF-8 byte order mark is ignored, as every JSON
 * reader of the editors does). Returns the raw config for layering and its resolved form; throws
 * `ConfigError` naming `where`.
 */
export function readConfigText(
  text: string,
  where = CONFIG_FILE_NAME,
): { config: CellguardConfig; resolved: ResolvedConfig } {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ConfigError(`${where}: invalid JSON (${jsonErrorReason(error)})`);
  }
  const resolved = resolveConfig(raw, where);
  return { config: raw as CellguardConfig, resolved };
}

/**
 * The file's config with the editor layer on top. A category off in either place is off (the file
 * can make a team stricter, a setting can quiet one machine, neither re-enables what the other
 * disabled); rule severities from settings win; allowlists and excludes add up.
 */
export function layerConfig(
  file: CellguardConfig | undefined,
  settings: EditorConfigLayer = {},
): CellguardConfig {
  const base = file ?? {};
  const categories: Partial<Record<Category, boolean>> = { ...(base.categories ?? {}) };
  for (const [category, on] of Object.entries(settings.categories ?? {}) as [Category, unknown][])
    if (on === false) categories[category] = false;
  const rules: Record<string, RuleSetting> = { ...(base.rules ?? {}) };
  for (const [ruleId, severity] of Object.entries(settings.rules ?? {})) {
    if (typeof severity !== 'string' || !SEVERITIES.has(severity)) continue;
    const existing = rules[ruleId];
    rules[ruleId] =
      typeof existing === 'object' && existing !== null ? { ...existing, severity } : severity;
  }
  const values = [...(base.allowlist?.values ?? [])];
  const patterns = [...(base.allowlist?.patterns ?? [])];
  for (const entry of settings.allowlist ?? []) {
    if (typeof entry !== 'string' || entry.length === 0) continue;
    if (entry.length > 2 && entry.startsWith('/') && entry.endsWith('/'))
      patterns.push(entry.slice(1, -1));
    else values.push(entry);
  }
  const exclude = [...(base.exclude ?? [])];
  for (const glob of settings.exclude ?? [])
    if (typeof glob === 'string' && glob) exclude.push(glob);
  return {
    categories,
    rules,
    allowlist: { values, patterns },
    exclude,
    ...(base.requireReason !== undefined ? { requireReason: base.requireReason } : {}),
  };
}

/** The resolved layered config, and the problems that made a layer be dropped. */
export interface LayeredConfig {
  readonly resolved: ResolvedConfig;
  readonly problems: readonly string[];
}

/**
 * Resolve defaults → file → settings. If the settings make it invalid (a bad rule id in a
 * severity override, a bad pattern), the file alone is used; if the file is invalid too, the
 * defaults with the settings' categories. Never throws.
 */
export function resolveLayers(
  file: CellguardConfig | undefined,
  settings: EditorConfigLayer = {},
  where = `settings + ${CONFIG_FILE_NAME}`,
): LayeredConfig {
  const problems: string[] = [];
  const attempts: [CellguardConfig, string][] = [
    [layerConfig(file, settings), where],
    [layerConfig(file, { categories: settings.categories ?? {} }), CONFIG_FILE_NAME],
    [layerConfig(undefined, { categories: settings.categories ?? {} }), 'settings'],
  ];
  for (const [config, name] of attempts) {
    try {
      return { resolved: resolveConfig(config, name), problems };
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { resolved: resolveConfig({}), problems };
}

/**
 * The folders to look for `.cellguard.json` in, nearest first: the notebook's folder, then each
 * parent up to the root (`''`). Paths are `/`-separated and relative to the root, as JupyterLab's
 * Contents API names them.
 */
export function configSearchPaths(notebookPath: string): string[] {
  const parts = notebookPath.replace(/\\/g, '/').split('/').filter(Boolean);
  parts.pop(); // the notebook itself
  const paths: string[] = [];
  for (let n = parts.length; n >= 0; n--) {
    const dir = parts.slice(0, n).join('/');
    paths.push(dir ? `${dir}/${CONFIG_FILE_NAME}` : CONFIG_FILE_NAME);
  }
  return paths;
}

/** The path of `file` relative to the folder holding the config at `configPath` (for excludes). */
export function relativeToConfig(configPath: string, file: string): string {
  const dir = configPath.replace(/\\/g, '/').split('/').slice(0, -1).join('/');
  const normalised = file.replace(/\\/g, '/').replace(/^\/+/, '');
  return dir && normalised.startsWith(`${dir}/`) ? normalised.slice(dir.length + 1) : normalised;
}
