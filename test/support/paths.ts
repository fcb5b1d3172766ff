import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (tests run from test/dist/…). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
export const corpusDir = join(repoRoot, '..', 'shared', 'corpus', 'real-dev');
