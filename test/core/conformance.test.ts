/**
 * The conformance table: notebooks in → the decisions every front end must share (findings,
 * action menus, redact and clear results, save decisions, exclusion, language), run here against
 * the core. The table lives in `test/support/conformance.ts` so that the editors' suites can run
 * the same rows through their own conversion.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  displayCellIndex,
  actionsFor,
  createAnalyzer,
  isExcluded,
  parseNotebook,
  redactNotebookJson,
  saveCheck,
} from '@cellguard/core';
import { CONFORMANCE } from '../support/conformance.js';

const analyzer = createAnalyzer();

describe('conformance table (core)', () => {
  for (const row of CONFORMANCE) {
    it(row.name, async () => {
      const text = JSON.stringify(row.notebook, null, 1);
      const doc = parseNotebook(text);
      assert.equal(doc.language, row.language, 'language');
      const { findings } = await analyzer.analyzeNotebook(doc);
      assert.deepEqual(findings.map((f) => f.ruleId).sort(), [...row.rules].sort(), 'findings');
      for (const f of findings) {
        const menu = actionsFor(f, doc.cells[displayCellIndex(f.location)]!).map((a) => a.kind);
        assert.deepEqual(menu, row.menus[`${f.ruleId}/${f.location.kind}`], `menu of ${f.ruleId}`);
      }
      const redacted = redactNotebookJson(text, findings);
      for (const value of row.values) assert.ok(!redacted.includes(value), 'redacted everywhere');
      const cleared = JSON.parse(redactNotebookJson(text, findings, 'clear')) as {
        cells: { outputs?: unknown[] }[];
      };
      assert.deepEqual(
        cleared.cells.map((c) => c.outputs?.length ?? 0),
        row.outputsAfterClear,
        'clear',
      );
      for (const [policy, expected] of Object.entries(row.save)) {
        const decision = saveCheck(findings, policy as 'warn' | 'redact' | 'clear' | 'off');
        assert.deepEqual(
          [decision.warn.length, decision.edits.length],
          expected,
          `save policy ${policy}`,
        );
      }
      for (const [path, excluded] of row.exclusion)
        assert.equal(isExcluded(path, row.exclude), excluded, `exclude ${path}`);
    });
  }
});
