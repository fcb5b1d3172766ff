/**
 * secretlint (`@secretlint/core` + `@secretlint/secretlint-rule-preset-recommend`) for the
 * fixed-format provider tokens it knows. Measured facts this module is built around:
 * - the preset's rules are passed as a flat list: disabling a rule inside the nested preset form
 *   is silently ignored;
 * - the profiler is on by default and grows the heap without bound (391 MB over 20,000 calls), so
 *   it is switched off once, here;
 * - one `lintSource` costs ~170 µs even on an empty cell, so it only runs when the text contains
 *   one of the literals every enabled rule's pattern requires (`SECRETLINT_TRIGGERS`);
 * - results carry `sourceContent`, the whole cell: only `ruleId`, `messageId` and `range` are read.
 *
 * Which preset rule reports for which Cellguard rule is in each provider file (`secretlint:`).
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import { LiteralSet } from './literals.js';
import { SECRETLINT_RULES } from './registry.js';

export { SECRETLINT_RULES } from './registry.js';

secretLintProfiler.setEnabled(false);

const PRESET = '@secretlint/secretlint-rule-';

/** Preset rules switched off, and why. */
export const SECRETLINT_DISABLED: Readonly<Record<string, string>> = {
  gcp: 'only looks at .json/.p12 files; service-account keys are found by private-key',
  privatekey: 'private-key handles PEM keys, also with escaped newlines',
  basicauth: 'password-in-url handles every scheme and reports the password, not the URL',
  'database-connection-string': 'password-in-url (same reason)',
  github: 'github-token verifies the CRC32 checksum of classic tokens',
  'filter-comments': 'Cellguard has its own suppression comments',
};

/** Every enabled rule's literals: a text with none of them cannot produce a secretlint result. */
export const SECRETLINT_LITERALS: readonly string[] = Object.values(SECRETLINT_RULES).flatMap(
  (m) => m.triggers,
);

/** One pass over a text for all of `SECRETLINT_LITERALS`. */
export const SECRETLINT_PREFILTER = new LiteralSet(SECRETLINT_LITERALS);

const byPresetId = new Map(
  Object.entries(SECRETLINT_RULES).map(([short, mapping]) => [`${PRESET}${short}`, mapping]),
);

function configFor(shortIds: readonly string[] | undefined): SecretLintCoreConfig {
  const wanted = shortIds && new Set(shortIds.map((short) => `${PRESET}${short}`));
  return {
    rules: presetRules
      .filter((rule) => byPresetId.has(rule.meta.id) && (!wanted || wanted.has(rule.meta.id)))
      .map((rule) => {
        const mapping = byPresetId.get(rule.meta.id)!;
        return {
          id: rule.meta.id,
          rule,
          ...(mapping.options ? { options: mapping.options } : {}),
          ...(mapping.allowMessageIds ? { allowMessageIds: mapping.allowMessageIds } : {}),
        };
      }),
  };
}

/** The flat config of every enabled rule, built once. */
const CONFIG: SecretLintCoreConfig = configFor(undefined);

/** Configs of rule subsets (the rules whose literals a text contains), built once each. */
const subsetConfigs = new Map<string, SecretLintCoreConfig>();

function subsetConfig(shortIds: readonly string[]): SecretLintCoreConfig {
  const key = shortIds.join(',');
  let config = subsetConfigs.get(key);
  if (!config) {
    // Bounded: 2^22 subsets exist, a few dozen occur; past 256 fall back to the full config.
    if (subsetConfigs.size >= 256) return CONFIG;
    config = configFor(shortIds);
    subsetConfigs.set(key, config);
  }
  return config;
}

/** Ids of the preset's rules (for the test that keeps the mapping complete). */
export const PRESET_RULE_IDS: readonly string[] = presetRules.map((rule) =>
  rule.meta.id.slice(PRESET.length),
);

export interface SecretlintHit {
  readonly ruleId: string;
  readonly label: string;
  readonly envName: string;
  readonly range: readonly [number, number];
}

/**
 * secretlint drops duplicate messages by comparing each with every later one
 * (`filterDuplicatedMessages` in `@secretlint/core`), O(m²) in matches: 800 KB of AWS key ids
 * took a minute in one call. Long texts are therefore linted in pieces of `CHUNK_CHARS`, each
 * with `CONTEXT_CHARS` of the text on both sides so a token crossing a cut (every pattern's match
 * is shorter than that: the longest, 1Password's, is at most 1,290 characters) and the word
 * boundaries around it are seen whole; a piece keeps only the hits that start in its own part.
 * Matches per call are then bounded, and the whole run is linear in the text.
 */
export const CHUNK_CHARS = 8192;
const CONTEXT_CHARS = 2048;

/**
 * Run secretlint over one text. Cheap when the prefilter rules it out. `only` (preset short ids,
 * in `SECRETLINT_RULES` order) restricts the run to those rules: the caller passes the rules
 * whose trigger literals occur in the text, since a rule can match nothing without one of them.
 * `chunkChars` is for tests that compare chunked and whole runs.
 */
export async function secretlintHits(
  text: string,
  only?: readonly string[],
  chunkChars = CHUNK_CHARS,
): Promise<SecretlintHit[]> {
  if (only ? only.length === 0 : !SECRETLINT_PREFILTER.test(text)) return [];
  const config = only ? subsetConfig(only) : CONFIG;
  if (text.length <= chunkChars + 2 * CONTEXT_CHARS) return lintPiece(text, 0, config);
  const hits: SecretlintHit[] = [];
  for (let own = 0; own < text.length; own += chunkChars) {
    const from = Math.max(0, own - CONTEXT_CHARS);
    const piece = text.slice(from, Math.min(text.length, own + chunkChars + CONTEXT_CHARS));
    if (!SECRETLINT_PREFILTER.test(piece)) continue;
    for (const hit of await lintPiece(piece, from, config))
      if (hit.range[0] >= own && hit.range[0] < own + chunkChars) hits.push(hit);
  }
  return hits;
}

async function lintPiece(
  text: string,
  offset: number,
  config: SecretLintCoreConfig,
): Promise<SecretlintHit[]> {
  const result = await lintSource({
    source: { content: text, filePath: '/cellguard-cell.txt', ext: '.txt', contentType: 'text' },
    options: { config, maskSecrets: true, noPhysicFilePath: true, locale: 'en' },
  });
  const hits: SecretlintHit[] = [];
  for (const message of result.messages) {
    if (message.type !== 'message') continue;
    const mapping = byPresetId.get(message.ruleId);
    if (!mapping) continue;
    hits.push({
      ruleId: mapping.ruleId,
      label: mapping.label,
      envName: mapping.envName,
      range: [message.range[0] + offset, message.range[1] + offset],
    });
  }
  return hits;
}

let warmed: Promise<unknown> | undefined;

/** Compile the rules' patterns before the first keystroke needs them. */
export function warmUpSecretlint(): Promise<unknown> {
  warmed ??= secretlintHits('AKIA0000000000000000 sk_live_0 hf_ xoxb-').catch(() => undefined);
  return warmed;
}
