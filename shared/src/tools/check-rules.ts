#!/usr/bin/env node
/**
 * `npm run check:rules`: fails when a registered rule lacks its doc page (with the five
 * headings), its test table or its annotated fixture — after eslint's `checkRuleFiles`.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRules } from '../rules/index.js';
import { VERSION } from '../version.js';

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = join(here, '..', '..');
const repoRoot = join(sharedDir, '..');
const HEADINGS = [
  '## What it does',
  '## Why is this bad?',
  '## Example',
  '## Use instead',
  '## References',
];

const problems: string[] = [];
for (const { meta } of allRules) {
  const id = meta.id;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) problems.push(`${id}: id must be kebab-case`);
  const doc = join(sharedDir, 'docs', 'rules', `${id}.md`);
  if (!existsSync(doc)) problems.push(`${id}: no doc page shared/docs/rules/${id}.md`);
  else {
    const text = readFileSync(doc, 'utf8');
    for (const heading of HEADINGS)
      if (!text.includes(heading)) problems.push(`${id}: doc lacks "${heading}"`);
    for (const cwe of meta.cwe)
      if (!text.includes(cwe)) problems.push(`${id}: doc does not cite ${cwe}`);
  }
  if (!existsSync(join(repoRoot, 'test', 'core', 'rules', `${id}.test.ts`))) {
    problems.push(`${id}: no test table test/core/rules/${id}.test.ts`);
  }
  const fixture = ['ipynb', 'py']
    .map((ext) => join(repoRoot, 'test', 'fixtures', 'rules', `${id}.${ext}`))
    .find(existsSync);
  if (!fixture) problems.push(`${id}: no fixture test/fixtures/rules/${id}.ipynb (or .py)`);
  else if (!readFileSync(fixture, 'utf8').includes(`ruleid: ${id}`))
    problems.push(`${id}: fixture has no "ruleid: ${id}" annotation`);
  if (meta.cwe.length === 0) problems.push(`${id}: no CWE`);
  if (Object.keys(meta.messages).length === 0) problems.push(`${id}: no messages`);
}
const ids = new Set(allRules.map((r) => r.meta.id));
for (const file of readdirSync(join(sharedDir, 'docs', 'rules'))) {
  if (file.endsWith('.md') && file !== 'README.md' && !ids.has(file.slice(0, -3)))
    problems.push(`docs/rules/${file}: no such rule in the registry`);
}
// The rules index page is generated from the registry; `--write` refreshes it.
const index = join(sharedDir, 'docs', 'rules', 'README.md');
const expectedIndex = [
  '# Cellguard rules',
  '',
  'Generated from the registry by `npm run check:rules -- --write`. Categories: `secret` (hardcoded',
  'credentials), `sensitive-output` (any finding located in an output), `unsafe-load` (code execution',
  'through model and data loading).',
  '',
  '| Rule | Category | Default severity | CWE | Fix | What it flags |',
  '|---|---|---|---|---|---|',
  ...allRules.map(
    ({ meta }) =>
      `| [\`${meta.id}\`](${meta.id}.md) | ${meta.category} | ${meta.defaultSeverity} | ${meta.cwe.join(', ')} | ${meta.fixable ? 'yes' : ''} | ${meta.description.replace(/\|/g, '\\|')} |`,
  ),
  '',
].join('\n');
if (process.argv.includes('--write')) writeFileSync(index, expectedIndex);
else if (!existsSync(index) || readFileSync(index, 'utf8') !== expectedIndex) {
  problems.push('shared/docs/rules/README.md is out of date: run `npm run check:rules -- --write`');
}

const pkg = JSON.parse(readFileSync(join(sharedDir, 'package.json'), 'utf8')) as {
  version: string;
};
if (pkg.version !== VERSION)
  problems.push(`shared/src/version.ts says ${VERSION}, package.json ${pkg.version}`);

if (problems.length > 0) {
  console.error(problems.map((p) => `✖ ${p}`).join('\n'));
  console.error(`\n${problems.length} problem(s) in ${allRules.length} rules.`);
  process.exit(1);
}
console.log(`✔ ${allRules.length} rules: each has a doc, a test table and an annotated fixture.`);
