/**
 * Whole-notebook fixtures, after semgrep-rules: in `test/fixtures/rules/<rule-id>.{ipynb,py}`,
 * `# ruleid: X` (or `<!-- ruleid: X -->` in markdown) stands on the line above a line that rule X
 * must flag, `# ok: X` above a near miss it must not. `# output-ruleid: X` / `# output-ok: X`
 * anywhere in a code cell speak of that cell's outputs. Every finding of the fixture's own rule
 * must be annotated: an unexpected one fails too.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  createAnalyzer,
  fromPythonSource,
  LineIndex,
  parseNotebook,
  type Finding,
} from '@cellguard/core';
import { fixturesDir } from '../support/paths.js';

const ANNOTATION =
  /(?:#|<!--)\s{0,4}(ruleid|ok|output-ruleid|output-ok):\s{0,4}([\w,.-][\w\s,.-]{0,300}?)\s{0,4}(?:-->)?\s*$/;

interface Expectation {
  readonly cellIndex: number;
  /** 0-based line the annotation points at (for source annotations). */
  readonly line?: number;
  readonly kind: 'ruleid' | 'ok' | 'output-ruleid' | 'output-ok';
  readonly ruleId: string;
}

function expectationsOf(source: string, cellIndex: number): Expectation[] {
  const lines = source.split(/\r?\n/);
  const result: Expectation[] = [];
  lines.forEach((line, i) => {
    const match = ANNOTATION.exec(line);
    if (!match) return;
    const kind = match[1] as Expectation['kind'];
    // The annotated line is the next one that is not itself an annotation.
    let target = i + 1;
    while (target < lines.length && ANNOTATION.test(lines[target]!)) target++;
    for (const ruleId of match[2]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      result.push(
        kind.startsWith('output')
          ? { cellIndex, kind, ruleId }
          : { cellIndex, line: target, kind, ruleId },
      );
    }
  });
  return result;
}

const dir = join(fixturesDir, 'rules');
const files = readdirSync(dir).filter((f) => f.endsWith('.ipynb') || f.endsWith('.py'));
const analyzer = createAnalyzer();

describe('rule fixtures', () => {
  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const doc = file.endsWith('.py') ? fromPythonSource(text) : parseNotebook(text);
      const { findings } = await analyzer.analyzeNotebook(doc);
      const ownRule = file.replace(/\.(?:ipynb|py)$/, '');
      const expectations = doc.cells.flatMap((cell, i) => expectationsOf(cell.source, i));
      assert.ok(
        expectations.some((e) => e.kind === 'ruleid' || e.kind === 'output-ruleid'),
        `${file} has no ruleid annotation`,
      );

      const lineOf = (finding: Finding): number | undefined =>
        finding.location.kind === 'source'
          ? new LineIndex(doc.cells[finding.location.cellIndex]!.source).positionAt(
              finding.location.range[0],
            ).line
          : undefined;
      const matches = (e: Expectation, f: Finding): boolean =>
        f.ruleId === e.ruleId &&
        f.location.cellIndex === e.cellIndex &&
        (e.kind.startsWith('output')
          ? f.location.kind === 'output'
          : f.location.kind === 'source' && lineOf(f) === e.line);

      const problems: string[] = [];
      for (const e of expectations) {
        const hit = findings.some((f) => matches(e, f));
        const where =
          e.line === undefined
            ? `cell ${e.cellIndex} outputs`
            : `cell ${e.cellIndex} line ${e.line + 1}`;
        if ((e.kind === 'ruleid' || e.kind === 'output-ruleid') && !hit)
          problems.push(`missed ${e.ruleId} at ${where}`);
        if ((e.kind === 'ok' || e.kind === 'output-ok') && hit)
          problems.push(`false positive ${e.ruleId} at ${where}`);
      }
      for (const f of findings.filter((f) => f.ruleId === ownRule)) {
        const expected = expectations.some(
          (e) => (e.kind === 'ruleid' || e.kind === 'output-ruleid') && matches(e, f),
        );
        if (!expected) {
          const line = lineOf(f);
          problems.push(
            `unannotated ${f.ruleId} at cell ${f.location.cellIndex}${line === undefined ? ' outputs' : ` line ${line + 1}`}`,
          );
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
