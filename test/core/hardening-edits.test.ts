/**
 * Save safety of the core: `applyEditsToNotebookJson` changes exactly what an edit names.
 * Over real notebooks from the corpus: no edits gives the same bytes; a redaction changes only
 * the matched spans of one output payload; clearing changes only outputs; metadata, attachments,
 * cell ids and every other cell serialise identically (`JSON.stringify(x, null, 1)`, as Jupyter
 * writes). Ranges are random (fast-check) and also come from the fixes of real findings.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  applyEditsToNotebookJson,
  applySourceEdits,
  createAnalyzer,
  notebookFromJson,
  type Edit,
  type RedactOutputEdit,
} from '@cellguard/core';
import {
  codeCell,
  corpusSubset,
  countTried,
  fakeSecrets,
  fuzzRuns,
  markdownCell,
  notebook,
  notebookJson,
  readCorpus,
  reportTried,
  type NotebookJson,
} from '../support/fuzz-gen.js';

type Json = Record<string, unknown>;
const ser = (value: unknown): string => JSON.stringify(value, null, 1);

const corpus: NotebookJson[] = corpusSubset(
  Number(process.env['CELLGUARD_FUZZ_RUNS'] ?? 0) > 0 ? 318 : 40,
  800_000,
).map((f) => JSON.parse(readCorpus(f)) as NotebookJson);
// Without the corpus (a fresh clone elsewhere) the properties still run on a built notebook.
if (corpus.length === 0) {
  const s = fakeSecrets(3);
  corpus.push(
    notebook([
      markdownCell(['# Title\n', 'text']),
      codeCell(
        ['print(key)\n'],
        [
          { output_type: 'stream', name: 'stdout', text: [`key ${s[1]!.value}\n`, 'done\n'] },
          {
            output_type: 'execute_result',
            execution_count: 1,
            metadata: { a: 1 },
            data: { 'text/plain': [`'${s[4]!.value}'`], 'text/html': `<b>${s[8]!.value}</b>` },
          },
          {
            output_type: 'error',
            ename: 'E',
            evalue: s[1]!.value,
            traceback: [`\u001b[31m${s[1]!.value}\u001b[0m`],
          },
        ],
        { attachments: { 'a.png': { 'image/png': 'iVBOR' } }, metadata: { tags: ['x'] } },
      ),
    ]),
  );
}

after(() => reportTried('hardening-edits'));

/** Texts of one output as stored, keyed like Cellguard's `mimeType`. */
function storedTexts(output: Json): { mimeType: string; text: string }[] {
  const join = (v: unknown): string | undefined =>
    typeof v === 'string'
      ? v
      : Array.isArray(v) && v.every((x) => typeof x === 'string')
        ? v.join('')
        : undefined;
  if (output['output_type'] === 'stream') {
    const text = join(output['text']);
    return text === undefined ? [] : [{ mimeType: 'stream', text }];
  }
  const data = output['data'];
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data as Json).flatMap(([mimeType, payload]) => {
    const text = join(payload);
    return text !== undefined &&
      (mimeType.startsWith('text/') || mimeType === 'application/javascript')
      ? [{ mimeType, text }]
      : [];
  });
}

/** Every cell but `cellIndex` serialises the same; in it, every key but `except` does too. */
function assertOnlyCellChanged(
  before: NotebookJson,
  after: Json,
  cellIndex: number,
  except: readonly string[],
): void {
  const cellsAfter = after['cells'] as Json[];
  assert.equal(cellsAfter.length, before.cells.length);
  for (const [key, value] of Object.entries(before))
    if (key !== 'cells') assert.equal(ser(after[key]), ser(value), `notebook ${key} unchanged`);
  before.cells.forEach((cell, i) => {
    if (i !== cellIndex) {
      assert.equal(ser(cellsAfter[i]), ser(cell), `cell ${i} unchanged`);
      return;
    }
    const changed = cellsAfter[i]!;
    assert.deepEqual(Object.keys(changed), Object.keys(cell), 'same keys in the same order');
    for (const key of Object.keys(cell))
      if (!except.includes(key))
        assert.equal(ser(changed[key]), ser(cell[key]), `cell ${i}.${key} unchanged`);
  });
}

const targets = corpus.flatMap((nb, n) =>
  nb.cells.flatMap((cell, c) =>
    (Array.isArray(cell['outputs']) ? (cell['outputs'] as Json[]) : []).flatMap((output, o) =>
      storedTexts(output)
        .filter((t) => t.text.length > 0)
        .map((t) => ({ n, c, o, ...t })),
    ),
  ),
);

describe('applyEditsToNotebookJson on damaged notebooks and stale edits', () => {
  const range = fc.tuple(fc.integer({ min: -5, max: 400 }), fc.integer({ min: -5, max: 400 }));
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({
      kind: fc.constant('source' as const),
      cellIndex: fc.integer({ min: -1, max: 6 }),
      range,
      text: fc.string({ maxLength: 10 }),
    }),
    fc.record({
      kind: fc.constant('redact-output' as const),
      cellIndex: fc.integer({ min: -1, max: 6 }),
      outputIndex: fc.integer({ min: -1, max: 4 }),
      mimeType: fc.constantFrom(
        'stream',
        'text/plain',
        'text/html',
        'application/json',
        'error',
        'image/png',
      ),
      replacements: fc.array(fc.record({ range, text: fc.constant('[REDACTED:x]') }), {
        maxLength: 3,
      }),
    }),
    fc.record({
      kind: fc.constant('clear-output' as const),
      cellIndex: fc.integer({ min: -1, max: 6 }),
      outputIndex: fc.integer({ min: -1, max: 4 }),
    }),
    fc.record({
      kind: fc.constant('clear-cell-outputs' as const),
      cellIndex: fc.integer({ min: -1, max: 6 }),
    }),
    fc.record({
      kind: fc.constant('cell-metadata' as const),
      cellIndex: fc.integer({ min: -1, max: 6 }),
      key: fc.constantFrom('cellguard', '__proto__', 'tags'),
      value: fc.jsonValue({ maxDepth: 2 }),
    }),
  );

  it('never throws, never mutates its input, and leaves cells no edit names byte-identical', () => {
    fc.assert(
      fc.property(notebookJson, fc.array(edit, { maxLength: 5 }), (json, edits) => {
        countTried('edits-damaged');
        if (!json || typeof json !== 'object' || Array.isArray(json)) return;
        const before = ser(json);
        const after = applyEditsToNotebookJson(json as Json, edits);
        assert.equal(ser(json), before, 'input not mutated');
        const cellsBefore = (json as Json)['cells'];
        const cellsAfter = after['cells'];
        if (!Array.isArray(cellsBefore) || !Array.isArray(cellsAfter)) return;
        assert.equal(cellsAfter.length, cellsBefore.length);
        const named = new Set(edits.map((e) => e.cellIndex));
        cellsBefore.forEach((cell, i) => {
          if (!named.has(i)) assert.equal(ser(cellsAfter[i]), ser(cell), `cell ${i} untouched`);
        });
        assert.equal(({} as Json)['cellguard'], undefined, 'no prototype pollution');
      }),
      { numRuns: fuzzRuns(400), seed: 23 },
    );
  });
});

describe('applyEditsToNotebookJson on real notebooks', () => {
  it('no edits: identical serialisation', () => {
    for (const nb of corpus) {
      countTried('edits-none');
      assert.equal(ser(applyEditsToNotebookJson(nb, [])), ser(nb));
      // Edits naming cells that do not exist change nothing either.
      assert.equal(
        ser(
          applyEditsToNotebookJson(nb, [
            { kind: 'clear-cell-outputs', cellIndex: nb.cells.length + 5 },
          ]),
        ),
        ser(nb),
      );
    }
  });

  it('redacting random spans changes only that output, and removes each span value from every representation', () => {
    assert.ok(targets.length > 0, 'the corpus has textual outputs');
    fc.assert(
      fc.property(
        fc.nat(targets.length - 1),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (t, spans) => {
          countTried('edits-redact');
          const target = targets[t]!;
          const nb = corpus[target.n]!;
          const len = target.text.length;
          // Non-overlapping sorted ranges.
          const points = spans
            .flat()
            .map((x) => Math.floor(x * len))
            .sort((a, b) => a - b);
          const replacements: { range: [number, number]; text: string }[] = [];
          for (let i = 0; i + 1 < points.length; i += 2)
            replacements.push({ range: [points[i]!, points[i + 1]!], text: '[REDACTED:test]' });
          const edit: RedactOutputEdit = {
            kind: 'redact-output',
            cellIndex: target.c,
            outputIndex: target.o,
            mimeType: target.mimeType,
            replacements,
          };
          const before = ser(nb);
          const after = applyEditsToNotebookJson(nb, [edit]);
          assert.equal(ser(nb), before, 'the input object is not mutated');
          assertOnlyCellChanged(nb, after, target.c, ['outputs']);
          const outputsBefore = nb.cells[target.c]!['outputs'] as Json[];
          const outputsAfter = (after['cells'] as Json[])[target.c]!['outputs'] as Json[];
          assert.equal(outputsAfter.length, outputsBefore.length);
          outputsBefore.forEach((output, o) => {
            if (o !== target.o)
              return assert.equal(ser(outputsAfter[o]), ser(output), `output ${o} unchanged`);
            const changed = outputsAfter[o]!;
            const payloadKey = target.mimeType === 'stream' ? 'text' : 'data';
            const values = replacements
              .map((r) => target.text.slice(r.range[0], r.range[1]))
              .filter((v) => v.length >= 4 && !'[REDACTED:test]'.includes(v));
            for (const key of Object.keys(output))
              if (key !== payloadKey && key !== 'metadata')
                assert.equal(ser(changed[key]), ser(output[key]), `output.${key} unchanged`);
            if (payloadKey === 'data') {
              const dataBefore = output['data'] as Json;
              const dataAfter = changed['data'] as Json;
              for (const mime of Object.keys(dataBefore))
                if (
                  mime !== target.mimeType &&
                  !values.some((v) => ser(dataBefore[mime]).includes(v))
                )
                  assert.equal(
                    ser(dataAfter[mime]),
                    ser(dataBefore[mime]),
                    `data.${mime} unchanged`,
                  );
            }
            const stored =
              payloadKey === 'text' ? output['text'] : (output['data'] as Json)[target.mimeType];
            const now =
              payloadKey === 'text' ? changed['text'] : (changed['data'] as Json)[target.mimeType];
            assert.equal(
              Array.isArray(now),
              Array.isArray(stored),
              'string stays string, list of lines stays a list',
            );
            const text = Array.isArray(now) ? (now as string[]).join('') : (now as string);
            // Each span is replaced where it is, and its value wherever else it occurs.
            assert.ok(
              values.every((v) => !text.split('[REDACTED:test]').join('\u0000').includes(v)),
              'no value survives outside a label',
            );
          });
        },
      ),
      { numRuns: fuzzRuns(300), seed: 17 },
    );
  });

  it('clearing one output or all of a cell changes only outputs (and the execution count)', () => {
    for (const target of targets.filter((_, i) => i % 3 === 0)) {
      countTried('edits-clear', 2);
      const nb = corpus[target.n]!;
      const one = applyEditsToNotebookJson(nb, [
        { kind: 'clear-output', cellIndex: target.c, outputIndex: target.o },
      ]);
      assertOnlyCellChanged(nb, one, target.c, ['outputs']);
      const before = nb.cells[target.c]!['outputs'] as Json[];
      assert.equal(
        ser((one['cells'] as Json[])[target.c]!['outputs'] as Json[]),
        ser(before.filter((_, i) => i !== target.o)),
      );
      const all = applyEditsToNotebookJson(nb, [
        { kind: 'clear-cell-outputs', cellIndex: target.c },
      ]);
      // Jupyter's own "Clear Output" also resets the execution count; nothing else moves.
      assertOnlyCellChanged(nb, all, target.c, ['outputs', 'execution_count']);
      assert.deepEqual((all['cells'] as Json[])[target.c]!['outputs'], []);
    }
  });

  it('the fixes of real findings change only what they name', async () => {
    const analyzer = createAnalyzer();
    let applied = 0;
    const v = Object.fromEntries(fakeSecrets(21).map((f) => [f.kind, f.value]));
    const secretNotebook = notebook([
      markdownCell([`Key: ${v['openai']}\n`, `mail ${v['email']}\n`]),
      codeCell(
        [
          `OPENAI_API_KEY = "${v['openai']}"\n`,
          `aws_secret_access_key = "${v['aws-secret']}"\n`,
          `HF_TOKEN = "${v['huggingface']}"\n`,
        ],
        [
          {
            output_type: 'stream',
            name: 'stdout',
            text: [`key=${v['openai']}\n`, `mail ${v['email']}\n`],
          },
          {
            output_type: 'execute_result',
            execution_count: 3,
            metadata: { keep: true },
            data: {
              'text/plain': [`'${v['huggingface']}'`],
              'text/html': [`<td>${v['email']}</td>`],
            },
          },
          {
            output_type: 'error',
            ename: 'E',
            evalue: v['openai'],
            traceback: [`\u001b[31m${v['openai']}\u001b[0m`],
          },
        ],
        { attachments: { 'a.png': { 'image/png': 'iVBOR' } }, metadata: { tags: ['keep'] } },
      ),
    ]);
    for (const nb of [secretNotebook, ...corpus]) {
      const { findings } = await analyzer.analyzeNotebook(notebookFromJson(nb));
      for (const finding of findings) {
        for (const fix of finding.fixes) {
          countTried('edits-real-fix');
          const after = applyEditsToNotebookJson(nb, fix.edits as Edit[]);
          const cells = new Set(fix.edits.map((e) => e.cellIndex));
          if (cells.size !== 1) continue;
          const [cellIndex] = [...cells];
          const kinds = new Set(fix.edits.map((e) => e.kind));
          const except = [
            ...(kinds.has('source') ? ['source'] : []),
            ...(kinds.has('cell-metadata') ? ['metadata'] : []),
            ...([...kinds].some((k) => k.includes('output')) ? ['outputs', 'execution_count'] : []),
          ];
          assertOnlyCellChanged(nb, after, cellIndex!, except);
          for (const edit of fix.edits) {
            if (edit.kind !== 'redact-output' || edit.mimeType === 'error') continue;
            // Textual payloads are analysed as stored: the new text is the old with exactly the spans replaced.
            const output = (nb.cells[edit.cellIndex]!['outputs'] as Json[])[edit.outputIndex]!;
            const before = storedTexts(output).find((t) => t.mimeType === edit.mimeType);
            const now = storedTexts(
              ((after['cells'] as Json[])[edit.cellIndex]!['outputs'] as Json[])[edit.outputIndex]!,
            ).find((t) => t.mimeType === edit.mimeType);
            if (before && now)
              assert.equal(now.text, applySourceEdits(before.text, edit.replacements));
          }
          applied++;
        }
      }
    }
    console.log(`# hardening-edits: ${applied} real fixes applied and checked`);
    assert.ok(applied >= 5, 'the secret notebook produced fixes');
  });
});
