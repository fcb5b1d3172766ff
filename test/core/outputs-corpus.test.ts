/**
 * The real-dev corpus (318 public notebooks with their saved outputs, see its README): every
 * finding of the sensitive-output rules, decided one by one. The set is asserted exactly: a new
 * finding or a lost one fails. Cells and outputs are 0-based.
 *
 * Found by running the rules and, for recall, by grepping every textual output for `@`, NANP and
 * `+` phone shapes, 9/13–19-digit runs, IBAN shapes, `Authorization`, `?token=`-style query
 * parameters and `NAME=value` lines.
 *
 * Findings (all expected, i.e. true positives):
 * - email, `llm_gateway_pii_detection` (en and zh-CN), cells 19 and 24: the notebook's PII demo
 *   prints a (synthetic but real-looking) applicant's address `Valentine4@gmail.com` — the very
 *   thing the notebook is about; the output as saved is PII-shaped data.
 * - email, `better-rag/03-ragas-evaluation`, cells 71, 75, 80 (text/html of DataFrames with
 *   extracted paper text): an author's personal address in the paper header.
 * - email, `llama-index/using-llamaindex-with-pinecone`, cells 6, 8 and 17 (output 1): the two
 *   authors' addresses in text extracted from the HNSW paper (`E-mail: …`), in one cell after a
 *   `\n` escape of the repr (`\nyurymalkov@…`, the escape is not part of the value).
 * - phone, `better-rag/Cleanlab_Pinecone_Reliable_Improved_RAG`, cell 58: "Cathy McGill at
 *   (804) 371-7800" — a named person's direct number in a document chunk.
 *
 * Decided NOT findings (asserted absent by the exact comparison):
 * - `support@company.com` (langchain prompt templates, 3 outputs): a role mailbox (RFC 2142).
 * - `support@example.com`: a reserved example domain (RFC 2606).
 * - `555-123-4567`: not an assigned number (NPA 555 does not exist; libphonenumber rejects it).
 * - `(408) 540-3700` ("our telephone number is", a 10-K) and `(713) 370-0670` (the registrant's
 *   number on Compaq's 10-K cover page): companies' published lines.
 * - `(800) 487-1626`, `(TTY) (800) 700-2320`: toll-free service lines.
 * - `'Authorization': 'bearer 54100389393-THrF…'` (bertopic `00_get_data`, cell 12): the Reddit
 *   OAuth access token whose token response (`expires_in` 86400, `token_type`) the notebook
 *   printed in cell 9 — short-lived and long expired; the secrets family does not report that
 *   response either.
 * - No SSNs, card numbers, IBANs or environment dumps occur in the corpus (none found by the
 *   rules or by the greps).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer, allRules, parseNotebook } from '@cellguard/core';
import { corpusDir } from '../support/paths.js';

const OUTPUT_RULES = [
  'auth-token-in-output',
  'email-address-in-output',
  'environment-dump-in-output',
  'iban-in-output',
  'payment-card-in-output',
  'phone-number-in-output',
  'ssn-in-output',
];

const HF = 'huggingface__cookbook/notebooks';
const PC = 'pinecone-io__examples/learn/generation';

/** [notebook, cell, output, rule id]. */
const EXPECTED: readonly (readonly [string, number, number, string])[] = [
  [`${HF}/en/llm_gateway_pii_detection.ipynb`, 19, 0, 'email-address-in-output'],
  [`${HF}/en/llm_gateway_pii_detection.ipynb`, 24, 0, 'email-address-in-output'],
  [`${HF}/zh-CN/llm_gateway_pii_detection.ipynb`, 19, 0, 'email-address-in-output'],
  [`${HF}/zh-CN/llm_gateway_pii_detection.ipynb`, 24, 0, 'email-address-in-output'],
  [`${PC}/better-rag/03-ragas-evaluation.ipynb`, 71, 0, 'email-address-in-output'],
  [`${PC}/better-rag/03-ragas-evaluation.ipynb`, 75, 0, 'email-address-in-output'],
  [`${PC}/better-rag/03-ragas-evaluation.ipynb`, 80, 0, 'email-address-in-output'],
  [
    `${PC}/better-rag/Cleanlab_Pinecone_Reliable_Improved_RAG.ipynb`,
    58,
    0,
    'phone-number-in-output',
  ],
  [`${PC}/llama-index/using-llamaindex-with-pinecone.ipynb`, 6, 0, 'email-address-in-output'],
  [`${PC}/llama-index/using-llamaindex-with-pinecone.ipynb`, 8, 0, 'email-address-in-output'],
  [`${PC}/llama-index/using-llamaindex-with-pinecone.ipynb`, 17, 1, 'email-address-in-output'],
];

const key = (file: string, cell: number, output: number, ruleId: string): string =>
  `${file} cell ${cell} output ${output} ${ruleId}`;

describe(
  'sensitive-output rules on the real-dev corpus',
  { skip: !existsSync(join(corpusDir, 'FILES.txt')) && 'corpus not present' },
  () => {
    it('finds exactly the decided set of output findings', async () => {
      const files = readFileSync(join(corpusDir, 'FILES.txt'), 'utf8')
        .split(/\r?\n/)
        .filter(Boolean);
      const analyzer = new Analyzer(allRules.filter((r) => OUTPUT_RULES.includes(r.meta.id)));
      assert.equal(analyzer.ruleIds.length, OUTPUT_RULES.length);
      const found: string[] = [];
      let outputs = 0;
      let chars = 0;
      let analysing = 0;
      for (const file of files) {
        const doc = parseNotebook(readFileSync(join(corpusDir, file), 'utf8'));
        for (const cell of doc.cells) {
          outputs += cell.outputs.length;
          for (const output of cell.outputs)
            for (const rep of output.texts) chars += rep.text.length;
        }
        const started = performance.now();
        const { findings, notices } = await analyzer.analyzeNotebook(doc, { sources: false });
        analysing += performance.now() - started;
        assert.deepEqual(
          notices.filter((n) => n.message.includes('failed')),
          [],
          file,
        );
        for (const finding of findings) {
          assert.equal(finding.location.kind, 'output');
          if (finding.location.kind !== 'output') continue;
          found.push(
            key(file, finding.location.cellIndex, finding.location.outputIndex, finding.ruleId),
          );
        }
      }
      const expected = EXPECTED.map(([file, cell, output, ruleId]) =>
        key(file, cell, output, ruleId),
      );
      const missed = expected.filter((e) => !found.includes(e));
      const unexpected = found.filter((f) => !expected.includes(f));
      const truePositives = expected.length - missed.length;
      console.log(
        `corpus: ${found.length} sensitive-output findings in ${files.length} notebooks, ${outputs} outputs, ` +
          `${(chars / 1e6).toFixed(1)} M chars analysed in ${Math.round(analysing)} ms; ` +
          `precision ${(truePositives / Math.max(found.length, 1)).toFixed(3)}, recall ${(truePositives / expected.length).toFixed(3)}`,
      );
      assert.deepEqual({ missed, unexpected }, { missed: [], unexpected: [] });
      assert.equal(found.length, expected.length, 'one finding per output and kind');
    });
  },
);
