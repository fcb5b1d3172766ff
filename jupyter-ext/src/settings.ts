/**
 * Settings from the JupyterLab settings registry (schema: `schema/plugin.json`), read
 * defensively: a hand-edited value of the wrong type falls back to its default.
 */
import type { Category, EditorConfigLayer, Severity } from '@cellguard/core';
import { SAVE_POLICIES, type SavePolicy } from './tokens';

export interface CellguardSettings {
  readonly enabled: boolean;
  readonly onSave: SavePolicy;
  /** Milliseconds of quiet typing before a cell is analysed again. */
  readonly lintDelay: number;
  readonly outputFlags: boolean;
  readonly categories: Readonly<Record<Category, boolean>>;
  /** Rule id → `off` | `error` | `warning` | `note`. */
  readonly rules: Readonly<Record<string, string>>;
  readonly panelArea: 'left' | 'right';
}

export const DEFAULT_SETTINGS: CellguardSettings = {
  enabled: true,
  onSave: 'warn',
  lintDelay: 300,
  outputFlags: true,
  categories: { secret: true, 'sensitive-output': true, 'unsafe-load': true },
  rules: {},
  panelArea: 'right',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turn the composite settings object into typed settings. */
export function readSettings(composite: unknown): CellguardSettings {
  const raw = isRecord(composite) ? composite : {};
  const d = DEFAULT_SETTINGS;
  const categories = { ...d.categories };
  if (isRecord(raw['categories'])) {
    for (const key of Object.keys(categories) as Category[]) {
      const value = raw['categories'][key];
      if (typeof value === 'boolean') {
        categories[key] = value;
      }
    }
  }
  const rules: Record<string, string> = {};
  if (isRecord(raw['rules'])) {
    for (const [id, value] of Object.entries(raw['rules'])) {
      if (typeof value === 'string' && ['off', 'error', 'warning', 'note'].includes(value)) {
        rules[id] = value;
      }
    }
  }
  const delay = raw['lintDelay'];
  return {
    enabled: typeof raw['enabled'] === 'boolean' ? raw['enabled'] : d.enabled,
    onSave: SAVE_POLICIES.includes(raw['onSave'] as SavePolicy)
      ? (raw['onSave'] as SavePolicy)
      : d.onSave,
    lintDelay: typeof delay === 'number' && delay >= 0 && delay <= 10000 ? delay : d.lintDelay,
    outputFlags: typeof raw['outputFlags'] === 'boolean' ? raw['outputFlags'] : d.outputFlags,
    categories,
    rules,
    panelArea: raw['panelArea'] === 'left' ? 'left' : 'right',
  };
}

/**
 * The settings as the core's editor layer, which `resolveLayers` puts on top of the notebook's
 * `.cellguard.json` (a category off in either place is off; severities from settings win).
 */
export function settingsLayer(settings: CellguardSettings): EditorConfigLayer {
  return {
    categories: settings.categories,
    rules: settings.rules as Readonly<Record<string, 'off' | Severity>>,
  };
}
