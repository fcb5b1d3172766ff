/**
 * Notebook metadata, cell metadata, widget state and cell attachments are pushed with the
 * notebook: the secret rules read them, findings point at the JSON value (and, in SARIF, at its
 * line in the raw file), and nothing else in them is reported.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAnalyzer, parseNotebook, type MetadataLocation } from '@cellguard/core';
import { cli } from '../support/cli.js';
import { metadataValue } from '../support/metadata.js';
import { fake } from './secrets-fakes.js';

const token = fake.github('meta');
const hfToken = fake.huggingface('widget');
const awsId = fake.awsKeyId('attach');

/** A notebook with a token in each place that is not a cell source or output. */
function notebook(): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      my_extension: { settings: { github: token } },
      widgets: {
        'application/vnd.jupyter.widget-state+json': {
          version_major: 2,
          state: { abc123: { model_name: 'TextModel', state: { value: `token: ${hfToken}` } } },
        },
      },
    },
    cells: [
      {
        cell_type: 'markdown',
        id: 'c0',
        metadata: {},
        source: ['See the attached notes.'],
        attachments: {
          'notes.txt': { 'text/plain': ['aws id\n', `${awsId}\n`] },
          'logo.png': { 'image/png': 'iVBORw0KGgo=' },
        },
      },
      {
        cell_type: 'code',
        id: 'c1',
        metadata: { tags: ['setup'], env: { note: 'quoted "x" \\ then', key: token } },
        execution_count: null,
        outputs: [],
        source: ['x = 1'],
      },
    ],
  };
}

describe('metadata, widget state and attachments', () => {
  it('reports each token where it is, by JSON path', async () => {
    const doc = parseNotebook(JSON.stringify(notebook(), null, 1));
    const { findings } = await createAnalyzer().analyzeNotebook(doc);
    const where = findings.map((f) => {
      const location = f.location as MetadataLocation;
      assert.equal(location.kind, 'metadata');
      assert.equal(f.category, 'secret');
      assert.deepEqual(f.fixes, []);
      const value = metadataValue(doc, location) ?? '';
      return [
        f.ruleId,
        location.cellIndex ?? 'notebook',
        location.path.join('/'),
        value.slice(location.range[0], location.range[1]),
      ];
    });
    assert.deepEqual(where, [
      ['github-token', 'notebook', 'metadata/my_extension/settings/github', token],
      [
        'huggingface-token',
        'notebook',
        'metadata/widgets/application/vnd.jupyter.widget-state+json/state/abc123/state/value',
        hfToken,
      ],
      ['aws-access-key', 0, 'attachments/notes.txt/text/plain', awsId],
      ['github-token', 1, 'metadata/env/key', token],
    ]);
    for (const f of findings) assert.ok(!f.message.includes(token) && !f.message.includes(hfToken));
  });

  it('a cell-metadata suppression covers the cell metadata too', async () => {
    const nb = notebook();
    const cell = (nb['cells'] as Record<string, unknown>[])[1]!;
    (cell['metadata'] as Record<string, unknown>)['cellguard'] = { ignore: ['github-token'] };
    const { findings } = await createAnalyzer().analyzeNotebook(parseNotebook(JSON.stringify(nb)));
    assert.ok(!findings.some((f) => f.location.cellIndex === 1));
  });

  it('empty or string-free metadata adds no view', () => {
    const doc = parseNotebook(
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [{ cell_type: 'code', metadata: { collapsed: true }, source: '', outputs: [] }],
      }),
    );
    assert.equal(doc.metadata, undefined);
    assert.equal(doc.cells[0]!.metadata, undefined);
  });

  it('SARIF and text name the place; the SARIF region is the line of the value in the raw JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-meta-'));
    const raw = JSON.stringify(notebook(), null, 1);
    writeFileSync(join(dir, 'm.ipynb'), raw);
    const sarif = await cli(dir, 'scan', 'm.ipynb', '--format', 'sarif');
    const results = (
      JSON.parse(sarif.stdout) as {
        runs: {
          results: {
            ruleId: string;
            locations: { physicalLocation: { region?: { startLine: number } } }[];
            properties: Record<string, unknown>;
          }[];
        }[];
      }
    ).runs[0]!.results;
    const lines = raw.split('\n');
    const lineOf = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 1;
    const got = results.map((r) => [
      r.ruleId,
      r.properties['metadataPath'],
      r.locations[0]!.physicalLocation.region?.startLine,
    ]);
    assert.deepEqual(got, [
      ['github-token', 'metadata/my_extension/settings/github', lineOf(`"github": "${token}"`)],
      [
        'huggingface-token',
        'metadata/widgets/application/vnd.jupyter.widget-state+json/state/abc123/state/value',
        lineOf(hfToken),
      ],
      ['aws-access-key', 'attachments/notes.txt/text/plain', lineOf(awsId)],
      ['github-token', 'metadata/env/key', lineOf(`"key": "${token}"`)],
    ]);
    const text = await cli(dir, 'scan', 'm.ipynb', '--no-color');
    assert.match(text.stdout, /notebook metadata\.my_extension\.settings\.github/);
    assert.match(text.stdout, /cell 1 attachments\.notes\.txt\.text\/plain/);
    assert.ok(!text.stdout.includes(token) && !sarif.stdout.includes(token));
  });
});
