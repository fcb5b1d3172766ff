/**
 * Fuzzing the model-file reader with fast-check: random bytes behind every format's magic number,
 * and mutations (byte flips, truncations, insertions, splices) of the rule's real fixtures. The
 * reader must never throw, must return a well-formed scan (a known verdict, callables inside the
 * file or member, short notes), must stay inside its limits, and must report what it read: a
 * malicious pickle cut anywhere after its call is still malicious.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bytesSource, scanModel, type ModelScan } from '@cellguard/core';
import { fixturesDir } from '../support/paths.js';

const dir = join(fixturesDir, 'rules', 'unsafe-model-file');
const fixtures = readdirSync(dir)
  .sort()
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
const VERDICTS = new Set(['safe', 'library', 'suspicious', 'malicious', 'unsupported']);
const SEED = Number(process.env['CELLGUARD_FUZZ_SEED'] ?? 20261204);
const RUNS = Number(process.env['CELLGUARD_FUZZ_RUNS'] ?? 150);

/** Small limits, so every run is quick and the limits themselves are exercised. */
const OPTIONS = {
  limits: { maxOpcodes: 200_000, maxMemo: 10_000, maxStack: 10_000, maxMarks: 1_000 },
  maxInflated: 4 * 1024 * 1024,
  timeBudgetMs: 5_000,
};

async function scanChecked(bytes: Uint8Array, name: string): Promise<ModelScan> {
  let scan: ModelScan;
  try {
    scan = await scanModel(bytesSource(bytes), name, OPTIONS);
  } catch (error) {
    throw new assert.AssertionError({ message: `scanModel threw: ${String(error)}` });
  }
  assert.ok(VERDICTS.has(scan.verdict), scan.verdict);
  assert.equal(typeof scan.format, 'string');
  assert.ok(scan.callables.length <= 10_000, `${scan.callables.length} callables`);
  for (const c of scan.callables) {
    assert.ok(Number.isInteger(c.offset) && c.offset >= 0, `offset ${c.offset}`);
    // Offsets are in the file, or in a member (which may inflate past the file's size).
    if (c.member === undefined)
      assert.ok(c.offset < Math.max(bytes.length, 1), `offset ${c.offset}`);
    assert.ok(c.module.length > 0 && c.module.length <= 4096 && c.name.length <= 4096);
    assert.ok(VERDICTS.has(c.verdict));
  }
  for (const note of scan.notes) assert.ok(typeof note === 'string' && note.length < 2_000, note);
  assert.ok(scan.notes.length < 100_000);
  if (scan.weightsOnlyCompatible) assert.equal(scan.verdict, 'safe');
  return scan;
}

/** Byte arrays that start like each format the reader knows. */
const MAGICS: Uint8Array[] = [
  Uint8Array.of(0x80, 2),
  Uint8Array.of(0x80, 4, 0x95),
  Uint8Array.of(0x80, 5),
  new TextEncoder().encode('cposix\nsystem\n('),
  Uint8Array.of(0x50, 0x4b, 0x03, 0x04),
  Uint8Array.of(0x50, 0x4b, 0x05, 0x06),
  Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0),
  new TextEncoder().encode('GGUF'),
  Uint8Array.of(40, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x22),
  Uint8Array.of(0x1f, 0x8b, 8, 0),
  Uint8Array.of(0x78, 0x9c),
  new TextEncoder().encode('ZF0x'),
];

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'splice'; at: number; length: number; from: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }),
  }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    length: fc.nat({ max: 64 }),
    from: fc.nat(),
  }),
);

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out: Uint8Array = bytes.slice();
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    if (m.kind === 'flip') out[at] = m.value;
    else if (m.kind === 'truncate') out = out.slice(0, at);
    else if (m.kind === 'insert') out = concat(concat(out.slice(0, at), m.bytes), out.slice(at));
    else {
      const from = m.from % out.length;
      const piece = out.slice(from, from + m.length);
      out.set(piece.subarray(0, Math.max(0, out.length - at)), at);
    }
  }
  return out;
}

describe('model reader fuzz (fast-check)', () => {
  it('random bytes behind every magic number: never throws, well-formed scans', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: MAGICS.length - 1 }),
        fc.uint8Array({ maxLength: 2048 }),
        async (which, tail) => {
          await scanChecked(concat(MAGICS[which]!, tail), 'fuzz.bin');
        },
      ),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('mutated real fixtures (flips, truncations, insertions, splices): never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: fixtures.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        async (which, mutations) => {
          const fixture = fixtures[which]!;
          await scanChecked(mutate(fixture.bytes, mutations), fixture.name);
        },
      ),
      { seed: SEED + 1, numRuns: RUNS * 2 },
    );
  });

  it('reports what was read: a malicious pickle cut anywhere after its call stays malicious', async () => {
    const pickles = fixtures.filter(
      (f) => f.name.startsWith('ng.malicious.') && f.name.endsWith('.pkl'),
    );
    assert.ok(pickles.length >= 4);
    for (const { name, bytes } of pickles) {
      const full = await scanChecked(bytes, name);
      const reduce = bytes.lastIndexOf(0x52); // REDUCE: the call is complete after it
      assert.ok(reduce > 0, name);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: reduce + 1, max: bytes.length - 1 }), async (cut) => {
          const scan = await scanChecked(bytes.slice(0, cut), name);
          assert.equal(scan.verdict, 'malicious', `${name} cut at ${cut}`);
          assert.deepEqual(
            scan.callables.filter((c) => c.verdict === 'malicious').map((c) => c.offset),
            full.callables.filter((c) => c.verdict === 'malicious').map((c) => c.offset),
          );
        }),
        { seed: SEED + 2, numRuns: 20 },
      );
    }
  });

  it('hostile sizes stay inside the limits, and say so', async () => {
    // Ten million DUPs against a 200,000-opcode limit: stopped, noted, unsupported.
    const dups = new Uint8Array(10_000_002);
    dups.set([0x80, 4]);
    dups.fill(0x32, 2);
    dups[2] = 0x4e; // NONE, then DUP…
    const before = process.memoryUsage().heapUsed;
    const scan = await scanChecked(dups, 'dups.pkl');
    assert.equal(scan.verdict, 'unsupported');
    assert.ok(
      scan.notes.some((n) => /stopped at offset/.test(n)),
      scan.notes.join('; '),
    );
    // A declared 2^40-byte string is never allocated.
    const huge = concat(Uint8Array.of(0x80, 4, 0x8d, 0, 0, 0, 0, 0, 1, 0, 0), new Uint8Array(64));
    await scanChecked(huge, 'huge.pkl');
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 256 * 1024 * 1024, `heap grew ${Math.round(grown / 1e6)} MB`);
  });
});
