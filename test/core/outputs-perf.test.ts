/**
 * Output rules run whenever outputs change, on outputs of up to `LIMITS.maxOutputChars`. Every
 * scanner must be linear: for adversarial shapes (runs that almost match, unterminated tags and
 * entities, dense `@`, long digit sequences) the time for 4× the input must stay far from the 16×
 * of a quadratic scan. Timings are printed; the ratio is asserted with a wide margin because the
 * machine may be busy.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, allRules, type NotebookDoc } from '@cellguard/core';

const rules = allRules.filter((rule) => rule.meta.id.endsWith('-in-output'));

function doc(text: string, mimeType: string): NotebookDoc {
  return {
    language: 'python',
    cells: [
      {
        kind: 'code',
        source: '!env',
        outputs: [
          {
            outputType: mimeType === 'stream' ? 'stream' : 'execute_result',
            texts: [{ mimeType, text }],
          },
        ],
      },
    ],
  };
}

async function time(text: string, mimeType: string): Promise<number> {
  const analyzer = new Analyzer(rules);
  // CPU time, not wall time: a busy shared machine must not make a linear rule look quadratic.
  const started = process.cpuUsage();
  await analyzer.analyzeNotebook(doc(text, mimeType), { sources: false });
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

const SHAPES: readonly (readonly [string, (n: number) => string, string])[] = [
  ['local part without @', (n) => 'a'.repeat(n) + '@x.io', 'stream'],
  ['dense @', (n) => 'a@'.repeat(n / 2), 'stream'],
  ['long domain', (n) => 'jo@' + 'a.'.repeat(n / 2), 'stream'],
  ['dashed digits', (n) => '1-'.repeat(n / 2), 'stream'],
  ['spaced digits', (n) => '415 '.repeat(n / 4), 'stream'],
  [
    'phone-shaped lines',
    (n) =>
      Array.from({ length: n / 16 }, (_, i) => `+44 20 7946 ${String(1000 + (i % 9000))}`).join(
        '\n',
      ),
    'stream',
  ],
  [
    'numbers in a phone column',
    (n) => 'phone\n' + Array.from({ length: n / 12 }, (_, i) => String(4155550000 + i)).join('\n'),
    'text/plain',
  ],
  ['unterminated tags', (n) => '<a'.repeat(n / 2), 'text/html'],
  ['open quotes in tags', (n) => '<a "'.repeat(n / 4) + '>', 'text/html'],
  ['lone ampersands', (n) => '&'.repeat(n), 'text/html'],
  [
    'table cells',
    (n) =>
      '<table><thead><tr><th>phone</th></tr></thead>' +
      '<tr><td>4155552671</td></tr>'.repeat(n / 30) +
      '</table>',
    'text/html',
  ],
  ['env-like lines', (n) => 'A_TOKEN=x\n'.repeat(n / 10), 'stream'],
  ['query strings', (n) => '?token=abc&'.repeat(n / 11), 'stream'],
  ['IBAN heads', (n) => 'DE00 '.repeat(n / 5), 'stream'],
];

describe('output rules stay linear', () => {
  for (const [name, make, mimeType] of SHAPES) {
    it(name, async () => {
      const small = make(100_000);
      const large = make(400_000);
      await time(small, mimeType); // warm up
      const a = await time(small, mimeType);
      const b = await time(large, mimeType);
      console.log(`${name}: 100k chars ${a.toFixed(0)} ms, 400k chars ${b.toFixed(0)} ms`);
      // Linear is ×4; allow noise, reject quadratic (×16).
      assert.ok(b < Math.max(a, 25) * 10, `${name}: ${a.toFixed(0)} ms → ${b.toFixed(0)} ms`);
    });
  }
});
