/**
 * A config that silently turns most checks off is said, in every format: every category or most
 * rules off, an allowlist pattern that accepts any value, excludes that match every file, and a
 * config picked up from a parent folder with no repository root in between.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { configWarnings, isExcluded, resolveConfig } from '@cellguard/core';
import { cli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cellguard-config-warnings-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const warningsOf = (raw: object, active = 50): string[] => {
  const config = resolveConfig(raw as never);
  return configWarnings(config, 60, active, (path) => isExcluded(path, config.exclude));
};

describe('configWarnings (core)', () => {
  it('names what a config disables without saying so', () => {
    assert.deepEqual(warningsOf({}), []);
    assert.match(warningsOf({}, 0)[0]!, /every rule is off/);
    assert.match(warningsOf({}, 20)[0]!, /only 20 of 60 rules are on/);
    for (const pattern of ['', '.*', '.', '^.*$', '(?:)'])
      assert.match(
        warningsOf({ allowlist: { patterns: [pattern] } }).join(),
        /allowlist\.patterns\[0\] matches any value/,
        pattern,
      );
    assert.deepEqual(warningsOf({ allowlist: { patterns: ['^sk_test_', 'EXAMPLE$'] } }), []);
    for (const glob of ['**', '**/*'])
      assert.match(warningsOf({ exclude: [glob] }).join(), /excludes every file/, glob);
    assert.deepEqual(warningsOf({ exclude: ['build/', '**/*.tmp.ipynb'] }), []);
  });
});

describe('the CLI says so on stderr and in JSON and SARIF', () => {
  const STRIPE = 'stripe_key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"\n';
  const cases: [string, object, RegExp][] = [
    [
      'off',
      { categories: { secret: false, 'sensitive-output': false, 'unsafe-load': false } },
      /every rule is off/,
    ],
    ['allow', { allowlist: { patterns: [''] } }, /matches any value/],
    ['exclude', { exclude: ['**'] }, /excludes every file/],
  ];
  for (const [name, config, warning] of cases) {
    it(`${name}: a warning naming the config, in every format`, async () => {
      const ws = join(dir, name);
      mkdirSync(join(ws, '.git'), { recursive: true });
      writeFileSync(join(ws, '.cellguard.json'), JSON.stringify(config));
      writeFileSync(join(ws, 'x.py'), STRIPE);
      for (const format of ['text', 'json', 'sarif']) {
        const run = await cli(ws, 'scan', '--format', format, '.');
        assert.match(run.stderr, new RegExp(`warning: .*\\.cellguard\\.json: .*${warning.source}`));
        if (format === 'json')
          assert.match(
            String((JSON.parse(run.stdout) as { configWarnings: string[] }).configWarnings),
            warning,
          );
        if (format === 'sarif') {
          const sarif = JSON.parse(run.stdout) as {
            runs: { properties: { config: string; configWarnings: string[] } }[];
          };
          assert.equal(sarif.runs[0]!.properties.config, '.cellguard.json');
          assert.match(String(sarif.runs[0]!.properties.configWarnings), warning);
        }
      }
    });
  }

  it('a config from a parent folder with no repository root in between is named', async () => {
    const parent = join(dir, 'parent');
    mkdirSync(join(parent, 'project'), { recursive: true });
    writeFileSync(join(parent, '.cellguard.json'), '{}');
    writeFileSync(join(parent, 'project', 'x.py'), STRIPE);
    const run = await cli(join(parent, 'project'), 'scan', '.');
    assert.match(run.stderr, /warning: .*parent.\.cellguard\.json: read from a parent folder/);
    // Inside a repository the nearest config up to its root is the expected one: no warning.
    mkdirSync(join(parent, 'project', '.git'));
    writeFileSync(join(parent, 'project', '.cellguard.json'), '{}');
    mkdirSync(join(parent, 'project', 'sub'));
    writeFileSync(join(parent, 'project', 'sub', 'x.py'), STRIPE);
    const inside = await cli(join(parent, 'project', 'sub'), 'scan', '.');
    assert.doesNotMatch(inside.stderr, /warning/);
  });
});
