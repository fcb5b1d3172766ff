/**
 * Settings and the workspace `.cellguard.json`, merged into one `ResolvedConfig` per workspace
 * folder. The file is the shared, committed truth (the CLI reads it too); settings are the
 * user's local layer and win where both speak (severity overrides, categories turned off).
 */
import * as vscode from 'vscode';
import {
  CONFIG_FILE_NAME,
  ConfigError,
  parseConfig,
  resolveConfig,
  type CellguardConfig,
  type ResolvedConfig,
  type Severity,
} from '@cellguard/core';

export type SavePolicy = 'warn' | 'redactOutputs' | 'clearSensitiveOutputs' | 'off';

/** The editor-only settings, read per resource. */
export interface EditorSettings {
  readonly enable: boolean;
  readonly onSave: SavePolicy;
  readonly debounceMs: number;
}

const SAVE_POLICIES = new Set<SavePolicy>([
  'warn',
  'redactOutputs',
  'clearSensitiveOutputs',
  'off',
]);
const SEVERITIES = new Set(['error', 'warning', 'note', 'off']);

export function editorSettings(scope?: vscode.Uri): EditorSettings {
  const section = vscode.workspace.getConfiguration('cellguard', scope ?? null);
  const onSave = section.get<string>('onSave', 'warn');
  const debounce = section.get<number>('debounceMs', 200);
  return {
    enable: section.get<boolean>('enable', true),
    onSave: SAVE_POLICIES.has(onSave as SavePolicy) ? (onSave as SavePolicy) : 'warn',
    debounceMs: Number.isFinite(debounce) ? Math.max(0, Math.min(5000, debounce)) : 200,
  };
}

/** A problem with the config file, reported once per distinct message. */
export interface ConfigProblem {
  readonly uri: vscode.Uri;
  readonly message: string;
}

/**
 * Builds the effective config of a workspace folder: `.cellguard.json` (if any) with the
 * settings layered on top. Settings use the same vocabulary as the file, so the merge is a
 * plain object merge validated by the core's `resolveConfig`.
 */
export function mergeConfig(fileConfig: CellguardConfig, scope?: vscode.Uri): CellguardConfig {
  const section = vscode.workspace.getConfiguration('cellguard', scope ?? null);
  const categories = { ...(fileConfig.categories ?? {}) };
  // A category turned off in either place is off: the file can make the team stricter, a
  // setting can quiet one machine, and neither silently re-enables what the other disabled.
  const settingCategories: [keyof NonNullable<CellguardConfig['categories']>, string][] = [
    ['secret', 'categories.secret'],
    ['sensitive-output', 'categories.sensitiveOutput'],
    ['unsafe-load', 'categories.unsafeLoad'],
  ];
  for (const [category, key] of settingCategories) {
    if (section.get<boolean>(key, true) === false) categories[category] = false;
  }
  const rules = { ...(fileConfig.rules ?? {}) };
  const overrides = section.get<Record<string, unknown>>('severityOverrides', {});
  for (const [ruleId, severity] of Object.entries(overrides ?? {})) {
    if (typeof severity !== 'string' || !SEVERITIES.has(severity)) continue;
    const existing = rules[ruleId];
    rules[ruleId] =
      typeof existing === 'object'
        ? { ...existing, severity: severity as Severity | 'off' }
        : (severity as Severity | 'off');
  }
  const values = [...(fileConfig.allowlist?.values ?? [])];
  const patterns = [...(fileConfig.allowlist?.patterns ?? [])];
  for (const entry of section.get<unknown[]>('allowlist', []) ?? []) {
    if (typeof entry !== 'string' || entry.length === 0) continue;
    // "/regex/" is a pattern, anything else an exact value.
    if (entry.length > 2 && entry.startsWith('/') && entry.endsWith('/'))
      patterns.push(entry.slice(1, -1));
    else values.push(entry);
  }
  const exclude = [...(fileConfig.exclude ?? [])];
  for (const glob of section.get<unknown[]>('exclude', []) ?? [])
    if (typeof glob === 'string' && glob) exclude.push(glob);
  return { categories, rules, allowlist: { values, patterns }, exclude };
}

/** Reads `.cellguard.json` of a folder. Missing file → `{}`; invalid file → `{}` plus a problem. */
export async function readConfigFile(
  folder: vscode.Uri,
): Promise<{ config: CellguardConfig; problem?: ConfigProblem }> {
  const uri = vscode.Uri.joinPath(folder, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return { config: {} };
  }
  try {
    // Validate with the core's parser (same errors as the CLI), then keep the raw object for merging.
    parseConfig(text, uri.path.split('/').pop() ?? CONFIG_FILE_NAME);
    return { config: JSON.parse(text) as CellguardConfig };
  } catch (error) {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    return { config: {}, problem: { uri, message } };
  }
}

/** Resolve a merged config; if the settings made it invalid (bad regex), fall back to the file alone. */
export function resolveMerged(
  merged: CellguardConfig,
  fileOnly: CellguardConfig,
): { resolved: ResolvedConfig; error?: string } {
  try {
    return { resolved: resolveConfig(merged, 'settings + .cellguard.json') };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      return { resolved: resolveConfig(fileOnly), error: message };
    } catch {
      return { resolved: resolveConfig({}), error: message };
    }
  }
}

/**
 * Glob → RegExp for exclude patterns (`**`, `*`, `?`, `{a,b}`, `[...]`), matched against a path
 * relative to the workspace folder. Patterns without a slash match a name at any depth, as
 * `files.exclude` does.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.trim().replace(/^\.\//, '');
  if (!pattern.includes('/')) pattern = `**/${pattern}`;
  let out = '';
  let inGroup = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slashAfter = pattern[i + 2] === '/';
        out += slashAfter ? '(?:[^/]*/)*' : '.*';
        i += slashAfter ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      inGroup++;
      out += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      out += ')';
    } else if (c === ',' && inGroup > 0) out += '|';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close > i) {
        out += `[${pattern
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      } else out += '\\[';
    } else out += /[.+^$()|\\]/.test(c) ? `\\${c}` : c;
  }
  // A pattern naming a folder excludes everything below it.
  return new RegExp(`^${out}(?:/.*)?$`);
}
