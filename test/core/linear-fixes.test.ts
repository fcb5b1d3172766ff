/**
 * What the linear-time fixes must not change: chunked secretlint finds exactly what one whole
 * run finds, the bounded Python parse gives the same findings before a hostile line and says
 * where it stopped, digit runs past 24 digits still end where they did.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAnalyzer, fromPythonSource } from '@cellguard/core';
import * as secrets from '@cellguard/core/internal/secrets';
import { repoRoot } from '../support/paths.js';

const { digitRuns } = (await import(
  join(repoRoot, 'shared', 'dist', 'rules', 'outputs', 'digit-runs.js')
)) as { digitRuns(text: string, min: number): { start: number; end: number }[] };

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function pseudo(i: number, width: number): string {
  let out = '';
  for (let k = 0; k < width; k++) out += ALNUM[(i * 31 + k * 17 + ((i * k) % 13)) % ALNUM.length];
  return out;
}

describe('secretlint in chunks', () => {
  it('finds the same hits, with the same ranges, as one whole run', async () => {
    // Tokens of varying length and spacing, so many straddle chunk boundaries.
    let text = '';
    for (let i = 0; text.length < 40_000; i++) {
      const sep = ' '.repeat(1 + (i % 7)) + (i % 5 === 0 ? '\n' : '');
      const kind = i % 3;
      text +=
        kind === 0
          ? `AKIA${pseudo(i, 16).toUpperCase()}`
          : kind === 1
            ? `sk_live_${pseudo(i, 24 + (i % 9))}`
            : `glpat-${pseudo(i, 20 + (i % 30))}`;
      text += sep;
    }
    const whole = await secrets.secretlintHits(text, undefined, Infinity);
    const chunked = await secrets.secretlintHits(text, undefined, 1000);
    assert.ok(whole.length > 1000, `fixture yields ${whole.length} hits`);
    assert.deepEqual(chunked, whole);
    // The default chunk size gives the same answer too.
    assert.deepEqual(await secrets.secretlintHits(text), whole);
  });
});

describe('bounded Python parse', () => {
  it('stops at a line lezer cannot read in linear time, says where, and still finds the keys before it', async () => {
    const head = 'KEY = "AKIAQ3EGRX7PZJ5MTN2B"\napi_key = 1\n';
    const hostile = 'x="'.repeat(40_000);
    const analyzer = createAnalyzer();
    const { findings, notices } = await analyzer.analyzeNotebook(
      fromPythonSource(`${head}${hostile}`),
    );
    assert.ok(
      notices.some((n) => n.message.includes(`gave up at offset`)),
      JSON.stringify(notices),
    );
    assert.ok(findings.some((f) => f.ruleId === 'aws-access-key'));
    const clean = await analyzer.analyzeNotebook(fromPythonSource(`${head}x = "y"\n`));
    assert.deepEqual(clean.notices, []);
  });
});

describe('digit runs', () => {
  it('skip a run of more than 24 digits whole and still find the run after it', () => {
    const text = `${'1'.repeat(5000)} call +1 415-555-2671 now`;
    const runs = digitRuns(text, 7);
    assert.deepEqual(
      runs.map((r) => text.slice(r.start, r.end)),
      ['+1 415-555-2671'],
    );
  });
});
