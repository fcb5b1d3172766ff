/**
 * Fuzzing the core API: generated notebooks, mutations of real ones, and hand-built hostile
 * inputs (10,000 cells, 50 MB outputs, deep nesting, lone surrogates, BOM, CRLF, nbformat 3,
 * binary). The contract under test:
 *   - `parseNotebook` / `notebookFromJson` / `fromPythonSource` throw nothing but `NotebookError`;
 *   - `analyzeNotebook` / `analyzeCell` / `analyzePython` never reject;
 *   - every finding points inside the text it was found in (no corrupt offsets);
 *   - every input finishes within a generous bound.
 * `CELLGUARD_FUZZ_RUNS=5000` raises the number of generated inputs.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createAnalyzer,
  fromPythonSource,
  NotebookError,
  notebookFromJson,
  parseNotebook,
  type AnalysisResult,
  type NotebookDoc,
} from '@cellguard/core';
import { checkResult, parseOrError, runHostileInWorker } from '../support/fuzz-check.js';
import { HOSTILE } from '../support/fuzz-hostile.js';
import {
  codeCell,
  corpusSubset,
  countTried,
  fuzzRuns,
  hostileText,
  markdownCell,
  mutateJson,
  notebook,
  notebookJson,
  prng,
  readCorpus,
  reportTried,
  TEXT_MUTATIONS,
  timed,
  toLines,
  utf16String,
  type NotebookJson,
} from '../support/fuzz-gen.js';

const analyzer = createAnalyzer();
let slowest = { ms: 0, what: '' };

function noteTime(ms: number, what: string): void {
  if (ms > slowest.ms) slowest = { ms, what };
}

async function analyzeAll(doc: NotebookDoc, what: string, boundMs = 5000): Promise<AnalysisResult> {
  const { value, ms } = await timed(() => analyzer.analyzeNotebook(doc));
  noteTime(ms, what);
  assert.ok(ms < boundMs, `${what}: analysis took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  checkResult(doc, value);
  return value;
}

after(() => {
  reportTried('hardening-api');
  console.log(
    `# hardening-api: slowest single input ${slowest.ms.toFixed(0)} ms (${slowest.what})`,
  );
});

describe('generated notebooks (fast-check)', () => {
  it('notebookFromJson throws only NotebookError, analysis never rejects', async () => {
    await fc.assert(
      fc.asyncProperty(notebookJson, async (json) => {
        countTried('generated-json');
        const doc = parseOrError(() => notebookFromJson(json));
        if (doc instanceof NotebookError) return;
        const result = await analyzeAll(doc, 'generated notebook');
        if (doc.cells.length > 0) {
          const one = await analyzer.analyzeCell(doc, doc.cells.length - 1, { outputs: false });
          checkResult(doc, one);
        }
        // What editors ask on a keystroke (sources only) and after a run (outputs only).
        checkResult(doc, await analyzer.analyzeNotebook(doc, { outputs: false }));
        checkResult(doc, await analyzer.analyzeNotebook(doc, { sources: false }));
        const { findings } = await analyzer.analyzeCell(doc, -1);
        assert.equal(findings.length, 0);
        assert.ok(result);
      }),
      { numRuns: fuzzRuns(250), seed: 20261122 },
    );
  });

  it('parseNotebook on the serialised form agrees with notebookFromJson', async () => {
    await fc.assert(
      fc.asyncProperty(notebookJson, fc.constantFrom(0, 1, 2), async (json, style) => {
        countTried('generated-text');
        let text = JSON.stringify(json, null, style === 0 ? undefined : 1) ?? 'undefined';
        if (style === 2) text = `\ufeff${text.replace(/\n/g, '\r\n')}`;
        const fromText = parseOrError(() => parseNotebook(text));
        const fromJson = parseOrError(() =>
          notebookFromJson(JSON.parse(JSON.stringify(json) ?? 'null')),
        );
        assert.equal(fromText instanceof NotebookError, fromJson instanceof NotebookError);
        if (!(fromText instanceof NotebookError)) await analyzeAll(fromText, 'generated text');
      }),
      { numRuns: fuzzRuns(120), seed: 7 },
    );
  });

  it('arbitrary text is a NotebookError or a notebook, and analyses as Python without rejecting', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(utf16String(300), hostileText, fc.json()), async (text) => {
        countTried('arbitrary-text');
        parseOrError(() => parseNotebook(text));
        const py = parseOrError(() => fromPythonSource(text));
        if (py instanceof NotebookError) return;
        const { value, ms } = await timed(() => analyzer.analyzePython(text));
        noteTime(ms, 'arbitrary python');
        checkResult(py, value);
      }),
      { numRuns: fuzzRuns(200), seed: 11 },
    );
  });

  it('source as a list of lines and as one string give the same findings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText, { minLength: 1, maxLength: 4 }), async (sources) => {
        countTried('source-shapes');
        const asString = notebookFromJson(
          notebook(
            sources.map((s) => codeCell(s, [{ output_type: 'stream', name: 'stdout', text: s }])),
          ),
        );
        const asLines = notebookFromJson(
          notebook(
            sources.map((s) =>
              codeCell(toLines(s), [{ output_type: 'stream', name: 'stdout', text: toLines(s) }]),
            ),
          ),
        );
        const a = await analyzer.analyzeNotebook(asString);
        const b = await analyzer.analyzeNotebook(asLines);
        const strip = (r: AnalysisResult): unknown =>
          r.findings.map((f) => [f.ruleId, f.location, f.message, f.fingerprint]);
        assert.deepEqual(strip(b), strip(a));
      }),
      { numRuns: fuzzRuns(100), seed: 3 },
    );
  });
});

describe('mutations of real notebooks (corpus)', () => {
  const files = corpusSubset(
    Number(process.env['CELLGUARD_FUZZ_RUNS'] ?? 0) > 0 ? 318 : 16,
    600_000,
  );

  it(
    'text mutations: truncation, dropped and inserted bytes, BOM, CRLF, lone surrogates, nbformat 3',
    { skip: files.length === 0 && 'corpus not present' },
    async () => {
      const rand = prng(42);
      for (const file of files) {
        const text = readCorpus(file);
        for (const [name, mutate] of Object.entries(TEXT_MUTATIONS)) {
          const rounds =
            name === 'truncate' || name === 'insert-junk' || name === 'drop-char' ? 3 : 1;
          for (let round = 0; round < rounds; round++) {
            countTried('corpus-text-mutation');
            const mutated = mutate(text, rand);
            const { value: doc, ms } = await timed(() =>
              parseOrError(() => parseNotebook(mutated)),
            );
            noteTime(ms, `parse ${name}`);
            if (name === 'nbformat-3')
              assert.ok(
                doc instanceof NotebookError && doc.code === 'unsupported-nbformat',
                'nbformat 3 is refused clearly',
              );
            if (name === 'bom' || name === 'crlf')
              assert.ok(!(doc instanceof NotebookError), `${name} still parses: ${String(doc)}`);
            if (!(doc instanceof NotebookError) && round === 0)
              await analyzeAll(doc, `${file} ${name}`);
          }
        }
      }
    },
  );

  it(
    'JSON mutations: wrong types at every level, missing keys',
    { skip: files.length === 0 && 'corpus not present' },
    async () => {
      const rand = prng(1234);
      for (const file of files) {
        const json = JSON.parse(readCorpus(file)) as NotebookJson;
        for (let round = 0; round < 12; round++) {
          countTried('corpus-json-mutation');
          const doc = parseOrError(() => notebookFromJson(mutateJson(json, rand)));
          if (!(doc instanceof NotebookError) && round % 4 === 0)
            await analyzeAll(doc, `${file} json mutation`);
        }
      }
    },
  );
});

// One at a time: each worker's budget is the process's CPU time. The kill deadline is wall time,
// a hang guard with room for a busy machine (building a 50 MB input and starting a worker take a
// few seconds of their own).
describe('hostile inputs, each in a worker killed at its deadline', { concurrency: 1 }, () => {
  for (const [name, hostile] of Object.entries(HOSTILE)) {
    const deadline = hostile.boundMs * 3 + 4000;
    it(
      `${name} (< ${hostile.boundMs / 1000} s CPU)`,
      hostile.known ? { todo: hostile.known } : {},
      async () => {
        countTried('hostile');
        const { timedOut, wallMs, report } = await runHostileInWorker(name, deadline);
        noteTime(report ? report.parseMs + report.analyzeMs : wallMs, name);
        assert.ok(!timedOut && report, `${name}: still running after ${deadline} ms (killed)`);
        console.log(
          `# ${name}: parse ${report.parseMs.toFixed(0)} ms, analysis ${report.analyzeMs.toFixed(0)} ms, ${report.findings} findings${report.refused ? `, refused: ${report.refused}` : ''}`,
        );
        assert.equal(report.failure, undefined, report.failure);
        assert.ok(
          report.parseMs + report.analyzeMs < hostile.boundMs,
          `${name}: ${(report.parseMs + report.analyzeMs).toFixed(0)} ms`,
        );
        if (hostile.mustRefuse) assert.ok(report.refused, 'refused with a NotebookError');
        else if (!hostile.mayRefuse) assert.equal(report.refused, undefined, 'not refused');
        if (/50 MB output|5 MB cell/.test(name))
          assert.ok(
            report.notices.some((n) => /larger than|only the first/.test(n)),
            'a notice says the text was capped',
          );
      },
    );
  }
});

describe('hostile inputs in process', () => {
  it('lone surrogates, NUL, astral characters and BOMs inside cells', async () => {
    const texts = [
      '\ud800',
      'a\udfffb',
      '😀'.repeat(1000),
      'x = "\ud83d"\nimport pickle\npickle.load(f)',
      '\ufeffimport pickle\npickle.load(f)',
      'key = "sk-\ud800abc"',
      'a\u0000b',
    ];
    for (const t of texts) {
      countTried('hostile');
      const doc = notebookFromJson(
        notebook([codeCell(t, [{ output_type: 'stream', text: t }]), markdownCell(t)]),
      );
      await analyzeAll(doc, 'surrogates');
      const text = JSON.stringify(notebook([codeCell(t)]));
      const parsed = parseOrError(() => parseNotebook(text));
      if (!(parsed instanceof NotebookError)) await analyzeAll(parsed, 'surrogates (text)');
      const py = parseOrError(() => fromPythonSource(t));
      if (!(py instanceof NotebookError)) checkResult(py, await analyzer.analyzePython(t));
    }
  });

  it('binary bytes and odd encodings decoded as text are refused as binary, not crashed on', () => {
    const rand = prng(99);
    for (let i = 0; i < 50; i++) {
      countTried('hostile');
      const bytes = Buffer.from(Array.from({ length: 2048 }, () => Math.floor(rand() * 256)));
      const asLatin1 = parseOrError(() => parseNotebook(bytes.toString('latin1')));
      const asUtf8 = parseOrError(() => parseNotebook(bytes.toString('utf8')));
      assert.ok(asLatin1 instanceof NotebookError && asUtf8 instanceof NotebookError);
    }
    // PNG and ZIP headers under an .ipynb name.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString(
      'latin1',
    );
    const refused = parseOrError(() => parseNotebook(png));
    assert.ok(refused instanceof NotebookError && refused.code === 'binary');
    assert.ok(parseOrError(() => fromPythonSource(png)) instanceof NotebookError);
  });

  it('empty and minimal inputs', async () => {
    for (const text of [
      '',
      ' ',
      '{}',
      '[]',
      'null',
      '{"nbformat":4}',
      '{"nbformat":4,"cells":[]}',
      '{"nbformat":4,"cells":[{}]}',
      '{"nbformat":4,"cells":[{"cell_type":"code"}]}',
      '{"nbformat":3,"worksheets":[]}',
    ]) {
      countTried('hostile');
      const doc = parseOrError(() => parseNotebook(text));
      if (!(doc instanceof NotebookError)) await analyzeAll(doc, 'minimal');
    }
    countTried('hostile');
    checkResult(fromPythonSource(''), await analyzer.analyzePython(''));
  });
});
