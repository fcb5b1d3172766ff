/**
 * One table of cases every front end must decide alike (issue #13): a notebook, and what the
 * core — and each editor through its conversion — must answer. Values are made up; the key is
 * built from a seeded fake so no real credential is in the repository.
 */
import { fake } from '../core/secrets-fakes.js';

export interface ConformanceRow {
  readonly name: string;
  readonly notebook: Record<string, unknown>;
  readonly language: string;
  /** Rule ids of the findings, any order. */
  readonly rules: readonly string[];
  /** Action kinds of the menu of each finding, by `ruleId/location kind`. */
  readonly menus: Readonly<Record<string, readonly string[]>>;
  /** Values no representation may contain after Redact. */
  readonly values: readonly string[];
  /** Outputs per cell after Clear. */
  readonly outputsAfterClear: readonly number[];
  /** Per policy: [findings warned about, edits]. */
  readonly save: Readonly<Record<string, readonly [number, number]>>;
  readonly exclude: readonly string[];
  readonly exclusion: readonly (readonly [string, boolean])[];
}

const key = fake.openaiProject('conformance');
const email = 'maribel.quintero84@gmail.com';

const nb = (cells: unknown[], metadata: Record<string, unknown> = {}): Record<string, unknown> => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata,
  cells,
});

const OUTPUT_MENU = ['fix', 'fix', 'fix', 'suppress-cell', 'docs'];

export const CONFORMANCE: readonly ConformanceRow[] = [
  {
    name: 'DataFrame with an email in text/plain and text/html: one Redact clears both',
    notebook: nb([
      {
        cell_type: 'code',
        metadata: {},
        source: 'df.head()',
        execution_count: 1,
        outputs: [
          {
            output_type: 'execute_result',
            execution_count: 1,
            metadata: {},
            data: {
              'text/plain': ['   name  email\n', `0  Ann   ${email}`],
              'text/html': [
                '<table class="dataframe"><thead><tr><th></th><th>name</th><th>email</th></tr></thead>',
                `<tbody><tr><th>0</th><td>Ann</td><td>${email.replace('@', '&#64;')}</td></tr></tbody></table>`,
              ],
            },
          },
        ],
      },
    ]),
    language: 'python',
    rules: ['email-address-in-output'],
    menus: { 'email-address-in-output/output': OUTPUT_MENU },
    values: [email, email.replace('@', '&#64;')],
    outputsAfterClear: [0],
    // Redact: one edit per representation (text/plain and text/html); Clear: one per output.
    save: { off: [0, 0], warn: [1, 0], redact: [0, 2], clear: [0, 1] },
    exclude: ['build/'],
    exclusion: [
      ['build/a.ipynb', true],
      ['src/a.ipynb', false],
    ],
  },
  {
    name: 'a key in code and in a stream; empty language_info.name still means Python',
    notebook: nb(
      [
        { cell_type: 'code', metadata: {}, source: `api_key = "${key}"`, outputs: [] },
        {
          cell_type: 'code',
          metadata: {},
          source: 'print(api_key)\nimport pickle\npickle.load(open("m.pkl", "rb"))',
          outputs: [{ output_type: 'stream', name: 'stdout', text: [`${key}\n`] }],
        },
      ],
      { language_info: { name: '' } },
    ),
    language: 'python',
    rules: ['openai-api-key', 'openai-api-key', 'pickle-load'],
    menus: {
      'openai-api-key/source': ['fix', 'fix', 'suppress-line', 'suppress-cell', 'docs'],
      'pickle-load/source': ['suppress-line', 'suppress-cell', 'docs'],
      'openai-api-key/output': OUTPUT_MENU,
    },
    values: [],
    outputsAfterClear: [0, 0],
    save: { off: [0, 0], warn: [2, 0], redact: [1, 1], clear: [1, 1] },
    exclude: ['*.py', 'data/**'],
    exclusion: [
      ['a/train.py', true],
      ['data/x/y.ipynb', true],
      ['mydata/y.ipynb', false],
    ],
  },
];
