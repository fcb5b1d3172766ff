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
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import { caseVariants, LiteralSet } from './literals.js';

secretLintProfiler.setEnabled(false);

interface Mapping {
  /** Cellguard rule id. */
  readonly ruleId: string;
  readonly label: string;
  readonly envName: string;
  /**
   * Literals one of which every match of the secretlint rule contains, read off its patterns in
   * `@secretlint/secretlint-rule-preset-recommend` 13.0.7 (`module/index.js`).
   */
  readonly triggers: readonly string[];
  /**
   * A pattern every match the rule reports (after `allowMessageIds`) matches: checked after the
   * triggers, before secretlint runs the rule. For rules whose triggers are common words.
   */
  readonly mustMatch?: RegExp;
  readonly options?: Record<string, unknown>;
  readonly allowMessageIds?: string[];
}

const PRESET = '@secretlint/secretlint-rule-';

/**
 * Enabled preset rules → Cellguard rules. Rules not listed here are disabled, each for a reason
 * kept in `DISABLED`; a test fails when the preset gains a rule that is in neither.
 */
export const SECRETLINT_RULES: Readonly<Record<string, Mapping>> = {
  // `(A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}`. Account ids are not
  // secrets; its secret-key check reports the wrong range (the whole `KEY=value`), so Cellguard's
  // own context detector handles secret keys.
  aws: {
    ruleId: 'aws-access-key',
    label: 'AWS access key id',
    envName: 'AWS_ACCESS_KEY_ID',
    triggers: ['A3T', 'AKIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'ASIA'],
    // `AWSAccessKeyIDPattern`, the only message not allowed: `ASIA`/`AIDA` occur in words and
    // tables, and the rule's account-id and secret-key scans (reported, then dropped) are costly.
    mustMatch: /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/,
    options: { enableIDScanRule: true },
    allowMessageIds: ['AWSAccountID', 'AWSSecretAccessKey'],
  },
  // `npm_[A-Za-z0-9_]{36}`, `_authToken=`, `…:x-oauth-basic@github.com/`
  npm: {
    ruleId: 'npm-token',
    label: 'npm access token',
    envName: 'NPM_TOKEN',
    triggers: ['npm_', '_authToken=', 'x-oauth-basic@github.com'],
  },
  // `(xoxb|xoxp|xapp|xoxa|xoxo|xoxr)-…`, `https://hooks.slack.com/services/T…` (case-insensitive)
  slack: {
    ruleId: 'slack-token',
    label: 'Slack token',
    envName: 'SLACK_BOT_TOKEN',
    triggers: [
      'xoxb-',
      'xoxp-',
      'xoxa-',
      'xoxr-',
      'xoxo-',
      'xapp-',
      ...caseVariants('hooks.slack.com'),
    ],
  },
  // `SG.\w{1,128}.\w{1,128}…`
  sendgrid: {
    ruleId: 'sendgrid-api-key',
    label: 'SendGrid API key',
    envName: 'SENDGRID_API_KEY',
    triggers: ['SG.'],
  },
  // `(shppa|shpca|shpat|shpss)_[a-zA-Z0-9]{32,64}`
  shopify: {
    ruleId: 'shopify-token',
    label: 'Shopify access token',
    envName: 'SHOPIFY_ACCESS_TOKEN',
    triggers: ['shppa_', 'shpca_', 'shpat_', 'shpss_'],
  },
  // `(sk_live|sk_test|rk_live|rk_test)_[a-zA-Z0-9]{24,99}`
  stripe: {
    ruleId: 'stripe-api-key',
    label: 'Stripe API key',
    envName: 'STRIPE_API_KEY',
    triggers: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
  },
  // `glpat-[A-Za-z0-9_-]{20,128}`
  gitlab: {
    ruleId: 'gitlab-token',
    label: 'GitLab access token',
    envName: 'GITLAB_TOKEN',
    triggers: ['glpat-'],
  },
  // `glc_…`, `glsa_…`
  grafana: {
    ruleId: 'grafana-token',
    label: 'Grafana token',
    envName: 'GRAFANA_TOKEN',
    triggers: ['glc_', 'glsa_'],
  },
  // `sk-(?:proj|svcacct|admin)-…T3BlbkFJ…|sk-[a-zA-Z0-9]{20}T3BlbkFJ…`: both need the marker.
  openai: {
    ruleId: 'openai-api-key',
    label: 'OpenAI API key',
    envName: 'OPENAI_API_KEY',
    triggers: ['T3BlbkFJ'],
  },
  // `sk-ant-api0\d-…AA`
  anthropic: {
    ruleId: 'anthropic-api-key',
    label: 'Anthropic API key',
    envName: 'ANTHROPIC_API_KEY',
    triggers: ['sk-ant-api0'],
  },
  // `gsk_[a-zA-Z0-9]{52}`
  groq: {
    ruleId: 'groq-api-key',
    label: 'Groq API key',
    envName: 'GROQ_API_KEY',
    triggers: ['gsk_'],
  },
  // `hf_[a-zA-Z]{34}`
  huggingface: {
    ruleId: 'huggingface-token',
    label: 'Hugging Face token',
    envName: 'HF_TOKEN',
    triggers: ['hf_'],
  },
  // `lin_api_[a-zA-Z0-9_]{32,128}`
  linear: {
    ruleId: 'linear-api-key',
    label: 'Linear API key',
    envName: 'LINEAR_API_KEY',
    triggers: ['lin_api_'],
  },
  // `ntn_[0-9]{11}[A-Za-z0-9]{35}`
  notion: {
    ruleId: 'notion-token',
    label: 'Notion integration token',
    envName: 'NOTION_TOKEN',
    triggers: ['ntn_'],
  },
  // `ops_(ey[A-Za-z0-9+/=]{100,1280}fQ={0,2})`
  '1password': {
    ruleId: 'onepassword-service-account-token',
    label: '1Password service account token',
    envName: 'OP_SERVICE_ACCOUNT_TOKEN',
    triggers: ['ops_ey'],
  },
  // `hvs.…`, `hvb.…`, `hvr.…`
  'hashicorp-vault': {
    ruleId: 'vault-token',
    label: 'HashiCorp Vault token',
    envName: 'VAULT_TOKEN',
    triggers: ['hvs.', 'hvb.', 'hvr.'],
  },
  // `(vcp|vci|vca|vcr|vck)_[A-Za-z0-9]{20,60}`
  vercel: {
    ruleId: 'vercel-token',
    label: 'Vercel token',
    envName: 'VERCEL_TOKEN',
    triggers: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
  },
  // `dapi[A-Fa-f0-9]{32}(?:-[0-9])?`
  databricks: {
    ruleId: 'databricks-token',
    label: 'Databricks personal access token',
    envName: 'DATABRICKS_TOKEN',
    triggers: ['dapi'],
  },
  // `dckr_pat_[a-zA-Z0-9_-]{27}`
  docker: {
    ruleId: 'docker-hub-token',
    label: 'Docker Hub access token',
    envName: 'DOCKER_TOKEN',
    triggers: ['dckr_pat_'],
  },
  // `figd_[A-Za-z0-9_-]{40,200}`
  figma: {
    ruleId: 'figma-token',
    label: 'Figma access token',
    envName: 'FIGMA_TOKEN',
    triggers: ['figd_'],
  },
  // `(cfk|cfut|cfat)_[A-Za-z0-9]{40}[0-9a-f]{8}`
  cloudflare: {
    ruleId: 'cloudflare-api-token',
    label: 'Cloudflare API token',
    envName: 'CLOUDFLARE_API_TOKEN',
    triggers: ['cfk_', 'cfut_', 'cfat_'],
  },
  // `tskey-[a-z]{2,20}-…`
  tailscale: {
    ruleId: 'tailscale-key',
    label: 'Tailscale key',
    envName: 'TS_AUTHKEY',
    triggers: ['tskey-'],
  },
};

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
