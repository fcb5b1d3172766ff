/**
 * Unit tests of convert.ts, run inside the extension host against the real VS Code API types
 * (NotebookCellOutput, Diagnostic, Range) rather than a stub.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Finding } from '@cellguard/core';
import { cellguard } from './helpers';

const STDOUT = 'application/vnd.code.notebook.stdout';
const STDERR = 'application/vnd.code.notebook.stderr';
const ERROR = 'application/vnd.code.notebook.error';
const text = (item: vscode.NotebookCellOutputItem | undefined): string =>
  new TextDecoder().decode(item?.data);

function finding(over: Partial<Finding> & Pick<Finding, 'location'>): Finding {
  return {
    ruleId: 'private-key',
    category: 'secret',
    severity: 'error',
    messageId: 'inSource',
    message: 'Private key -----…(200 chars) is stored in the notebook.',
    fixes: [],
    fingerprint: 'f'.repeat(32),
    docsUrl: 'https://github.com/cellguard/cellguard/blob/main/shared/docs/rules/private-key.md',
    ...over,
  };
}

suite('convert.ts', () => {
  test('stdout / stderr items become one stream output', async () => {
    const { convert } = await cellguard();
    const out = new vscode.NotebookCellOutput([
      vscode.NotebookCellOutputItem.stdout('a\n'),
      vscode.NotebookCellOutputItem.stdout('b\n'),
    ]);
    assert.deepStrictEqual(convert.outputToCore(out), {
      outputType: 'stream',
      name: 'stdout',
      texts: [{ mimeType: 'stream', text: 'a\nb\n' }],
    });
    const err = convert.outputToCore(
      new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stderr('oops')]),
    );
    assert.strictEqual(err.name, 'stderr');
    assert.strictEqual(err.outputType, 'stream');
  });

  test('error items become "ename: evalue\\ntraceback" without ANSI codes', async () => {
    const { convert } = await cellguard();
    const out = new vscode.NotebookCellOutput([
      vscode.NotebookCellOutputItem.error({
        name: 'ValueError',
        message: 'bad token',
        stack: '\u001b[0;31mTraceback\u001b[0m\nline 2',
      }),
    ]);
    assert.deepStrictEqual(convert.outputToCore(out), {
      outputType: 'error',
      texts: [{ mimeType: 'error', text: 'ValueError: bad token\nTraceback\nline 2' }],
    });
  });

  test('rich outputs keep textual mimes only, JSON pretty-printed like the core', async () => {
    const { convert } = await cellguard();
    const out = new vscode.NotebookCellOutput(
      [
        vscode.NotebookCellOutputItem.text('<b>hi</b>', 'text/html'),
        vscode.NotebookCellOutputItem.json({ a: 1 }, 'application/json'),
        new vscode.NotebookCellOutputItem(new Uint8Array([137, 80, 78, 71]), 'image/png'),
      ],
      { outputType: 'execute_result' },
    );
    const core = convert.outputToCore(out);
    assert.strictEqual(core.outputType, 'execute_result');
    assert.deepStrictEqual(
      core.texts.map((t) => t.mimeType),
      ['text/html', 'application/json'],
    );
    assert.strictEqual(core.texts[1]?.text, JSON.stringify({ a: 1 }, null, 1));
  });

  test('severities map to VS Code severities', async () => {
    const { convert } = await cellguard();
    assert.strictEqual(convert.toDiagnosticSeverity('error'), vscode.DiagnosticSeverity.Error);
    assert.strictEqual(convert.toDiagnosticSeverity('warning'), vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(convert.toDiagnosticSeverity('note'), vscode.DiagnosticSeverity.Information);
  });

  test('source findings map UTF-16 offsets to positions (astral characters included)', async () => {
    const { convert } = await cellguard();
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'x = "🔑"\nkey = "secret"\n',
    });
    const start = doc.getText().indexOf('"secret"');
    const d = convert.findingToDiagnostic(
      finding({ location: { kind: 'source', cellIndex: 0, range: [start, start + 8] } }),
      doc,
    );
    assert.deepStrictEqual(
      [d.range.start.line, d.range.start.character, d.range.end.character],
      [1, 6, 14],
    );
    assert.strictEqual(d.source, 'Cellguard');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.value, 'private-key');
    assert.strictEqual(
      code.target.toString(true),
      'https://github.com/cellguard/cellguard/blob/main/shared/docs/rules/private-key.md',
    );
  });

  test('output findings sit on the first line and name the output', async () => {
    const { convert } = await cellguard();
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'print(key)\nprint(1)\n',
    });
    const d = convert.findingToDiagnostic(
      finding({
        category: 'sensitive-output',
        location: {
          kind: 'output',
          cellIndex: 0,
          outputIndex: 1,
          mimeType: 'stream',
          range: [3, 9],
        },
      }),
      doc,
    );
    assert.strictEqual(d.range.start.line, 0);
    assert.strictEqual(d.range.end.line, 0);
    assert.strictEqual(d.range.end.character, 'print(key)'.length);
    assert.match(d.message, /^In output 2 \(stream\): /);
  });

  test('redactOutput replaces spans in streams and text, by value in errors (originalError too)', async () => {
    const { convert } = await cellguard();
    const stream = new vscode.NotebookCellOutput(
      [vscode.NotebookCellOutputItem.stdout('token=abc123 ok\n')],
      { outputType: 'stream' },
    );
    const redacted = convert.redactOutput(stream, {
      kind: 'redact-output',
      cellIndex: 0,
      outputIndex: 0,
      mimeType: 'stream',
      replacements: [{ range: [6, 12], text: '[REDACTED]' }],
    });
    assert.strictEqual(text(redacted.items[0]), 'token=[REDACTED] ok\n');
    assert.strictEqual(redacted.items[0]?.mime, STDOUT);
    assert.deepStrictEqual(redacted.metadata, { outputType: 'stream' });

    const html = new vscode.NotebookCellOutput([
      vscode.NotebookCellOutputItem.text('<p>abc123</p>', 'text/html'),
      vscode.NotebookCellOutputItem.text('abc123', 'text/plain'),
    ]);
    const r2 = convert.redactOutput(html, {
      kind: 'redact-output',
      cellIndex: 0,
      outputIndex: 0,
      mimeType: 'text/html',
      replacements: [{ range: [3, 9], text: 'X' }],
    });
    assert.strictEqual(text(r2.items[0]), '<p>X</p>');
    assert.strictEqual(text(r2.items[1]), 'abc123', 'other representations are separate findings');

    const original = {
      output_type: 'error',
      ename: 'KeyError',
      evalue: 'abc123',
      traceback: ['\u001b[31mKeyError\u001b[0m: abc123'],
    };
    const error = new vscode.NotebookCellOutput(
      [
        vscode.NotebookCellOutputItem.error({
          name: 'KeyError',
          message: 'abc123',
          stack: original.traceback.join('\n'),
        }),
      ],
      { outputType: 'error', originalError: original },
    );
    const analysed = convert.outputToCore(error).texts[0]!.text;
    const at = analysed.indexOf('abc123');
    const r3 = convert.redactOutput(error, {
      kind: 'redact-output',
      cellIndex: 0,
      outputIndex: 0,
      mimeType: 'error',
      replacements: [{ range: [at, at + 6], text: '[R]' }],
    });
    const payload = JSON.parse(text(r3.items[0])) as { message: string; stack: string };
    assert.strictEqual(r3.items[0]?.mime, ERROR);
    assert.strictEqual(payload.message, '[R]');
    assert.ok(!payload.stack.includes('abc123'));
    const kept = (r3.metadata as { originalError: typeof original }).originalError;
    assert.strictEqual(kept.evalue, '[R]');
    assert.deepStrictEqual(kept.traceback, ['\u001b[31mKeyError\u001b[0m: [R]']);
    void STDERR;
  });
});
