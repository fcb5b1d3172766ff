/**
 * `npm run bench` compares Cellguard with the secretlint CLI and the read + JSON.parse floor. A
 * peer run in a non-default mode (secretlint `--format json`, which writes every file's text into
 * its report) changes the answer, so this runs the bench's own peer commands, through the same
 * `pairedRounds` the bench uses, on a one-notebook corpus, and checks what each one printed is
 * its default, human-readable report. Not a timing test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths.js';
import { fake } from './secrets-fakes.js';

interface Peer {
  readonly id: string;
  readonly argv: readonly string[];
  readonly cwd: string;
}
interface PeersModule {
  readonly DEV_NULL: string;
  readonly OUTPUT_FLAGS: readonly string[];
  peerCommands(corpus: string, options?: { extra?: string[] }): Peer[];
  pairedRounds(
    peers: readonly Peer[],
    rounds: number,
    options?: { sink?: (peer: Peer) => string },
  ): Promise<{ summary: Record<string, { runs: { code: number }[] }> }>;
}

let peers: PeersModule;
let work = '';
const token = fake.github('bench');

before(async () => {
  peers = (await import(
    pathToFileURL(join(repoRoot, 'bench/harness/peers.mjs')).href
  )) as PeersModule;
  work = mkdtempSync(join(tmpdir(), 'cellguard-bench-peers-'));
  const cell = {
    cell_type: 'code',
    execution_count: 1,
    id: 'c1',
    metadata: {},
    source: [`GITHUB_TOKEN = "${token}"\n`],
    outputs: [],
  };
  writeFileSync(
    join(work, 'leaky.ipynb'),
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] }, null, 1),
  );
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('bench peers run in their default mode', () => {
  it('no peer command picks a report format or an output file', () => {
    const all = peers.peerCommands(work, { extra: ['cellguard-jobs2'] });
    assert.deepEqual(
      all.map((p) => p.id),
      ['floor', 'cellguard', 'secretlint', 'cellguard-jobs2'],
    );
    for (const peer of all)
      for (const flag of peers.OUTPUT_FLAGS)
        assert.ok(!peer.argv.includes(flag), `${peer.id} passes ${flag}`);
  });

  it('the bench itself passes no --format to any program it times', () => {
    const run = readFileSync(join(repoRoot, 'bench/run.mjs'), 'utf8');
    assert.ok(!run.includes("'--format'"), 'bench/run.mjs passes --format somewhere');
    assert.match(run, /pairedRounds\(peers, P\.rounds/);
  });

  it('each peer prints its default report to stdout, which the bench sends to /dev/null', async () => {
    assert.equal(peers.DEV_NULL, '/dev/null');
    const sinks = new Map<string, string>();
    const sink = (peer: Peer): string => {
      const path = join(work, `${peer.id}.out`);
      sinks.set(peer.id, path);
      return path;
    };
    const { summary } = await peers.pairedRounds(peers.peerCommands(work), 1, { sink });
    const out = (id: string): string => readFileSync(sinks.get(id)!, 'utf8');
    // Both linters found the token (exit 1) and said so in text, not JSON.
    assert.equal(summary.cellguard!.runs[0]!.code, 1);
    assert.equal(summary.secretlint!.runs[0]!.code, 1);
    for (const id of ['cellguard', 'secretlint']) {
      const text = out(id);
      assert.match(text, /leaky\.ipynb/, `${id} names the file`);
      assert.throws(() => JSON.parse(text) as unknown, `${id} printed JSON`);
    }
    assert.match(out('cellguard'), /github-token/);
    assert.match(out('secretlint'), /secretlint-rule-github/);
    // Neither report carries the token itself (secretlint's stylish format masks it; JSON would not).
    assert.ok(!out('cellguard').includes(token));
    assert.ok(!out('secretlint').includes(token));
    assert.equal(out('floor'), '');
  });
});
