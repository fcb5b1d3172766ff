#!/usr/bin/env node
// Builds the prebuilt (federated) labextension into cellguard_jupyterlab/labextension with the
// webpack-based @jupyterlab/builder. The builder wants the JupyterLab core's package.json (shared
// module versions, singletons) in a folder: that is `core.package.json` of
// @jupyterlab/core-meta, pinned to the JupyterLab release we target.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(here, 'package.json'));
const coreDir = path.join(here, '.tmp', 'core');
fs.mkdirSync(coreDir, { recursive: true });
fs.copyFileSync(
  require.resolve('@jupyterlab/core-meta/core.package.json'),
  path.join(coreDir, 'package.json'),
);
// A clean output folder: no stale chunks from an earlier build end up in the wheel.
fs.rmSync(path.join(here, 'cellguard_jupyterlab', 'labextension'), {
  recursive: true,
  force: true,
});
// The analysis worker's bundle (lib/worker-source.js), which lib/index.js imports.
execFileSync(process.execPath, [path.join(here, 'scripts', 'build-worker.mjs')], {
  stdio: 'inherit',
  cwd: here,
});
const builder = require.resolve('@jupyterlab/builder/lib/build-labextension.js');
const args = [builder, '--core-path', coreDir, ...process.argv.slice(2), here];
execFileSync(process.execPath, args, { stdio: 'inherit', cwd: here });
