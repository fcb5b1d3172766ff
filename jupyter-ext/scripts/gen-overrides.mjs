#!/usr/bin/env node
// Regenerates the `overrides` key of the root package.json from JupyterLab's own pins:
// `@jupyterlab/core-meta@4.6.4` ships `core.package.json` (JupyterLab's staging package.json)
// whose `resolutions` are what a real JupyterLab 4.6.4 ships. `~x.y.z` ranges become exact
// versions (a `~4.6.4` range pulled 4.6.6 packages that the registry lacks), plus a few pins that
// the e2e notes found necessary (fast-foundation 2.50 loops, ydoc/yjs pairing).
// Usage: node gen-overrides.mjs [path/to/core.package.json]  — touches only the `overrides` key.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const rootPkgPath = path.resolve(here, '../../package.json');
const require = createRequire(rootPkgPath);
const corePath = process.argv[2] ?? require.resolve('@jupyterlab/core-meta/core.package.json');
const core = JSON.parse(fs.readFileSync(corePath, 'utf8'));

const EXTRA_PINS = {
  '@microsoft/fast-foundation': '2.49.4',
  '@microsoft/fast-element': '1.12.0',
  '@jupyter/ydoc': '4.0.0',
  yjs: '13.5.49',
};

const overrides = {};
for (const [name, range] of Object.entries(core.resolutions)) {
  overrides[name] = range.startsWith('~') ? range.slice(1) : range;
}
Object.assign(overrides, EXTRA_PINS);
const sorted = Object.fromEntries(Object.entries(overrides).sort(([a], [b]) => a.localeCompare(b)));

const root = JSON.parse(fs.readFileSync(rootPkgPath, 'utf8'));
if (JSON.stringify(root.overrides) === JSON.stringify(sorted)) {
  console.log('overrides up to date');
} else {
  root.overrides = sorted;
  fs.writeFileSync(rootPkgPath, JSON.stringify(root, null, 2) + '\n');
  console.log(`overrides written (${Object.keys(sorted).length} entries)`);
}
