#!/usr/bin/env node
// Fails when a JupyterLab singleton package (react, lumino, codemirror, @jupyterlab/*, yjs) is
// installed more than once in the workspace. A duplicate React broke jest ("Invalid hook call")
// while the browser hid it; a duplicate @jupyterlab/* token silently breaks plugin resolution.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const core = require(require.resolve('@jupyterlab/core-meta/core.package.json', { paths: [root] }));
const names = new Set([...core.jupyterlab.singletonPackages, 'react', 'react-dom', 'yjs']);
const seen = {};

function walk(dir, depth) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    if (entry.name === '.bin' || entry.name === '.cache') continue;
    if (entry.name.startsWith('@')) {
      for (const sub of fs.readdirSync(path.join(dir, entry.name), { withFileTypes: true })) {
        visit(path.join(dir, entry.name, sub.name), `${entry.name}/${sub.name}`, depth);
      }
    } else {
      visit(path.join(dir, entry.name), entry.name, depth);
    }
  }
}

function visit(pkgDir, name, depth) {
  if (fs.lstatSync(pkgDir).isSymbolicLink()) return; // workspace links
  const manifest = path.join(pkgDir, 'package.json');
  if (names.has(name) && fs.existsSync(manifest)) {
    (seen[name] ??= []).push(
      `${path.relative(root, pkgDir)} ${JSON.parse(fs.readFileSync(manifest, 'utf8')).version}`,
    );
  }
  if (depth < 8) walk(path.join(pkgDir, 'node_modules'), depth + 1);
}

walk(path.join(root, 'node_modules'), 0);
for (const ws of ['shared', 'vscode-ext', 'jupyter-ext'])
  walk(path.join(root, ws, 'node_modules'), 1);

const dupes = Object.entries(seen).filter(([, where]) => where.length > 1);
for (const [name, where] of dupes) console.error(`DUPLICATE ${name}\n  ${where.join('\n  ')}`);
console.log(`${Object.keys(seen).length} singleton packages checked, ${dupes.length} duplicated`);
process.exit(dupes.length ? 1 : 0);
