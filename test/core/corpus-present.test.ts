/**
 * The corpus tests skip (visibly, in the totals) when `../shared/corpus/real-dev` is missing on a
 * developer's machine; in CI a missing corpus is a failure, never a silent pass.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusDir } from '../support/paths.js';

describe('real-dev corpus', () => {
  const present = existsSync(join(corpusDir, 'FILES.txt'));
  it(
    'is present beside the repository (required in CI)',
    { skip: !present && process.env['CI'] !== 'true' && 'corpus not present (CI fails here)' },
    () => {
      assert.ok(
        present,
        `${corpusDir}/FILES.txt is missing: CI runs with ../shared beside the repo`,
      );
      const notebooks = readdirSync(corpusDir, { recursive: true }).filter((f) =>
        String(f).endsWith('.ipynb'),
      );
      assert.ok(notebooks.length >= 300, `only ${notebooks.length} notebooks in the corpus`);
    },
  );
});
