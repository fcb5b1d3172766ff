/**
 * The machinery behind the secret rules: the secretlint mapping stays complete as the preset
 * changes, the prefilter never hides a token secretlint would find, the placeholder knowledge,
 * GitHub's checksum, fixes on outputs, and the per-cell cost.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, allRules } from '@cellguard/core';
// Scan internals (they return raw hits): not part of the public API.
import * as secrets from '@cellguard/core/internal/secrets';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import { docFor } from '../support/rule-tester.js';
import { fake } from './secrets-fakes.js';

const ruleIds = new Set(allRules.map((rule) => rule.meta.id));

describe('secretlint integration', () => {
  it('maps or disables every rule of the preset (a new preset rule fails here)', () => {
    const mapped = Object.keys(secrets.SECRETLINT_RULES);
    const disabled = Object.keys(secrets.SECRETLINT_DISABLED);
    assert.deepEqual([...secrets.PRESET_RULE_IDS].sort(), [...mapped, ...disabled].sort());
    for (const mapping of Object.values(secrets.SECRETLINT_RULES))
      assert.ok(ruleIds.has(mapping.ruleId), mapping.ruleId);
  });

  it('every own detector reports through a registered rule', () => {
    for (const detector of secrets.DETECTORS)
      assert.ok(ruleIds.has(detector.ruleId), detector.ruleId);
  });

  it('turns the profiler off', () => {
    // The profiler keeps every mark it records: on by default, it grew the heap without bound.
    assert.equal((secretLintProfiler as unknown as { enabled: boolean }).enabled, false);
  });

  it('each trigger literal occurs in the preset source of its rule (derived, not invented)', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const source = readFileSync(
      require
        .resolve('@secretlint/secretlint-rule-preset-recommend')
        .replace(/index\.js$/, 'index.js'),
      'utf8',
    );
    for (const [short, mapping] of Object.entries(secrets.SECRETLINT_RULES)) {
      for (const literal of mapping.triggers) {
        // Literals are written in the source as regex text (`SG\.`), in alternations (`vcp|vci`)
        // or split by a group (`ops_(ey[`): compare without the trailing separator, and without case.
        const lower = source.toLowerCase();
        const stem = literal
          .replace(/[_.\-=]$/, '')
          .replace(/\./g, '\\.')
          .toLowerCase();
        const known =
          lower.includes(literal.toLowerCase()) ||
          lower.includes(stem) ||
          (literal === 'ops_ey' && source.includes('ops_(ey['));
        assert.ok(known, `${short}: trigger ${literal} not found in the preset`);
      }
    }
  });

  // One realistic fake per enabled preset rule: the prefilter must let it through and
  // secretlint must find it. This is what keeps recall when the prefilter skips a cell.
  const samples: Record<string, string> = {
    aws: fake.awsKeyId('sl'),
    npm: fake.npm('sl'),
    slack: fake.slack('sl'),
    sendgrid: fake.sendgrid('sl'),
    shopify: fake.shopify('sl'),
    stripe: fake.stripe('sl'),
    gitlab: fake.gitlab('sl'),
    grafana: fake.grafana('sl'),
    openai: fake.openaiProject('sl'),
    anthropic: fake.anthropic('sl'),
    groq: fake.groq('sl'),
    huggingface: fake.huggingface('sl'),
    linear: fake.linear('sl'),
    notion: fake.notion('sl'),
    '1password': fake.onepassword('sl'),
    'hashicorp-vault': fake.vault('sl'),
    vercel: fake.vercel('sl'),
    databricks: fake.databricks('sl'),
    docker: fake.docker('sl'),
    figma: fake.figma('sl'),
    cloudflare: fake.cloudflare('sl'),
    tailscale: fake.tailscale('sl'),
  };
  for (const short of Object.keys(secrets.SECRETLINT_RULES)) {
    it(`prefilter passes and secretlint finds: ${short}`, async () => {
      const sample = samples[short];
      assert.ok(sample, `no sample for ${short}`);
      const text = `x = 1\nkey = "${sample}"\n`;
      assert.ok(secrets.SECRETLINT_PREFILTER.test(text), 'prefilter');
      const hits = await secrets.secretlintHits(text);
      assert.ok(
        hits.some((hit) => hit.ruleId === secrets.SECRETLINT_RULES[short]!.ruleId),
        `secretlint did not report ${short}`,
      );
    });
  }

  it('the preset exposes the rules we configure as a flat list', () => {
    const ids = new Set(presetRules.map((rule) => rule.meta.id));
    for (const short of Object.keys(secrets.SECRETLINT_RULES))
      assert.ok(ids.has(`@secretlint/secretlint-rule-${short}`), short);
  });
});

describe('prefilter', () => {
  it('skips ordinary code, and a literal set matches like includes()', () => {
    const cell =
      'model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf")\ntokens = tokenizer(text, max_length=512)\n';
    assert.equal(secrets.cannotContainProviderSecret(cell), true);
    const set = new secrets.LiteralSet(['sk-', 'AKIA', 'hooks.slack.com']);
    for (const [text, expected] of [
      ['x = "sk-abc"', true],
      ['AKIA', true],
      ['https://hooks.slack.com/services', true],
      ['sk', false],
      ['', false],
      ['é sk-', true],
    ] as const) {
      assert.equal(set.test(text), expected, text);
    }
  });
});

describe('placeholders', () => {
  const placeholders = [
    'YOUR_API_KEY',
    '<token>',
    'sk-...',
    '[your-api-key]',
    'xxxxxxxx',
    '********',
    '........',
    'changeme',
    'REPLACE_ME',
    '${OPENAI_API_KEY}',
    '{{api_key}}',
    'os.environ["OPENAI_API_KEY"]',
    'EMPTY',
    'ollama',
    'lm-studio',
    'AKIAIOSFODNN7EXAMPLE',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'sk-proj-****a1Xz',
    'hf_****',
    '<YOUR_PINECONE_KEY>',
    'your-openai-key-here',
    'INSERT_KEY_HERE',
    'sk-xxxxxxxxxxxxxxxxxxxxxxxx',
  ];
  for (const value of placeholders)
    it(`placeholder: ${value}`, () => assert.equal(secrets.isPlaceholder(value), true));
  const real = [
    fake.openaiProject('ph'),
    fake.huggingface('ph'),
    fake.password('ph'),
    fake.awsSecret('ph'),
  ];
  it('real-looking values are not placeholders', () => {
    for (const value of real) assert.equal(secrets.isPlaceholder(value), false);
  });
  it('masked values', () => {
    for (const value of [
      '****',
      'sk-proj-****a1Xz',
      'abcd…wxyz',
      '[REDACTED:openai-api-key]',
      '••••••',
    ])
      assert.equal(secrets.looksMasked(value), true, value);
    assert.equal(secrets.looksMasked(fake.openaiProject('m')), false);
  });
  it('identifiers: SHAs, UUIDs, digests, model names, paths, secret names', () => {
    for (const value of [
      fake.hex(40, 'i'),
      fake.uuid('i'),
      'sha256:' + fake.hex(64, 'i'),
      'meta-llama/Llama-3.1-8B-Instruct',
      'prod/openai/key',
      'data/train.csv',
      'https://example.org/a',
      'torch.float16',
      'v1.2.3',
      '2024-01-01T00:00:00Z',
    ]) {
      assert.equal(secrets.isIdentifierLike(value), true, value);
    }
    assert.equal(secrets.isIdentifierLike(fake.openaiProject('i')), false);
  });
  it('credential names and tokenizer vocabulary', () => {
    for (const name of [
      'password',
      'db_password',
      'PASSWD',
      'pwd',
      'api_key',
      'apiKey',
      'OPENAI_API_KEY',
      'client_secret',
      'access_token',
      'auth_token',
      'private_key',
      'credentials',
      'SECRET_KEY',
    ]) {
      assert.ok(secrets.credentialNameKind(name), name);
    }
    for (const name of [
      'max_tokens',
      'pad_token',
      'tokenizer',
      'token_type_ids',
      'num_tokens',
      'secret_name',
      'key_path',
      'token_url',
      'keys',
      'primary_key',
      'author',
      'tiktoken',
      'password_field',
    ]) {
      assert.equal(secrets.credentialNameKind(name), undefined, name);
    }
  });
});

describe('GitHub checksum', () => {
  it('accepts tokens whose last 6 characters are the base62 CRC32 of the body', () => {
    assert.equal(secrets.hasValidGitHubChecksum(fake.github('c1')), true);
    assert.equal(secrets.hasValidGitHubChecksum(fake.github('c2', 'gho')), true);
    assert.equal(secrets.hasValidGitHubChecksum(fake.githubBadChecksum('c3')), false);
    assert.equal(secrets.hasValidGitHubChecksum('ghp_' + 'a'.repeat(36)), false);
  });
  it('CRC32 matches zlib', () => {
    // zlib.crc32(b"The quick brown fox jumps over the lazy dog") == 0x414FA339
    assert.equal(secrets.crc32('The quick brown fox jumps over the lazy dog'), 0x414fa339);
    assert.equal(secrets.base62(61, 2), '0z');
  });
});

describe('outputs', () => {
  it('a secret in an output is a sensitive-output finding with a safe redact fix and a clear fix', async () => {
    const key = fake.openaiProject('out');
    const doc = docFor({ output: `OPENAI_API_KEY=${key}\n` });
    const { findings } = await new Analyzer(allRules).analyzeNotebook(doc);
    const finding = findings.find((f) => f.ruleId === 'openai-api-key');
    assert.ok(finding);
    assert.equal(finding.category, 'sensitive-output');
    assert.ok(!finding.message.includes(key.slice(8)), 'message must be masked');
    const [redact, clear] = finding.fixes;
    assert.equal(redact?.applicability, 'safe');
    assert.deepEqual(redact?.edits, [
      {
        kind: 'redact-output',
        cellIndex: 0,
        outputIndex: 0,
        mimeType: 'stream',
        replacements: [{ range: [15, 15 + key.length], text: '[REDACTED:openai-api-key]' }],
      },
    ]);
    assert.deepEqual(clear?.edits, [{ kind: 'clear-output', cellIndex: 0, outputIndex: 0 }]);
  });

  it('the same key in text/plain and text/html of one output is one finding', async () => {
    const key = fake.huggingface('dup');
    const doc = docFor({
      cells: [{ source: 'show()', outputs: [{ mimeType: 'text/plain', text: `token: ${key}` }] }],
    });
    (doc.cells[0]!.outputs[0]!.texts as { mimeType: string; text: string }[]).push({
      mimeType: 'text/html',
      text: `<b>token</b>: ${key}`,
    });
    const { findings } = await new Analyzer(allRules).analyzeNotebook(doc);
    assert.equal(findings.filter((f) => f.ruleId === 'huggingface-token').length, 1);
  });
});
