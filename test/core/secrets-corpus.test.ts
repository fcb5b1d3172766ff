/**
 * 318 real notebooks with their outputs (`../shared/corpus/real-dev`), which hold no live
 * credential: every secret finding there is a false positive. The secret rules must stay silent
 * on all of them — placeholders (`sk-...`, `YOUR_API_KEY`, `<token>`), tokenizer vocabulary,
 * model names, UUIDs, hashes and run ids included.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { allRules, createAnalyzer, parseNotebook, type Finding } from '@cellguard/core';
import { corpusDir } from '../support/paths.js';

const SECRET_RULES = new Set(
  allRules.filter((rule) => rule.meta.category === 'secret').map((rule) => rule.meta.id),
);

function notebooksUnder(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...notebooksUnder(path));
    else if (name.endsWith('.ipynb')) found.push(path);
  }
  return found.sort();
}

it(
  'secret rules report nothing on the real-dev corpus',
  { skip: !existsSync(corpusDir) && 'corpus not present' },
  async () => {
    const analyzer = createAnalyzer();
    const files = notebooksUnder(corpusDir);
    const problems: string[] = [];
    let cells = 0;
    for (const file of files) {
      const doc = parseNotebook(readFileSync(file, 'utf8'));
      cells += doc.cells.length;
      const { findings, notices } = await analyzer.analyzeNotebook(doc);
      const secretFindings = findings.filter(
        (f: Finding) => f.category === 'secret' || SECRET_RULES.has(f.ruleId),
      );
      // Only the rule, place and masked message: never the matched text.
      for (const f of secretFindings)
        problems.push(
          `${relative(corpusDir, file)} cell ${f.location.cellIndex} ${f.location.kind}: ${f.ruleId}: ${f.message}`,
        );
      for (const n of notices)
        if (
          /^rule .* failed/.test(n.message) &&
          [...SECRET_RULES].some((id) => n.message.includes(id))
        )
          problems.push(`${relative(corpusDir, file)}: ${n.message}`);
    }
    console.log(
      `secrets corpus: ${files.length} notebooks, ${cells} cells scanned, ${problems.length} secret finding(s)`,
    );
    assert.ok(files.length >= 300, `expected the 318 corpus notebooks, found ${files.length}`);
    assert.deepEqual(problems, []);
  },
);
