/**
 * The output fixes applied to real nbformat JSON: redaction must replace exactly the matched
 * spans in every representation of the output (text/plain and text/html of one DataFrame, a
 * stream, an error's evalue and traceback) and leave every other byte and key as it was.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Analyzer,
  applyEditsToNotebookJson,
  getRule,
  notebookFromJson,
  parseNotebook,
  type Finding,
} from '@cellguard/core';

// Made-up people.
const HTML_LINES = [
  '<div>\n',
  '<style scoped>\n',
  '    .dataframe tbody tr th { vertical-align: top; } /* contact: css@acme-styles.io */\n',
  '</style>\n',
  '<table border="1" class="dataframe">\n',
  '  <thead>\n',
  '    <tr style="text-align: right;">\n',
  '      <th></th>\n',
  '      <th>name</th>\n',
  '      <th>email</th>\n',
  '      <th>phone</th>\n',
  '    </tr>\n',
  '  </thead>\n',
  '  <tbody>\n',
  '    <tr>\n',
  '      <th>0</th>\n',
  '      <td>Jane Doe</td>\n',
  '      <td>jane.doe84&#64;gmail.com</td>\n',
  '      <td>4155552671</td>\n',
  '    </tr>\n',
  '    <tr>\n',
  '      <th>1</th>\n',
  '      <td>Ra&eacute;l P&amp;tel</td>\n',
  '      <td>raj.patel@outlook.com</td>\n',
  '      <td>(202) 555-0143</td>\n',
  '    </tr>\n',
  '  </tbody>\n',
  '</table>\n',
  '</div>',
];
const PLAIN_LINES = [
  '        name                 email           phone\n',
  '0   Jane Doe  jane.doe84@gmail.com      4155552671\n',
  '1  Raél P&tel  raj.patel@outlook.com  (202) 555-0143',
];

function notebookJson(): Record<string, unknown> {
  return {
    cells: [
      { cell_type: 'markdown', id: 'intro', metadata: {}, source: ['# Customers\n'] },
      {
        cell_type: 'code',
        execution_count: 3,
        id: 'table',
        metadata: { tags: ['keep'] },
        outputs: [
          {
            output_type: 'execute_result',
            execution_count: 3,
            metadata: {},
            data: {
              'text/html': HTML_LINES,
              'text/plain': PLAIN_LINES,
              'image/png': 'iVBORw0KGgo=',
            },
          },
          {
            output_type: 'stream',
            name: 'stdout',
            text: ['sent welcome mail to jane.doe84@gmail.com\n', 'done\n'],
          },
        ],
        source: ['df.head(2)'],
      },
      {
        cell_type: 'code',
        execution_count: 4,
        id: 'err',
        metadata: {},
        outputs: [
          {
            output_type: 'error',
            ename: 'SMTPRecipientsRefused',
            evalue: "{'m.rossi@libero.it': (550, b'no such user')}",
            traceback: [
              "\u001b[0;31mSMTPRecipientsRefused\u001b[0m: {'m.rossi@libero.it': (550, b'no such user')}",
            ],
          },
        ],
        source: ['send()'],
      },
    ],
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const email = getRule('email-address-in-output')!;
const phone = getRule('phone-number-in-output')!;

async function findings(json: unknown, rules = [email]): Promise<Finding[]> {
  return (await new Analyzer(rules).analyzeNotebook(notebookFromJson(json))).findings;
}

describe('output redaction on nbformat JSON', () => {
  it('reports one finding per output and kind, with the count and a masked first value', async () => {
    const result = await findings(notebookJson());
    assert.deepEqual(
      result.map((f) => [
        f.location.cellIndex,
        f.location.kind === 'output' ? f.location.outputIndex : -1,
        f.properties?.['count'],
      ]),
      [
        [1, 0, 2],
        [1, 1, 1],
        [2, 0, 1],
      ],
    );
    const first = result[0]!;
    assert.equal(first.location.kind === 'output' && first.location.mimeType, 'text/html');
    assert.match(first.message, /^Output 1 shows 2 email addresses \(first: …\(20 chars\)\)/);
    assert.ok(!first.message.includes('jane.doe84'), 'no raw value in the message');
    assert.deepEqual(
      first.fixes.map((f) => [f.title, f.applicability]),
      [
        ['Redact the email addresses in this output', 'safe'],
        ['Clear this output', 'unsafe'],
        ['Clear all outputs of this cell', 'unsafe'],
      ],
    );
    // One redact edit per representation that holds a value.
    assert.deepEqual(
      first.fixes[0]!.edits.map((e) => e.kind === 'redact-output' && e.mimeType),
      ['text/html', 'text/plain'],
    );
  });

  it('redacts exactly the matched spans in text/html and text/plain, and nothing else', async () => {
    const json = notebookJson();
    const [first] = await findings(json);
    const after = applyEditsToNotebookJson(json, first!.fixes[0]!.edits) as ReturnType<
      typeof notebookJson
    >;
    const cellsBefore = json['cells'] as Record<string, unknown>[];
    const cellsAfter = after['cells'] as Record<string, unknown>[];
    // Untouched cells are the same objects; the touched cell keeps its keys and metadata.
    assert.equal(cellsAfter[0], cellsBefore[0]);
    assert.equal(cellsAfter[2], cellsBefore[2]);
    assert.deepEqual(cellsAfter[1]!['metadata'], { tags: ['keep'] });
    assert.equal(cellsAfter[1]!['execution_count'], 3);
    const outputs = cellsAfter[1]!['outputs'] as Record<string, unknown>[];
    const data = outputs[0]!['data'] as Record<string, string[]>;
    assert.deepEqual(
      data['text/html'],
      HTML_LINES.map((line) =>
        line
          .replace('jane.doe84&#64;gmail.com', '[REDACTED:email-address-in-output]')
          .replace('raj.patel@outlook.com', '[REDACTED:email-address-in-output]'),
      ),
    );
    assert.deepEqual(
      data['text/plain'],
      PLAIN_LINES.map((line) =>
        line
          .replace('jane.doe84@gmail.com', '[REDACTED:email-address-in-output]')
          .replace('raj.patel@outlook.com', '[REDACTED:email-address-in-output]'),
      ),
    );
    assert.equal(data['image/png'], 'iVBORw0KGgo=');
    // The other output of the cell is the same object: a fix touches only its own output.
    assert.equal(outputs[1], (cellsBefore[1]!['outputs'] as unknown[])[1]);
    // The CSS comment inside <style> was never scanned, so it is still there.
    assert.ok(data['text/html']!.join('').includes('css@acme-styles.io'));
    // Serialised, the notebook differs from the original only inside the redacted spans.
    const before = JSON.stringify(json, null, 1);
    const expected = before
      .replaceAll('jane.doe84&#64;gmail.com', '[REDACTED:email-address-in-output]')
      .replace(/(0 {3}Jane Doe {2})jane\.doe84@gmail\.com/, '$1[REDACTED:email-address-in-output]')
      .replaceAll('raj.patel@outlook.com', '[REDACTED:email-address-in-output]');
    assert.equal(JSON.stringify(after, null, 1), expected);
    // And the redacted notebook is clean for the rule.
    const again = await findings(after);
    assert.deepEqual(
      again.map((f) => f.location.cellIndex),
      [1, 2],
    );
  });

  it('redacts a stream and an error output (evalue and traceback, colour codes kept)', async () => {
    let json: Record<string, unknown> = notebookJson();
    const result = await findings(json);
    for (const finding of result.slice(1))
      json = applyEditsToNotebookJson(json, finding.fixes[0]!.edits);
    const cells = json['cells'] as Record<string, unknown>[];
    const stream = (cells[1]!['outputs'] as Record<string, unknown>[])[1]!;
    assert.deepEqual(stream['text'], [
      'sent welcome mail to [REDACTED:email-address-in-output]\n',
      'done\n',
    ]);
    const error = (cells[2]!['outputs'] as Record<string, unknown>[])[0]!;
    assert.equal(error['evalue'], "{'[REDACTED:email-address-in-output]': (550, b'no such user')}");
    assert.deepEqual(error['traceback'], [
      "\u001b[0;31mSMTPRecipientsRefused\u001b[0m: {'[REDACTED:email-address-in-output]': (550, b'no such user')}",
    ]);
    assert.equal(error['ename'], 'SMTPRecipientsRefused');
  });

  it('redacts a value found through an HTML column in the text/plain copy too', async () => {
    const json = notebookJson();
    const [table] = await findings(json, [phone]);
    assert.ok(table);
    assert.equal(table.properties?.['count'], 2);
    const after = applyEditsToNotebookJson(json, table.fixes[0]!.edits);
    const data = (
      (after['cells'] as Record<string, unknown>[])[1]!['outputs'] as Record<string, unknown>[]
    )[0]!['data'] as Record<string, string[]>;
    assert.ok(!data['text/plain']!.join('').includes('4155552671'));
    assert.ok(!data['text/plain']!.join('').includes('(202) 555-0143'));
    assert.ok(!data['text/html']!.join('').includes('4155552671'));
    assert.ok(data['text/html']!.join('').includes('<td>[REDACTED:phone-number-in-output]</td>'));
  });

  it('redacts inside an application/json payload by value, keeping its structure', async () => {
    const json = {
      cells: [
        {
          cell_type: 'code',
          execution_count: 1,
          id: 'j',
          metadata: {},
          outputs: [
            {
              output_type: 'display_data',
              metadata: {},
              data: {
                'application/json': {
                  users: [{ email: 'ana.silva@uol.com.br', plan: 'pro' }],
                  total: 1,
                },
              },
            },
          ],
          source: ['JSON(users)'],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const [finding] = await findings(json);
    assert.ok(finding);
    const after = applyEditsToNotebookJson(json, finding.fixes[0]!.edits);
    const output = (
      (after['cells'] as Record<string, unknown>[])[0]!['outputs'] as Record<string, unknown>[]
    )[0]!;
    assert.deepEqual(output['data'], {
      'application/json': {
        users: [{ email: '[REDACTED:email-address-in-output]', plan: 'pro' }],
        total: 1,
      },
    });
  });

  it("also redacts the head of a value that pandas' text/plain cut off", async () => {
    const json = {
      cells: [
        {
          cell_type: 'code',
          execution_count: 1,
          id: 't',
          metadata: {},
          outputs: [
            {
              output_type: 'execute_result',
              execution_count: 1,
              metadata: {},
              data: {
                'text/plain': ['                    email\n', '0  maximilian.mustermann@gm...'],
                'text/html': [
                  '<table><thead><tr><th></th><th>email</th></tr></thead>\n',
                  '<tbody><tr><th>0</th><td>maximilian.mustermann@gmail.com</td></tr></tbody></table>',
                ],
              },
            },
          ],
          source: ['df'],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const [finding] = await findings(json);
    assert.ok(finding);
    const after = applyEditsToNotebookJson(json, finding.fixes[0]!.edits);
    const data = (
      (after['cells'] as Record<string, unknown>[])[0]!['outputs'] as Record<string, unknown>[]
    )[0]!['data'] as Record<string, string[]>;
    assert.deepEqual(data['text/plain'], [
      '                    email\n',
      '0  [REDACTED:email-address-in-output]',
    ]);
    assert.deepEqual(
      data['text/html']![1],
      '<tbody><tr><th>0</th><td>[REDACTED:email-address-in-output]</td></tr></tbody></table>',
    );
  });

  it('clears one output, or all outputs of the cell', async () => {
    const json = notebookJson();
    const [first] = await findings(json);
    const cleared = applyEditsToNotebookJson(json, first!.fixes[1]!.edits);
    const outputs = (cleared['cells'] as Record<string, unknown>[])[1]!['outputs'] as Record<
      string,
      unknown
    >[];
    assert.deepEqual(
      outputs.map((o) => o['output_type']),
      ['stream'],
    );
    const all = applyEditsToNotebookJson(json, first!.fixes[2]!.edits);
    const cell = (all['cells'] as Record<string, unknown>[])[1]!;
    assert.deepEqual(cell['outputs'], []);
    assert.equal(cell['execution_count'], null);
  });

  it('works from the file text too (parseNotebook keeps offsets into the stored text)', async () => {
    const doc = parseNotebook(JSON.stringify(notebookJson(), null, 1));
    const { findings: found } = await new Analyzer([email]).analyzeNotebook(doc, {
      sources: false,
    });
    assert.equal(found.length, 3);
    const html = doc.cells[1]!.outputs[0]!.texts.find((t) => t.mimeType === 'text/html')!.text;
    const range = found[0]!.location.range;
    assert.equal(html.slice(range[0], range[1]), 'jane.doe84&#64;gmail.com');
  });
});
