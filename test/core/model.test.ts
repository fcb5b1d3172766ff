import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyEditsToNotebookJson,
  applySourceEdits,
  createAnalyzer,
  LineIndex,
  maskSecret,
  NotebookError,
  offsetAt,
  parseNotebook,
  positionAt,
  fromPythonSource,
  stripAnsi,
  type Rule,
  type RuleContext,
  type TextView,
} from '@cellguard/core';
import * as core from '@cellguard/core';

const PEM_BODY =
  'MIIEowIBAAKCAQEAx7vQf3dZ8kqR2mT5pLw9sN4yH6cJ1bV0gU3eK8oXrA2iD5fW7zQYt4nM9lP0sR6uE3wB8vC1xZ5kJ2hG7f';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`;

function notebook(cells: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells, ...extra });
}

describe('offsets', () => {
  it('maps offsets to positions and back across LF, CRLF and CR', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(index.positionAt(7), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(10), { line: 3, character: 0 });
    for (let offset = 0; offset <= text.length; offset++) {
      const pos = index.positionAt(offset);
      const back = index.offsetAt(pos);
      // Offsets inside a CRLF pair map to the end of the line.
      if (!(text[offset - 1] === '\r' && text[offset] === '\n'))
        assert.equal(back, offset, `offset ${offset}`);
    }
  });
  it('clamps out-of-range input', () => {
    assert.deepEqual(positionAt('abc', 99), { line: 0, character: 3 });
    assert.equal(offsetAt('abc\ndef', { line: 0, character: 99 }), 3);
    assert.equal(offsetAt('abc\ndef', { line: 9, character: 0 }), 7);
    assert.equal(offsetAt('abc', { line: -1, character: 0 }), 0);
  });
  it('counts UTF-16 code units (astral characters are two)', () => {
    assert.deepEqual(positionAt('😀x\ny', 2), { line: 0, character: 2 });
  });
});

describe('masking', () => {
  it('shows a provider prefix of at most 4 characters and the length', () => {
    assert.equal(
      maskSecret('sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN', true),
      'sk-p…(58 chars)',
    );
    assert.equal(maskSecret('hunter2', true), '…(7 chars)');
    assert.equal(maskSecret('12345678', true), '…(8 chars)');
  });
  it('shows no character unless the value has a public prefix (passwords, personal data)', () => {
    assert.equal(
      maskSecret('sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN'),
      '…(58 chars)',
    );
    assert.equal(maskSecret('Zq8!vLm#42Kd'), '…(12 chars)');
  });
  it('never shows more than a quarter of the value', () => {
    for (let length = 1; length <= 40; length++) {
      const masked = maskSecret('x'.repeat(length), true);
      const shown = masked.slice(0, masked.indexOf('…')).length;
      assert.ok(shown * 4 <= length, `${length}: ${masked}`);
    }
    assert.equal(maskSecret('AKIA12345', true), 'AK…(9 chars)');
  });
  it('never splits a surrogate pair', () => {
    assert.equal(maskSecret('abc😀defghijklmn', true), 'abc…(16 chars)');
  });
});

describe('parseNotebook', () => {
  it('reads source as a string or a list of lines and all output types', () => {
    const doc = parseNotebook(
      notebook([
        { cell_type: 'markdown', metadata: {}, source: ['# Title\n', 'text'] },
        {
          cell_type: 'code',
          id: 'abc',
          metadata: {},
          execution_count: 1,
          source: 'print(1)',
          outputs: [
            { output_type: 'stream', name: 'stdout', text: ['a\n', 'b\n'] },
            {
              output_type: 'execute_result',
              execution_count: 1,
              metadata: {},
              data: { 'text/plain': ['x'], 'text/html': '<b>x</b>', 'image/png': 'iVBORw0KGgo=' },
            },
            { output_type: 'display_data', metadata: {}, data: { 'application/json': { a: 1 } } },
            {
              output_type: 'error',
              ename: 'ValueError',
              evalue: 'bad',
              traceback: ['\u001b[31mTraceback\u001b[0m', 'line'],
            },
          ],
        },
      ]),
    );
    assert.equal(doc.cells.length, 2);
    assert.equal(doc.cells[0]!.source, '# Title\ntext');
    assert.equal(doc.cells[1]!.id, 'abc');
    const outputs = doc.cells[1]!.outputs;
    assert.deepEqual(outputs[0]!.texts, [{ mimeType: 'stream', text: 'a\nb\n' }]);
    assert.deepEqual(
      outputs[1]!.texts.map((t) => t.mimeType),
      ['text/plain', 'text/html'],
      'images are never analysed',
    );
    assert.match(outputs[2]!.texts[0]!.text, /"a": 1/);
    assert.equal(outputs[3]!.texts[0]!.text, 'ValueError: bad\nTraceback\nline');
  });
  it('reads nbformat 4.0 (no cell ids) and a BOM', () => {
    const doc = parseNotebook(
      '\ufeff' +
        JSON.stringify({
          nbformat: 4,
          nbformat_minor: 0,
          metadata: {},
          cells: [{ cell_type: 'code', metadata: {}, source: [], outputs: [] }],
        }),
    );
    assert.equal(doc.cells[0]!.source, '');
    assert.equal(doc.cells[0]!.id, undefined);
  });
  it('reads cell-level suppressions from metadata', () => {
    const doc = parseNotebook(
      notebook([
        {
          cell_type: 'code',
          metadata: { cellguard: { ignore: ['pickle-load'], reason: 'own file' } },
          source: '',
          outputs: [],
        },
      ]),
    );
    assert.deepEqual(doc.cells[0]!.suppression, { ignore: ['pickle-load'], reason: 'own file' });
  });
  const bad: [string, string, RegExp][] = [
    ['invalid JSON', '{"nbformat": 4, "cells": [', /invalid JSON/],
    [
      'nbformat 3',
      JSON.stringify({ nbformat: 3, nbformat_minor: 0, worksheets: [] }),
      /nbformat 3 is not supported/,
    ],
    ['not an object', '[1, 2]', /not a notebook/],
    ['no nbformat', '{"cells": []}', /"nbformat" is missing/],
    ['cells not a list', '{"nbformat": 4, "cells": {}}', /"cells" is not a list/],
    [
      'bad source type',
      notebook([{ cell_type: 'code', source: 5, outputs: [] }]),
      /cell 0: "source" must be/,
    ],
    ['unknown cell type', notebook([{ cell_type: 'weird', source: '' }]), /unknown cell_type/],
    ['binary', '\u0000\u0001\u0002PNG', /binary/],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name} with a clear NotebookError`, () => {
      assert.throws(
        () => parseNotebook(text),
        (error: unknown) => error instanceof NotebookError && message.test(error.message),
      );
    });
  }
  it('caps huge outputs and says so', async () => {
    const huge = 'x'.repeat(3_000_000);
    const doc = parseNotebook(
      notebook([
        {
          cell_type: 'code',
          metadata: {},
          source: 'print(x)',
          outputs: [{ output_type: 'stream', name: 'stdout', text: huge }],
        },
      ]),
    );
    assert.equal(doc.cells[0]!.outputs[0]!.texts[0]!.truncated, true);
    const { notices } = await createAnalyzer().analyzeNotebook(doc);
    assert.equal(notices.length, 1);
    assert.match(notices[0]!.message, /only the first 2000000 were analysed/);
  });
  it('strips ANSI colour codes', () => {
    assert.equal(stripAnsi('\u001b[0;31mValueError\u001b[0m: x'), 'ValueError: x');
  });
});

describe('edits', () => {
  it('applies source edits from the end and skips overlaps', () => {
    assert.equal(
      applySourceEdits('hello world', [
        { range: [0, 5], text: 'HELLO' },
        { range: [6, 11], text: 'there' },
      ]),
      'HELLO there',
    );
    // Overlapping edits: one is applied, the other skipped, never a garbled mix.
    assert.equal(
      applySourceEdits('abcdef', [
        { range: [1, 4], text: 'X' },
        { range: [2, 3], text: 'Y' },
      ]),
      'abYdef',
    );
  });
  it('keeps the list-of-lines shape, cell ids and metadata of untouched parts', () => {
    const raw = JSON.parse(
      notebook([
        {
          cell_type: 'code',
          id: 'c1',
          metadata: { tags: ['keep'] },
          execution_count: 3,
          source: ['a = 1\n', 'b = 2'],
          outputs: [
            { output_type: 'stream', name: 'stdout', text: ['one\n', 'two\n'] },
            { output_type: 'stream', name: 'stdout', text: 'three' },
          ],
        },
        {
          cell_type: 'markdown',
          id: 'm1',
          metadata: {},
          source: 'untouched',
          attachments: { 'a.png': { 'image/png': 'AAAA' } },
        },
      ]),
    ) as Record<string, unknown>;
    const out = applyEditsToNotebookJson(raw, [
      { kind: 'source', cellIndex: 0, range: [4, 5], text: '42' },
      {
        kind: 'redact-output',
        cellIndex: 0,
        outputIndex: 0,
        mimeType: 'stream',
        replacements: [{ range: [4, 7], text: '[REDACTED:x]' }],
      },
      { kind: 'clear-output', cellIndex: 0, outputIndex: 1 },
    ]) as { cells: Record<string, unknown>[] };
    const cell = out.cells[0]!;
    assert.deepEqual(cell['source'], ['a = 42\n', 'b = 2']);
    assert.deepEqual(cell['outputs'], [
      { output_type: 'stream', name: 'stdout', text: ['one\n', '[REDACTED:x]\n'] },
    ]);
    assert.equal(cell['id'], 'c1');
    assert.deepEqual(cell['metadata'], { tags: ['keep'] });
    assert.equal(
      out.cells[1],
      (raw['cells'] as unknown[])[1],
      'untouched cells are the same object',
    );
  });
  it('clears all outputs of a cell and resets its execution count', () => {
    const raw = JSON.parse(
      notebook([
        {
          cell_type: 'code',
          metadata: {},
          execution_count: 7,
          source: 'x',
          outputs: [{ output_type: 'stream', name: 'stdout', text: 'y' }],
        },
      ]),
    ) as Record<string, unknown>;
    const out = applyEditsToNotebookJson(raw, [{ kind: 'clear-cell-outputs', cellIndex: 0 }]) as {
      cells: Record<string, unknown>[];
    };
    assert.deepEqual(out.cells[0]!['outputs'], []);
    assert.equal(out.cells[0]!['execution_count'], null);
  });
  it('redacts error outputs by value and keeps colour codes', () => {
    const raw = JSON.parse(
      notebook([
        {
          cell_type: 'code',
          metadata: {},
          source: 'x',
          outputs: [
            {
              output_type: 'error',
              ename: 'HTTPError',
              evalue: 'GET https://h/?token=SECRET123 failed',
              traceback: ['\u001b[31mHTTPError\u001b[0m: token=SECRET123'],
            },
          ],
        },
      ]),
    ) as Record<string, unknown>;
    const doc = parseNotebook(JSON.stringify(raw));
    const text = doc.cells[0]!.outputs[0]!.texts[0]!.text;
    const start = text.indexOf('SECRET123');
    const out = applyEditsToNotebookJson(raw, [
      {
        kind: 'redact-output',
        cellIndex: 0,
        outputIndex: 0,
        mimeType: 'error',
        replacements: [{ range: [start, start + 9], text: '[REDACTED:token]' }],
      },
    ]) as { cells: { outputs: Record<string, unknown>[] }[] };
    const output = out.cells[0]!.outputs[0]!;
    assert.equal(output['evalue'], 'GET https://h/?token=[REDACTED:token] failed');
    assert.deepEqual(output['traceback'], ['\u001b[31mHTTPError\u001b[0m: token=[REDACTED:token]']);
  });
});

describe('analyzer', () => {
  const analyzer = createAnalyzer();
  it('resolves imports from earlier cells when analysing one cell', async () => {
    const doc = parseNotebook(
      notebook([
        { cell_type: 'code', metadata: {}, source: 'import pickle as pk', outputs: [] },
        { cell_type: 'markdown', metadata: {}, source: 'text' },
        { cell_type: 'code', metadata: {}, source: 'm = pk.load(f)', outputs: [] },
      ]),
    );
    const { findings } = await analyzer.analyzeCell(doc, 2);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.location.cellIndex]),
      [['pickle-load', 2]],
    );
  });
  it('honours inline suppressions on the line and the line above', async () => {
    for (const source of [
      'import pickle\npickle.load(f)  # cellguard: ignore[pickle-load]',
      'import pickle\n# cellguard: ignore\npickle.load(f)',
    ]) {
      const { findings } = await analyzer.analyzePython(source);
      assert.equal(findings.length, 0, source);
    }
    const other = await analyzer.analyzePython(
      'import pickle\npickle.load(f)  # cellguard: ignore[other-rule]',
    );
    assert.equal(other.findings.length, 1);
  });
  it('honours cell-level suppressions for source and outputs', async () => {
    const doc = parseNotebook(
      notebook([
        {
          cell_type: 'code',
          metadata: { cellguard: { ignore: true } },
          source: `import pickle\npickle.load(f)\nk = """${PEM}"""`,
          outputs: [{ output_type: 'stream', name: 'stdout', text: PEM }],
        },
      ]),
    );
    assert.equal((await analyzer.analyzeNotebook(doc)).findings.length, 0);
  });
  it('makes output findings sensitive-output, masked, with stable fingerprints', async () => {
    const raw = notebook([
      {
        cell_type: 'code',
        id: 'x1',
        metadata: {},
        source: 'print(k)',
        outputs: [{ output_type: 'stream', name: 'stdout', text: PEM }],
      },
    ]);
    const first = (await analyzer.analyzeNotebook(parseNotebook(raw))).findings;
    const second = (await analyzer.analyzeNotebook(parseNotebook(raw))).findings;
    assert.equal(first.length, 1);
    const finding = first[0]!;
    assert.equal(finding.category, 'sensitive-output');
    assert.equal(finding.location.kind, 'output');
    assert.ok(!finding.message.includes(PEM_BODY.slice(0, 12)));
    assert.ok(!finding.fingerprint.includes(PEM_BODY.slice(0, 8)));
    assert.equal(finding.fingerprint, second[0]!.fingerprint);
  });
  it('wraps Python files as one cell and keeps offsets into the file', async () => {
    const text = '\ufeffimport pickle\nx = pickle.load(f)\n';
    const doc = fromPythonSource(text);
    const { findings } = await analyzer.analyzeNotebook(doc);
    assert.equal(
      text.slice(findings[0]!.location.range[0], findings[0]!.location.range[1]),
      'pickle.load(f)',
    );
  });
  it('can analyse sources and outputs separately', async () => {
    const doc = parseNotebook(
      notebook([
        {
          cell_type: 'code',
          metadata: {},
          source: 'import pickle\npickle.load(f)',
          outputs: [{ output_type: 'stream', name: 'stdout', text: PEM }],
        },
      ]),
    );
    assert.deepEqual(
      (await analyzer.analyzeNotebook(doc, { outputs: false })).findings.map(
        (f) => f.location.kind,
      ),
      ['source'],
    );
    assert.deepEqual(
      (await analyzer.analyzeNotebook(doc, { sources: false })).findings.map(
        (f) => f.location.kind,
      ),
      ['output'],
    );
  });
});

describe('rule handlers', () => {
  const { Analyzer, defineRule } = core;
  const report = (id: string, handler: (ctx: RuleContext, view: TextView) => unknown): Rule =>
    defineRule({
      meta: {
        id,
        category: 'unsafe-load',
        defaultSeverity: 'note',
        cwe: ['CWE-0'],
        description: id,
        messages: { m: id },
      },
      create: (ctx) => ({ code: (view) => handler(ctx, view) as void }),
    });
  const hit = (ctx: RuleContext, view: TextView): void =>
    ctx.report({ view, messageId: 'm', range: [0, 1] });
  it('run sync, async, value-returning and failing handlers in order; failures become notices', async () => {
    const analyzer = new Analyzer([
      report('a-sync', (ctx, view) => hit(ctx, view)),
      report('b-async', async (ctx, view) => {
        await new Promise((r) => setTimeout(r, 1));
        hit(ctx, view);
      }),
      report('c-returns-a-value', (ctx, view) => {
        hit(ctx, view);
        return 42;
      }),
      report('d-throws', () => {
        throw new Error('boom');
      }),
      report('e-rejects', () => Promise.reject(new Error('late boom'))),
      report('f-after-failures', (ctx, view) => hit(ctx, view)),
    ]);
    const { findings, notices } = await analyzer.analyzePython('x = 1');
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['a-sync', 'b-async', 'c-returns-a-value', 'f-after-failures'],
    );
    assert.deepEqual(
      notices.map((n) => n.message),
      ['rule d-throws failed: boom', 'rule e-rejects failed: late boom'],
    );
  });
});
