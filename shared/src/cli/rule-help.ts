/**
 * What SARIF consumers show about a rule, taken from its doc page (`shared/docs/rules/<id>.md`,
 * shipped in the package) so reports cannot drift from the docs: `fullDescription` is the page's
 * "What it does" section, `help` the page itself (markdown) and its first two sections as text.
 * GitHub code scanning requires both on every rule.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface RuleHelp {
  readonly fullDescription: string;
  readonly helpText: string;
  readonly helpMarkdown: string;
}

const cache = new Map<string, RuleHelp | undefined>();

/** Markdown inline syntax removed: `code`, [text](url) → text (url), **bold**, _emphasis_. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/[ \t]{0,40}\n[ \t]{0,40}(?!\n|[-*] |\d{1,3}\. )/g, ' ')
    .replace(/\[([^\]\n]{1,300})\]\(([^)\s]{1,500})\)/g, '$1 ($2)')
    .replace(/`([^`\n]{1,500})`/g, '$1')
    .replace(/\*\*([^*\n]{1,500})\*\*/g, '$1')
    .replace(/(^|[\s(])_([^_\n]{1,500})_(?=$|[\s).,;:])/gm, '$1$2')
    .replace(/`/g, '')
    .trim();
}

/** The text of the `## heading` section of a doc page (up to the next `## `). */
function section(page: string, heading: string): string {
  const start = page.indexOf(`\n## ${heading}\n`);
  if (start === -1) return '';
  const from = start + heading.length + 5;
  const end = page.indexOf('\n## ', from);
  return page.slice(from, end === -1 ? page.length : end).trim();
}

/** The help of a rule from its doc page; undefined when the page cannot be read. */
export function ruleHelp(id: string): RuleHelp | undefined {
  if (cache.has(id)) return cache.get(id);
  let help: RuleHelp | undefined;
  try {
    const page = readFileSync(
      fileURLToPath(new URL(`../../docs/rules/${id}.md`, import.meta.url)),
      'utf8',
    ).replace(/\r\n/g, '\n');
    const what = section(page, 'What it does');
    const why = section(page, 'Why is this bad?');
    help = {
      fullDescription: plainText(what),
      helpText: plainText(`${what}\n\n${why}`),
      helpMarkdown: page.replace(/^# [^\n]*\n+/, '').trim(),
    };
  } catch {
    help = undefined;
  }
  cache.set(id, help);
  return help;
}
