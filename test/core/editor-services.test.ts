/**
 * The core's editor services on their own: exclusion (with hostile globs that must stay linear),
 * the notebook language, config layering (one parser, BOM included), save decisions and the
 * action menu. The conformance table (`conformance.test.ts`) runs notebooks through all of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  actionsFor,
  ConfigError,
  createAnalyzer,
  isExcluded,
  Glob,
  layerConfig,
  notebookLanguage,
  outputSummary,
  parseNotebook,
  plainRuleName,
  readConfigText,
  resolveLayers,
  saveCheck,
  configSearchPaths,
  type Finding,
} from '@cellguard/core';
import { fake } from './secrets-fakes.js';

describe('isExcluded', () => {
  const table: [glob: string, path: string, excluded: boolean][] = [
    ['build/', 'build/x.ipynb', true],
    ['build', 'build/x.ipynb', true],
    ['build/**', 'build/deep/x.ipynb', true],
    ['build/', 'src/build/x.ipynb', true],
    ['src/build/', 'build/x.ipynb', false],
    ['data/**', 'data/raw/a.ipynb', true],
    ['data/**', 'mydata/a.ipynb', false],
    ['*.py', 'a/b/train.py', true],
    ['*.py', 'a/b/train.ipynb', false],
    ['**/scratch-*.ipynb', 'x/scratch-1.ipynb', true],
    ['**/scratch-*.ipynb', 'scratch-1.ipynb', true],
    ['notebooks/*.ipynb', 'notebooks/a.ipynb', true],
    ['notebooks/*.ipynb', 'notebooks/sub/a.ipynb', false],
    ['{a,b}/x.ipynb', 'b/x.ipynb', true],
    ['{a,b}/x.ipynb', 'c/x.ipynb', false],
    ['run-[0-9].ipynb', 'run-7.ipynb', true],
    ['run-[!0-9].ipynb', 'run-7.ipynb', false],
    ['?.ipynb', 'a.ipynb', true],
    ['?.ipynb', 'ab.ipynb', false],
    ['./out', 'out/a.ipynb', true],
  ];
  for (const [glob, path, excluded] of table)
    it(`${glob} ${excluded ? 'excludes' : 'keeps'} ${path}`, () =>
      assert.equal(isExcluded(path, [glob]), excluded));

  it('an invalid glob matches nothing and never throws at match time', () => {
    assert.equal(isExcluded('a/b.ipynb', ['{a,b']), false);
    assert.throws(() => new Glob('{a,b'), /not closed/);
  });

  it('hostile globs stay linear in the path length (growth ratio over doublings)', () => {
    const hostile = [`${'**a'.repeat(12)}**!`, `${'*a'.repeat(14)}*!`];
    for (const glob of hostile) {
      const compiled = new Glob(glob);
      const cpu = (n: number): number => {
        const path = 'a'.repeat(n);
        const start = process.cpuUsage();
        for (let k = 0; k < 3; k++) assert.equal(compiled.matches(path), false);
        const used = process.cpuUsage(start);
        return (used.user + used.system) / 1000;
      };
      cpu(500); // warm up
      const times = [1000, 2000, 4000].map(cpu);
      // Linear: doubling the input roughly doubles the time (allow noise: < 3.5× per doubling).
      for (let i = 1; i < times.length; i++)
        assert.ok(
          times[i]! < Math.max(times[i - 1]!, 5) * 3.5,
          `${glob}: ${times.map((t) => t.toFixed(1)).join(' → ')} ms`,
        );
      assert.ok(times[2]! < 2000, `${glob}: ${times[2]!.toFixed(0)} ms for a 4,000-char path`);
    }
  });
});

describe('notebookLanguage', () => {
  const table: [metadata: unknown, fallback: string | undefined, language: string][] = [
    [{ language_info: { name: 'python' } }, undefined, 'python'],
    [{ language_info: { name: 'R' } }, undefined, 'r'],
    [{ language_info: { name: '' }, kernelspec: { language: 'python' } }, undefined, 'python'],
    [{ language_info: { name: '' }, kernelspec: { name: 'python3' } }, undefined, 'python'],
    [{ language_info: { name: '' } }, 'julia', 'julia'],
    [{ language_info: { name: '' } }, undefined, 'python'],
    [{}, undefined, 'python'],
    [null, undefined, 'python'],
    [{ kernelspec: { language: 'Scala' } }, undefined, 'scala'],
  ];
  for (const [metadata, fallback, language] of table)
    it(`${JSON.stringify(metadata)} → ${language}`, () =>
      assert.equal(notebookLanguage(metadata, fallback), language));

  it('an empty language_info.name does not disable the Python rules in the CLI path', async () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { language_info: { name: '' } },
      cells: [
        { cell_type: 'code', metadata: {}, source: 'import pickle\npickle.load(f)', outputs: [] },
      ],
    };
    const doc = parseNotebook(JSON.stringify(nb));
    assert.equal(doc.language, 'python');
    const { findings } = await createAnalyzer().analyzeNotebook(doc);
    assert.ok(findings.some((f) => f.ruleId === 'pickle-load'));
  });
});

describe('config layers', () => {
  it('one parser: a BOM is ignored, errors name the file', () => {
    const { resolved } = readConfigText('\ufeff{"exclude": ["build/"]}', '.cellguard.json');
    assert.deepEqual(resolved.exclude, ['build/']);
    assert.throws(
      () => readConfigText('{"exclude": 1}', 'x/.cellguard.json'),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /^x\/\.cellguard\.json: exclude/);
        return true;
      },
    );
  });

  it('settings layer on top of the file; a category off anywhere is off', () => {
    const merged = layerConfig(
      { categories: { secret: false }, rules: { 'pickle-load': 'off' }, exclude: ['a/'] },
      {
        categories: { 'unsafe-load': false, secret: true },
        rules: { 'pickle-load': 'error' },
        allowlist: ['/^sk-test-/', 'known-value'],
        exclude: ['b/'],
      },
    );
    assert.deepEqual(merged.categories, { secret: false, 'unsafe-load': false });
    assert.equal(merged.rules?.['pickle-load'], 'error');
    assert.deepEqual(merged.allowlist, { values: ['known-value'], patterns: ['^sk-test-'] });
    assert.deepEqual(merged.exclude, ['a/', 'b/']);
  });

  it('a bad settings layer falls back to the file alone and says why', () => {
    const { resolved, problems } = resolveLayers(
      { exclude: ['a/'] },
      { rules: { 'no-such-rule-id': 'error' } as Record<string, 'error'>, exclude: ['b/'] },
    );
    // Unknown rule ids may be accepted by the resolver; what matters is that nothing throws and
    // the file's layer survives.
    assert.ok(resolved.exclude.includes('a/'));
    assert.ok(Array.isArray(problems));
  });

  it('search paths run from the notebook folder up to the root', () => {
    assert.deepEqual(configSearchPaths('a/b/n.ipynb'), [
      'a/b/.cellguard.json',
      'a/.cellguard.json',
      '.cellguard.json',
    ]);
    assert.deepEqual(configSearchPaths('n.ipynb'), ['.cellguard.json']);
  });
});

async function findingsOf(cells: unknown[]): Promise<Finding[]> {
  const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
  return (await createAnalyzer().analyzeNotebook(parseNotebook(JSON.stringify(nb)))).findings;
}

describe('saveCheck and actionsFor', () => {
  const key = fake.openaiProject('save');
  const cells = [
    { cell_type: 'code', metadata: {}, source: `api_key = "${key}"`, outputs: [] },
    {
      cell_type: 'code',
      metadata: {},
      source: 'print(k)',
      outputs: [{ output_type: 'stream', name: 'stdout', text: [`${key}\n`] }],
    },
    { cell_type: 'code', metadata: {}, source: 'import torch\ntorch.load("m.pt")', outputs: [] },
  ];

  it('each policy decides the same warnings and edits', async () => {
    const findings = await findingsOf(cells);
    const categories = (list: readonly Finding[]): string[] =>
      [...new Set(list.map((f) => f.category))].sort();
    assert.deepEqual(categories(findings), ['secret', 'sensitive-output', 'unsafe-load']);
    const off = saveCheck(findings, 'off');
    assert.deepEqual([off.warn.length, off.edits.length], [0, 0]);
    const warn = saveCheck(findings, 'warn');
    assert.deepEqual(categories(warn.warn), ['secret', 'sensitive-output']);
    assert.equal(warn.edits.length, 0);
    assert.match(warn.summary, /^1 secret, 1 sensitive value in outputs$/);
    const redact = saveCheck(findings, 'redact');
    assert.deepEqual(
      redact.edits.map((e) => e.kind),
      ['redact-output'],
    );
    assert.deepEqual(categories(redact.warn), ['secret']);
    const clear = saveCheck(findings, 'clear');
    assert.deepEqual(clear.edits, [{ kind: 'clear-output', cellIndex: 1, outputIndex: 0 }]);
  });

  it('an output finding gets Redact (safe, preferred), Clear (unsafe, marked), Clear all, suppress in cell, docs', async () => {
    const findings = await findingsOf(cells);
    const out = findings.find((f) => f.location.kind === 'output')!;
    const doc = parseNotebook(
      JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }),
    );
    const menu = actionsFor(out, doc.cells[1]!);
    assert.deepEqual(
      menu.map((a) => [a.kind, a.label, a.kind === 'docs' ? undefined : a.fix.applicability]),
      [
        ['fix', out.fixes[0]!.title, 'safe'],
        ['fix', 'Clear this output (may change behaviour)', 'unsafe'],
        ['fix', 'Clear all outputs of this cell (may change behaviour)', 'unsafe'],
        ['suppress-cell', `Suppress ${out.ruleId} in this cell`, 'safe'],
        ['docs', `Show documentation for ${out.ruleId}`, undefined],
      ],
    );
    const src = findings.find((f) => f.location.kind === 'source' && f.category === 'secret')!;
    const srcMenu = actionsFor(src, doc.cells[0]!);
    assert.deepEqual(
      srcMenu.map((a) => a.kind),
      [...src.fixes.map(() => 'fix'), 'suppress-line', 'suppress-cell', 'docs'],
    );
  });
});

describe('plain summaries of output findings', () => {
  it('names rules in plain words, acronyms in capitals, by count, most frequent first', () => {
    assert.equal(plainRuleName('email-address-in-output'), 'email address');
    assert.equal(plainRuleName('openai-api-key'), 'OpenAI API key');
    assert.equal(plainRuleName('ssn-in-output'), 'SSN');
    const f = (ruleId: string): Finding => ({ ruleId }) as Finding;
    assert.equal(
      outputSummary([f('private-key'), f('email-address-in-output'), f('email-address-in-output')]),
      'email address ×2, private key',
    );
    assert.equal(outputSummary([]), '');
  });
});

describe('the public secrets namespace', () => {
  it('returns no raw secret from any of its functions', async () => {
    const { secrets } = await import('@cellguard/core');
    const key = fake.openaiProject('public-api');
    const text = `api_key = "${key}"`;
    for (const [name, value] of Object.entries(secrets)) {
      if (typeof value !== 'function' || name === 'warmUpSecretlint') continue;
      let result: unknown;
      try {
        result = (value as (...args: unknown[]) => unknown)(text, text);
        result = await result;
      } catch {
        continue; // a wrong-shaped argument may throw; it still returned nothing
      }
      const shown =
        JSON.stringify(result, (_, v: unknown) => (v instanceof Set ? [...v] : v)) ?? '';
      assert.ok(!shown.includes(key.slice(8, 20)), `secrets.${name} returned the raw value`);
    }
    for (const internal of ['scanText', 'ownHits', 'secretlintHits', 'textCandidates', 'DETECTORS'])
      assert.ok(!(internal in secrets), `secrets.${internal} is not public`);
  });
});
