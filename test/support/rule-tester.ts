/**
 * Table-driven rule tests, after eslint's RuleTester. A case is code (a code cell), a markdown
 * cell, a notebook built from cells, or an output text; `invalid` cases list what must be found
 * (rule, optionally the exact flagged text) and, optionally, the source after applying the first
 * fix. Each case becomes one `node:test` test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Analyzer,
  applySourceEdits,
  resolveConfig,
  type Finding,
  type NotebookDoc,
  type Rule,
  type SourceEdit,
} from '@cellguard/core';
import { metadataValue } from './metadata.js';

export interface CellSpec {
  readonly kind?: 'code' | 'markdown' | 'raw';
  readonly source: string;
  /** Stream stdout texts, or explicit outputs. */
  readonly outputs?: readonly (
    | string
    | {
        mimeType: string;
        text: string;
        outputType?: 'stream' | 'execute_result' | 'display_data' | 'error';
      }
  )[];
}

export type CaseInput =
  | string
  | { readonly code: string; readonly name?: string }
  | { readonly markdown: string; readonly name?: string }
  | { readonly output: string; readonly mimeType?: string; readonly name?: string }
  | { readonly cells: readonly CellSpec[]; readonly name?: string };

export interface ExpectedFinding {
  /** Exact text the finding's range covers (in the cell source or the output text). */
  readonly text?: string;
  readonly messageId?: string;
  /** Cell the finding is in (default: the last cell). */
  readonly cellIndex?: number;
  readonly severity?: 'error' | 'warning' | 'note';
  /** A substring the message must contain. */
  readonly messageIncludes?: string;
}

export interface InvalidCase {
  readonly input: CaseInput;
  readonly errors: readonly ExpectedFinding[];
  /** Cell source after applying the first fix of the first finding. */
  readonly output?: string;
  /** Which fix to apply (default 0). */
  readonly fixIndex?: number;
  readonly options?: Record<string, unknown>;
}

export interface RuleTable {
  readonly valid: readonly CaseInput[];
  readonly invalid: readonly InvalidCase[];
}

/** Build a NotebookDoc from a case input. */
export function docFor(input: CaseInput): NotebookDoc {
  const cells: CellSpec[] =
    typeof input === 'string'
      ? [{ source: input }]
      : 'code' in input
        ? [{ source: input.code }]
        : 'markdown' in input
          ? [{ kind: 'markdown', source: input.markdown }]
          : 'output' in input
            ? [
                {
                  source: 'print(value)',
                  outputs: [{ mimeType: input.mimeType ?? 'stream', text: input.output }],
                },
              ]
            : [...input.cells];
  return {
    language: 'python',
    cells: cells.map((cell) => ({
      kind: cell.kind ?? 'code',
      source: cell.source,
      outputs: (cell.outputs ?? []).map((output) => {
        const spec = typeof output === 'string' ? { mimeType: 'stream', text: output } : output;
        const outputType =
          spec.outputType ??
          (spec.mimeType === 'stream'
            ? 'stream'
            : spec.mimeType === 'error'
              ? 'error'
              : 'execute_result');
        return { outputType, texts: [{ mimeType: spec.mimeType, text: spec.text }] };
      }),
    })),
  };
}

function label(input: CaseInput): string {
  const text =
    typeof input === 'string'
      ? input
      : 'name' in input && input.name
        ? input.name
        : JSON.stringify(input);
  return text.length > 90 ? `${text.slice(0, 87)}...` : text;
}

function flaggedText(doc: NotebookDoc, finding: Finding): string {
  const { location } = finding;
  if (location.kind === 'metadata')
    return (metadataValue(doc, location) ?? '').slice(location.range[0], location.range[1]);
  const cell = doc.cells[location.cellIndex]!;
  if (location.kind === 'source') return cell.source.slice(location.range[0], location.range[1]);
  const output = cell.outputs[location.outputIndex]!;
  const text = output.texts.find((t) => t.mimeType === location.mimeType)?.text ?? '';
  return text.slice(location.range[0], location.range[1]);
}

/** Run a rule alone over a case; `ignore` puts `{"cellguard": {"ignore": […]}}` on every cell. */
export async function runRule(
  rule: Rule,
  input: CaseInput,
  options: Record<string, unknown> = {},
  ignore?: readonly string[],
): Promise<{ doc: NotebookDoc; findings: Finding[] }> {
  const config = resolveConfig({ rules: { [rule.meta.id]: { options } } });
  const analyzer = new Analyzer([rule], config);
  const built = docFor(input);
  const doc: NotebookDoc = ignore
    ? {
        ...built,
        cells: built.cells.map((cell) => ({ ...cell, suppression: { ignore: [...ignore] } })),
      }
    : built;
  const { findings } = await analyzer.analyzeNotebook(doc);
  return { doc, findings };
}

/** Register the table's cases as tests. */
export function ruleTester(rule: Rule, table: RuleTable): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const input of table.valid) {
        it(label(input), async () => {
          const { doc, findings } = await runRule(rule, input);
          assert.deepEqual(
            findings.map((f) => `${f.ruleId}: ${flaggedText(doc, f)}`),
            [],
            'expected no findings',
          );
        });
      }
    });
    describe('invalid', () => {
      for (const testCase of table.invalid) {
        it(label(testCase.input), async () => {
          const { doc, findings } = await runRule(rule, testCase.input, testCase.options);
          const lastCell = doc.cells.length - 1;
          assert.equal(
            findings.length,
            testCase.errors.length,
            `expected ${testCase.errors.length} finding(s), got: ${findings.map((f) => flaggedText(doc, f)).join(' | ')}`,
          );
          testCase.errors.forEach((expected, i) => {
            const finding = findings[i]!;
            assert.equal(finding.ruleId, rule.meta.id);
            assert.equal(finding.location.cellIndex, expected.cellIndex ?? lastCell);
            if (expected.text !== undefined) assert.equal(flaggedText(doc, finding), expected.text);
            if (expected.severity) assert.equal(finding.severity, expected.severity);
            if (expected.messageIncludes)
              assert.ok(finding.message.includes(expected.messageIncludes), finding.message);
            if (expected.messageId) assert.equal(finding.messageId, expected.messageId);
            const template = rule.meta.messages[finding.messageId];
            assert.ok(template, `finding has unknown messageId ${finding.messageId}`);
            assert.ok(
              finding.message.startsWith(template.split('{{')[0]!),
              `message "${finding.message}" is not from ${finding.messageId}`,
            );
            // Messages never carry unfilled placeholders.
            assert.ok(!/\{\{/.test(finding.message), finding.message);
          });
          if (testCase.output !== undefined) {
            const finding = findings[0]!;
            const fix = finding.fixes[testCase.fixIndex ?? 0];
            assert.ok(fix, 'expected a fix');
            const cellIndex = finding.location.cellIndex ?? -1;
            const edits = fix.edits.filter(
              (e): e is SourceEdit => e.kind === 'source' && e.cellIndex === cellIndex,
            );
            assert.equal(applySourceEdits(doc.cells[cellIndex]!.source, edits), testCase.output);
          }
        });
      }
    });
    // Per-rule cell-metadata suppression, for every rule: breaking it for one rule fails here.
    const firstInvalid = table.invalid[0];
    if (firstInvalid) {
      it('cell metadata "ignore": [this rule] silences it; ignoring another rule does not', async () => {
        const { options } = firstInvalid;
        const other = await runRule(rule, firstInvalid.input, options, ['some-other-rule']);
        assert.equal(other.findings.length, firstInvalid.errors.length);
        const silenced = await runRule(rule, firstInvalid.input, options, [rule.meta.id]);
        assert.deepEqual(
          silenced.findings.filter((f) => f.location.kind !== 'metadata').map((f) => f.ruleId),
          [],
        );
      });
    }
  });
}
