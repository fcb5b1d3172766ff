/**
 * `NotebookJsonIndex` maps a finding's decoded offset back to the raw `.ipynb` text (SARIF
 * regions). It must be exact through JSON escapes and across the strings of a list, and linear in
 * the number of findings: 800 KB of AWS key ids in one output (one finding each) took 303 s when
 * every lookup walked from the start of the text.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths.js';

type Location = {
  kind: 'output';
  cellIndex: number;
  outputIndex: number;
  mimeType: string;
  range: [number, number];
};
const { NotebookJsonIndex } = (await import(
  join(repoRoot, 'shared', 'dist', 'cli', 'json-locate.js')
)) as {
  NotebookJsonIndex: new (raw: string) => {
    rawOffset(location: Location, decoded?: number): number | undefined;
  };
};

function notebookWithStream(lines: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        cell_type: 'code',
        metadata: {},
        source: 'print(x)',
        outputs: [{ output_type: 'stream', name: 'stdout', text: lines }],
      },
    ],
  });
}

const at = (offset: number): Location => ({
  kind: 'output',
  cellIndex: 0,
  outputIndex: 0,
  mimeType: 'stream',
  range: [offset, offset + 1],
});

describe('NotebookJsonIndex', () => {
  it('maps every decoded offset to its raw character, through escapes and list items', () => {
    const lines = ['a"b\\c\n', 'tab\there é ☃ 😀\n', '\u0001\u001f end'];
    const decoded = lines.join('');
    const raw = notebookWithStream(lines);
    const index = new NotebookJsonIndex(raw);
    for (let offset = 0; offset < decoded.length; offset++) {
      const position = index.rawOffset(at(offset));
      assert.ok(position !== undefined);
      // The raw text from there decodes (as a JSON string continuation) to the same character.
      const rest = raw.slice(position);
      const char = rest.startsWith('\\')
        ? (JSON.parse(`"${rest.slice(0, rest[1] === 'u' ? 6 : 2)}"`) as string)
        : rest[0];
      assert.equal(char, decoded[offset], `offset ${offset}`);
    }
  });

  it('costs linear CPU time in the number of lookups (growth ratio, not a stopwatch)', () => {
    const cpu = (n: number): number => {
      const lines = Array.from({ length: n }, (_, i) => `AKIA${String(i).padStart(16, '7')} "q"\n`);
      const index = new NotebookJsonIndex(notebookWithStream(lines));
      const length = lines.join('').length;
      const start = process.cpuUsage();
      for (let offset = 0; offset < length; offset += 29) index.rawOffset(at(offset));
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
    cpu(2_000); // warm up
    const small = Math.max(cpu(10_000), 5);
    const large = cpu(40_000);
    // Linear is 4×; a walk from the start per lookup is 16×.
    assert.ok(
      large / small < 8,
      `${small.toFixed(0)} ms → ${large.toFixed(0)} ms for 4× the input`,
    );
  });
});
