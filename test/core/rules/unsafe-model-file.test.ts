/**
 * `unsafe-model-file`: the rule's table. Its fixtures are model files
 * (`test/fixtures/rules/unsafe-model-file/{ng|ok}.<verdict>.<what>.<ext>`, written by
 * `test/model-fixtures.py --small`): each `ng.*` file gets exactly one finding at the verdict's
 * level, each `ok.*` file none. Then the message, the properties and the fingerprint.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  bytesSource,
  createAnalyzer,
  modelFileFormat,
  resolveConfig,
  scanModel,
  type ModelScan,
} from '@cellguard/core';
import { fixturesDir } from '../../support/paths.js';

const dir = join(fixturesDir, 'rules', 'unsafe-model-file');
const LEVEL: Record<string, string | undefined> = {
  malicious: 'error',
  suspicious: 'warning',
  library: 'note',
  unsupported: 'note',
  safe: undefined,
};
const analyzer = createAnalyzer();

async function scanFixture(name: string): Promise<ModelScan | undefined> {
  const source = bytesSource(new Uint8Array(readFileSync(join(dir, name))));
  if ((await modelFileFormat(source, name)) === undefined) return undefined;
  return scanModel(source, name);
}

/** A scan result with the fields the rule reads, for hand-made cases. */
function scanOf(partial: Partial<ModelScan>): ModelScan {
  return {
    format: 'pickle',
    verdict: 'safe',
    callables: [],
    notes: [],
    weightsOnlyCompatible: false,
    ...partial,
  };
}

describe('unsafe-model-file fixtures', () => {
  const files = readdirSync(dir).sort();
  it('has both reported (ng.*) and unreported (ok.*) fixtures of every verdict', () => {
    const verdicts = new Set(files.map((f) => f.split('.')[1]));
    for (const v of ['malicious', 'suspicious', 'library', 'unsupported', 'safe'])
      assert.ok(verdicts.has(v), v);
  });
  for (const file of files) {
    it(file, async () => {
      const [kind, verdict] = file.split('.') as [string, string];
      const scan = await scanFixture(file);
      assert.ok(scan, `${file} is sniffed as a model file`);
      assert.equal(scan.verdict, verdict);
      const finding = analyzer.modelFileFinding(scan, `models/${file}`);
      if (kind === 'ok') {
        assert.equal(finding, undefined);
        return;
      }
      assert.ok(finding, `${file} is reported`);
      assert.equal(finding.ruleId, 'unsafe-model-file');
      assert.equal(finding.category, 'unsafe-load');
      assert.equal(finding.severity, LEVEL[verdict]);
      assert.equal(finding.messageId, verdict);
      assert.equal(finding.properties.verdict, verdict);
      assert.equal(finding.location.kind, 'file');
      assert.ok(finding.message.startsWith(`models/${file} (${scan.format})`), finding.message);
      assert.doesNotMatch(finding.message, /\{\{/);
    });
  }
});

describe('unsafe-model-file findings', () => {
  it('a malicious file names each callable with its reason, member and offset', async () => {
    const scan = await scanFixture('ng.malicious.torch-zip-reduce.pt');
    const finding = analyzer.modelFileFinding(scan!, 'ckpt/model.pt')!;
    assert.equal(
      finding.message,
      'ckpt/model.pt (pytorch-zip) runs code when it is loaded: `posix.system` (runs processes and touches files, archive/data.pkl offset 2). Do not load it; delete it and find out where it came from (CWE-502).',
    );
    assert.deepEqual(finding.properties.globals, ['posix.system']);
  });

  it('globals are listed once each, in file order; the message names at most four', () => {
    const callables = ['a', 'b', 'c', 'd', 'e', 'a'].map((name, offset) => ({
      module: 'evil',
      name,
      offset,
      verdict: 'malicious' as const,
      reason: 'test',
      called: true,
    }));
    const finding = analyzer.modelFileFinding(
      scanOf({ verdict: 'malicious', callables }),
      'x.pkl',
    )!;
    assert.deepEqual(finding.properties.globals, [
      'evil.a',
      'evil.b',
      'evil.c',
      'evil.d',
      'evil.e',
    ]);
    assert.match(finding.message, /`evil\.d` \(test, offset 3\) and 2 more\./);
  });

  it('library: a note naming the library classes, not the safe numpy rebuilders', async () => {
    const scan = await scanFixture('ng.library.sklearn-logistic.pkl');
    const finding = analyzer.modelFileFinding(scan!, 'lr.pkl')!;
    assert.equal(finding.severity, 'note');
    assert.match(finding.message, /`sklearn\.linear_model\._logistic\.LogisticRegression`/);
    assert.doesNotMatch(finding.message, /_reconstruct/);
    assert.ok(finding.properties.globals.includes('numpy.core.multiarray._reconstruct'));
  });

  it('unsupported: the note says why the file could not be judged', async () => {
    const scan = await scanFixture('ng.unsupported.zip-encrypted.pt');
    const finding = analyzer.modelFileFinding(scan!, 'enc.pt')!;
    assert.equal(finding.severity, 'note');
    assert.match(finding.message, /^enc\.pt \(pytorch-zip\) could not be judged: .*encrypted/);
  });

  it('the fingerprint is keyed, stable, and changes with what the file imports', () => {
    const scan = scanOf({
      verdict: 'suspicious',
      callables: [
        {
          module: 'pkg',
          name: 'Model',
          offset: 2,
          verdict: 'suspicious',
          reason: 'x',
          called: true,
        },
      ],
    });
    const a = createAnalyzer(undefined, { fingerprintKey: 'key-a' });
    const b = createAnalyzer(undefined, { fingerprintKey: 'key-b' });
    const first = a.modelFileFinding(scan, 'm.pkl')!.fingerprint;
    assert.match(first, /^[0-9a-f]{32}$/);
    assert.equal(a.modelFileFinding(scan, 'elsewhere/m.pkl')!.fingerprint, first);
    assert.notEqual(b.modelFileFinding(scan, 'm.pkl')!.fingerprint, first);
    const other = scanOf({
      ...scan,
      callables: [{ ...scan.callables[0]!, name: 'Other' }],
    });
    assert.notEqual(a.modelFileFinding(other, 'm.pkl')!.fingerprint, first);
  });

  it('is off when the config turns it or the unsafe-load category off', () => {
    const scan = scanOf({ verdict: 'malicious' });
    const off = createAnalyzer(resolveConfig({ rules: { 'unsafe-model-file': 'off' } }));
    assert.equal(off.modelFileFinding(scan, 'm.pkl'), undefined);
    const noLoads = createAnalyzer(resolveConfig({ categories: { 'unsafe-load': false } }));
    assert.equal(noLoads.modelFileFinding(scan, 'm.pkl'), undefined);
    assert.ok(createAnalyzer().modelFileFinding(scan, 'm.pkl'));
  });
});

describe('modelFileFormat: sniffed by content, never by extension', () => {
  const enc = new TextEncoder();
  const cases: [string, Uint8Array, string | undefined][] = [
    ['a pickle named .txt', enc.encode("cposix\nsystem\n(S'id'\ntR."), 'pickle'],
    // What pickle.dumps(protocol=0) writes, cut in its last PUT: the call has already run.
    [
      'a protocol 0 pickle cut short',
      enc.encode('cposix\nsystem\np0\n(Vid\np1\ntp2\nRp3'),
      'pickle',
    ],
    ['text named .pkl', enc.encode('notes about the model, not a pickle\n'), undefined],
    ['a notebook-like JSON file', enc.encode('{"cells": [], "nbformat": 4}\n'), undefined],
    [
      'a PNG',
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13),
      undefined,
    ],
    [
      'an xz archive without a model name',
      Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 1),
      undefined,
    ],
  ];
  for (const [what, bytes, expected] of cases) {
    it(what, async () => {
      assert.equal(await modelFileFormat(bytesSource(bytes), 'file.bin.txt'), expected);
    });
  }
  it('an xz archive named like a model is a candidate (its note says it was not inspected)', async () => {
    const xz = Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 1);
    assert.equal(await modelFileFormat(bytesSource(xz), 'model.joblib'), 'xz');
    assert.equal(await modelFileFormat(bytesSource(xz), 'logs.tar.xz'), undefined);
  });
  it('reads a bounded head of the file, whatever its size', async () => {
    let largest = 0;
    const source = {
      size: 2 ** 40,
      read(offset: number, length: number) {
        largest = Math.max(largest, length);
        return Promise.resolve(new Uint8Array(Math.min(length, 4096)).fill(0x41));
      },
    };
    assert.equal(await modelFileFormat(source, 'huge.bin'), undefined);
    assert.ok(largest <= 4096, `read ${largest} bytes`);
  });
});
