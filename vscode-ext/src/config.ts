/**
 * Settings and the workspace `.cellguard.json`, merged into one `ResolvedConfig` per workspace
 * folder. The file is the shared, committed truth (the CLI reads it too); settings are the
 * user's local layer and win where both speak (severity overrides, categories turned off).
 */
import * as vscode from 'vscode';
import {
  CONFIG_FILE_NAME,
  ConfigError,
  readConfigText,
  type Category,
  type CellguardConfig,
  type EditorConfigLayer,
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
 * The editor layer of the config: the settings, in the core's vocabulary. The core layers it on
 * top of `.cellguard.json` (`layerConfig`) the same way JupyterLab does.
 */
export function settingsLayer(scope?: vscode.Uri): EditorConfigLayer {
  const section = vscode.workspace.getConfiguration('cellguard', scope ?? null);
  const categories: Partial<Record<Category, boolean>> = {};
  const keys: [Category, string][] = [
    ['secret', 'categories.secret'],
    ['sensitive-output', 'categories.sensitiveOutput'],
    ['unsafe-load', 'categories.unsafeLoad'],
  ];
  for (const [category, key] of keys) categories[category] = section.get<boolean>(key, true);
  const rules: Record<string, 'off' | Severity> = {};
  for (const [ruleId, severity] of Object.entries(
    section.get<Record<string, unknown>>('severityOverrides', {}) ?? {},
  ))
    if (typeof severity === 'string' && SEVERITIES.has(severity))
      rules[ruleId] = severity as 'off' | Severity;
  const strings = (key: string): string[] =>
    (section.get<unknown[]>(key, []) ?? []).filter((v): v is string => typeof v === 'string');
  return { categories, rules, allowlist: strings('allowlist'), exclude: strings('exclude') };
}

/** Reads `.cellguard.json` of a folder. Missing file → `{}`; invalid file → `{}` plus a problem. */
export async function readConfigFile(
  folder: vscode.Uri,
): Promise<{ config: CellguardConfig; problem?: ConfigProblem; found: boolean }> {
  const uri = vscode.Uri.joinPath(folder, CONFIG_FILE_NAME);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return { config: {}, found: false };
  }
  try {
    // The core's parser, as the CLI and JupyterLab use it (a BOM is ignored everywhere).
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    return {
      config: readConfigText(text, uri.path.split('/').pop() ?? CONFIG_FILE_NAME).config,
      found: true,
    };
  } catch (error) {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    return { config: {}, problem: { uri, message }, found: true };
  }
}
