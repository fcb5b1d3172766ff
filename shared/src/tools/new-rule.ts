#!/usr/bin/env node
/**
 * `npm run new-rule -- <rule-id> <secret|sensitive-output|unsafe-load|provider>`: scaffolds the
 * rule, its doc page, its test table and its fixture, so the easy path is the complete one.
 * `provider` makes a secret provider file (`shared/src/rules/secrets/providers/<id>.ts`: its
 * metadata, detectors, sample values and rotation link side by side) instead of a rule file.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [id, category = 'unsafe-load'] = process.argv.slice(2);
if (
  !id ||
  !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) ||
  !['secret', 'sensitive-output', 'unsafe-load', 'provider'].includes(category)
) {
  console.error(
    'usage: npm run new-rule -- <kebab-case-id> <secret|sensitive-output|unsafe-load|provider>',
  );
  process.exit(2);
}
const isProvider = category === 'provider';
const folder = {
  secret: 'secrets',
  provider: 'secrets/providers',
  'sensitive-output': 'outputs',
  'unsafe-load': 'model-loading',
}[category]!;
const docCategory = isProvider ? 'secret' : category;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const camel = id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

const providerFile = `/**
 * TODO: what this flags. Cite where the format comes from (the provider's docs) beside the pattern.
 */
import { prefixed } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: '${id}',
  description: 'TODO: A … key is stored in the notebook.',
  label: 'TODO key',
  envName: 'TODO_API_KEY',
  rotateUrl: 'https://TODO',
  detectors: [
    // TODO: source of the format.
    prefixed({ triggers: ['todo_'], pattern: /(?<![\\w-])todo_[A-Za-z0-9]{32}(?![\\w-])/g, prefixLength: 5 }),
  ],
});
`;

const files: Record<string, string> = {
  [`shared/src/rules/${folder}/${id}.ts`]: isProvider
    ? providerFile
    : `/**
 * TODO: what this flags, and the source of the pattern (a spec, a provider's docs).
 */
import { defineRule } from '../../engine/rule.js';

export default defineRule({
  meta: {
    id: '${id}',
    category: '${category}',
    defaultSeverity: 'warning',
    cwe: ['CWE-000'],
    description: 'TODO one line.',
    messages: { found: 'TODO: what is wrong and what to do instead.' },
  },
  create(context) {
    return {
      code(view) {
        void context;
        void view;
      },
    };
  },
});
`,
  [`shared/docs/rules/${id}.md`]: `# ${id}

Category: \`${docCategory}\` · Default severity: ${isProvider ? 'error' : 'warning'} · CWE-000

## What it does

## Why is this bad?

## Example

\`\`\`python
\`\`\`

## Use instead

\`\`\`python
\`\`\`

## References

- [CWE-000](https://cwe.mitre.org/data/definitions/000.html)
`,
  [`test/core/rules/${id}.test.ts`]: `import { ruleTester } from '../../support/rule-tester.js';
import { getRule } from '@cellguard/core';

ruleTester(getRule('${id}')!, {
  valid: [],
  invalid: [],
});
`,
  [`test/fixtures/rules/${id}.py`]: `# ruleid: ${id}\n\n# ok: ${id}\n\n`,
};
for (const [path, content] of Object.entries(files)) {
  const full = join(root, path);
  if (existsSync(full)) {
    console.error(`exists, left alone: ${path}`);
    continue;
  }
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  console.log(`created ${path}`);
}
console.log(
  isProvider
    ? '\nNow run `npm run build && npm run check:rules -- --write && npm run build` to add it to providers/index.ts.'
    : `\nNow register it: import ${camel} from './${id}.js' in shared/src/rules/${folder}/index.ts.`,
);
