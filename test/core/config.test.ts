import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Analyzer,
  allRules,
  ConfigError,
  parseConfig,
  resolveConfig,
  suppressCellFix,
  suppressLineFix,
  applySourceEdits,
} from '@cellguard/core';

describe('config', () => {
  it('defaults to every category on', () => {
    const config = resolveConfig({});
    assert.deepEqual(config.categories, {
      secret: true,
      'sensitive-output': true,
      'unsafe-load': true,
    });
  });
  it('turns rules off, changes severities and categories', async () => {
    const source = 'import pickle\npickle.load(f)';
    const off = new Analyzer(allRules, resolveConfig({ rules: { 'pickle-load': 'off' } }));
    assert.equal((await off.analyzePython(source)).findings.length, 0);
    const error = new Analyzer(
      allRules,
      resolveConfig({ rules: { 'pickle-load': { severity: 'error' } } }),
    );
    assert.equal((await error.analyzePython(source)).findings[0]!.severity, 'error');
    const noLoads = new Analyzer(allRules, resolveConfig({ categories: { 'unsafe-load': false } }));
    assert.equal((await noLoads.analyzePython(source)).findings.length, 0);
  });
  it('allowlists values and patterns', () => {
    const config = resolveConfig({ allowlist: { values: ['abc'], patterns: ['^test-'] } });
    assert.ok(config.allowValues.has('abc'));
    assert.ok(config.allowPatterns[0]!.test('test-key'));
  });
  const bad: [unknown, RegExp][] = [
    [[], /top level must be an object/],
    [{ rulez: {} }, /unknown key "rulez"/],
    [{ rules: { x: 'loud' } }, /rules\.x: must be one of/],
    [{ categories: { secrets: true } }, /unknown category "secrets"/],
    [{ allowlist: { patterns: ['('] } }, /invalid regular expression/],
    [{ exclude: 'a' }, /exclude: must be a list of strings/],
  ];
  for (const [raw, message] of bad) {
    it(`rejects ${JSON.stringify(raw)}`, () => {
      assert.throws(
        () => resolveConfig(raw),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
    });
  }
  it('reports invalid JSON with the file name and never evaluates it', () => {
    assert.throws(
      () => parseConfig('module.exports = {}', '/x/.cellguard.json'),
      /\/x\/\.cellguard\.json: invalid JSON/,
    );
  });
});

describe('suppression fixes', () => {
  const cell = {
    kind: 'code' as const,
    source: 'import pickle\nm = pickle.load(f)\n',
    outputs: [],
  };
  it('adds an inline comment at the end of the line', () => {
    const fix = suppressLineFix(cell, 0, 'pickle-load', 20);
    const edits = fix.edits.flatMap((e) => (e.kind === 'source' ? [e] : []));
    assert.equal(
      applySourceEdits(cell.source, edits),
      'import pickle\nm = pickle.load(f)  # cellguard: ignore[pickle-load]\n',
    );
    assert.equal(fix.applicability, 'safe');
  });
  it('extends an existing directive', () => {
    const withDirective = { ...cell, source: 'x = 1  # cellguard: ignore[a]' };
    const fix = suppressLineFix(withDirective, 0, 'b', 0);
    const edits = fix.edits.flatMap((e) => (e.kind === 'source' ? [e] : []));
    assert.equal(applySourceEdits(withDirective.source, edits), 'x = 1  # cellguard: ignore[a, b]');
  });
  it('writes cell metadata with a reason', () => {
    const fix = suppressCellFix(cell, 3, 'pickle-load', 'our own file');
    assert.deepEqual(fix.edits, [
      {
        kind: 'cell-metadata',
        cellIndex: 3,
        key: 'cellguard',
        value: { ignore: ['pickle-load'], reason: 'our own file' },
      },
    ]);
  });
});

describe('config JSON Schema', async () => {
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const { join } = await import('node:path');
  const { repoRoot } = await import('../support/paths.js');
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv') as new (options: object) => {
    compile(schema: object): (data: unknown) => boolean;
  };
  const schema = JSON.parse(
    readFileSync(join(repoRoot, 'shared', 'schema', 'cellguard.schema.json'), 'utf8'),
  ) as object;
  const validate = new Ajv({ strict: false, validateFormats: false }).compile(schema);
  const good = [
    {},
    {
      $schema: './x.json',
      categories: { secret: false },
      rules: { 'pickle-load': 'off', x: { severity: 'error', options: { a: 1 } } },
      allowlist: { values: ['a'], patterns: ['^b'] },
      exclude: ['data/**'],
    },
  ];
  const bad = [
    { rulez: {} },
    { rules: { x: 'loud' } },
    { categories: { secrets: true } },
    { exclude: 'a' },
    { allowlist: { value: [] } },
  ];
  it('accepts what resolveConfig accepts', () => {
    for (const raw of good) {
      assert.ok(validate(raw), JSON.stringify(raw));
      resolveConfig(raw);
    }
  });
  it('rejects what resolveConfig rejects', () => {
    for (const raw of bad) {
      assert.equal(validate(raw), false, JSON.stringify(raw));
      assert.throws(() => resolveConfig(raw), ConfigError);
    }
  });
});
