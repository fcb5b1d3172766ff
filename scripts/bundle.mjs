#!/usr/bin/env node
// `npm run bundle`: the single-file CLI, dist/cellguard.cjs, that the GitHub Action, the pre-commit
// hooks and `npx <git URL>` run with no install step. It is committed (as GitHub's JavaScript
// actions commit dist/index.js), so a clone at any commit can run it; test/core/bundle.test.ts
// fails when it no longer matches the sources. `node scripts/bundle.mjs --check` only compares.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'cellguard.cjs');
export const ACTION = join(ROOT, 'dist', 'action.cjs');

/** action.yml's `runs.main`: the same bundle, in action mode (see shared/src/cli/bundle.ts). */
export const ACTION_TEXT = `#!/usr/bin/env node
// The GitHub Action's entry (action.yml), written by \`npm run bundle\`: the CLI bundle in action mode.
globalThis.cellguardEntry = 'action';
require('./cellguard.cjs');
`;

/** Build the bundle in memory; the same inputs give the same bytes. */
export async function bundleText() {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['shared/src/cli/bundle.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'eof',
    write: false,
    // CommonJS has no import.meta: the bundle's own URL stands in (used to start scan workers).
    banner: { js: 'const __cellguardUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__cellguardUrl' },
    logLevel: 'warning',
    // @cyclonedx/cyclonedx-library's optional plugins (XML output, schema validation), loaded
    // only when asked for; `cellguard bom` writes JSON and never asks.
    external: ['xmlbuilder2', 'libxmljs2', 'ajv', 'ajv-formats', 'ajv-formats-draft2019'],
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await bundleText();
  if (process.argv.includes('--check')) {
    const read = (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return ''; // missing: stale
      }
    };
    if (read(BUNDLE) !== text || read(ACTION) !== ACTION_TEXT) {
      console.error('dist/ is out of date: run `npm run bundle` and commit dist/.');
      process.exit(1);
    }
  } else {
    mkdirSync(dirname(BUNDLE), { recursive: true });
    writeFileSync(BUNDLE, text);
    writeFileSync(ACTION, ACTION_TEXT);
    chmodSync(BUNDLE, 0o755);
    console.log(`dist/cellguard.cjs: ${text.length} bytes`);
  }
}
