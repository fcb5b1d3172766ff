/**
 * Environment dumps in outputs that carry secrets: `!env`, `!printenv`, `%env` (no argument: a
 * dict), `print(os.environ)` / `dict(os.environ)` / `os.environ` as the last expression,
 * `!cat .env`, `!cat ~/.aws/credentials` (INI), `!cat ~/.netrc`. One finding per output, counting
 * the secret-looking entries: a `NAME=value` (or `name = value`, `'NAME': 'value'`) whose name is
 * credential-like (the secrets family's `credentialNameKind`, plus `*_KEY`) and whose value is not
 * a placeholder, a mask, a path, a URL, a number or a word.
 *
 * An output is a dump when its cell runs one of the commands above, when it is the repr of
 * `os.environ` (`environ({…})`), or when it has at least three `NAME=value` lines with
 * environment-style names (a printed `.env` file).
 */
import type { TextView } from '../../engine/rule.js';
import type { Cell } from '../../model/notebook.js';
import { credentialNameKind, isPlaceholder, looksMasked, shannonEntropy } from '../secrets/api.js';
import { defineOutputRule, type OutputDetector, type OutputMatch } from './output-rule.js';
import type { ScanText } from './scan-text.js';

// Cell sources that print the environment or a credentials file. Line-anchored, bounded.
const DUMP_COMMANDS: readonly RegExp[] = [
  /^[ \t]{0,16}!\s{0,4}(?:env|printenv|set|export(?: -p)?|declare -x)[ \t]{0,16}(?:$|[|>;#])/m,
  /^[ \t]{0,16}%env[ \t]{0,16}$/m,
  /^[ \t]{0,16}[!%](?:[^\n]{0,200}[\s;&|])?(?:cat|less|more|head|tail|type|bat)\s[^\n]{0,200}(?:\.env\b|credentials|\.netrc|\.pgpass|\.pypirc|\.npmrc|\.git-credentials|secrets?\.(?:env|ini|cfg|toml|json|ya?ml))/m,
  /\bos\.environ(?:\.items\(\)|\.copy\(\))?[ \t]{0,8}(?:\)|$)/m,
  /\b(?:dict|print|pprint|display|list|json\.dumps)\(\s{0,4}os\.environ\b/,
  /^[ \t]{0,16}[!%](?:[^\n]{0,200}[\s;&|])?(?:env|printenv)\s{0,4}\|\s{0,4}(?:grep|sort|head|tail|less)\b/m,
];

/** Did this cell ask for a dump? */
export function isDumpCell(cell: Cell): boolean {
  return DUMP_COMMANDS.some((pattern) => pattern.test(cell.source));
}

interface Entry {
  readonly name: string;
  readonly value: string;
  readonly start: number;
}

// `NAME=value`, `export NAME="value"`, `name = value` (INI), `env: NAME=value` (%env NAME=…).
const LINE_ENTRY =
  /^[ \t]{0,8}(?:export[ \t]{1,4}|declare -x[ \t]{1,4}|env:[ \t]{0,4})?([A-Za-z_][\w.-]{0,127})[ \t]{0,4}=[ \t]{0,4}(["']?)([^\n]{0,4096})$/gm;
// `'NAME': 'value'` inside `environ({…})` or a `%env` dict.
const DICT_ENTRY = /(['"])([A-Za-z_][\w.-]{0,127})\1:[ \t]{0,4}(['"])([^'"\n]{0,4096})\3/g;
const ENV_NAME = /^[A-Z][A-Z0-9_]{1,127}$/;
// Prefilter: a line that starts with `name=` / `name = `, or an upper-case dict key (`%env`).
const LINE_HINT =
  /^[ \t]{0,8}(?:export[ \t]{1,4}|env:[ \t]{0,4})?[A-Za-z_][\w.-]{0,127}[ \t]{0,4}=/m;
const DICT_HINT = /['"][A-Z_][A-Z0-9_]{1,127}['"]:/;

function entries(text: string): { entries: Entry[]; envLines: number } {
  const found: Entry[] = [];
  let envLines = 0;
  for (const match of text.matchAll(LINE_ENTRY)) {
    const name = match[1]!;
    const quote = match[2]!;
    let value = match[3]!.replace(/\r$/, '');
    if (quote && value.endsWith(quote)) value = value.slice(0, -1);
    else if (!quote) value = value.replace(/[ \t]{1,64}#[^\n]{0,4096}$/, '').trimEnd();
    if (ENV_NAME.test(name)) envLines++;
    const start = match.index + match[0].length - match[3]!.replace(/\r$/, '').length;
    found.push({ name, value, start });
  }
  for (const match of text.matchAll(DICT_ENTRY)) {
    const value = match[4]!;
    const start = match.index + match[0].length - 1 - value.length;
    found.push({ name: match[2]!, value, start });
  }
  return { entries: found, envLines };
}

const KEY_NAME = /(?:^|_)KEY$/i;
const NOT_SECRET_KEY =
  /(?:^|_)(?:GPG|PGP|PUBLIC|PUB|SORT|PRIMARY|PARTITION|CACHE|HOTKEY|SIGNING_PUBLIC)_KEY$/i;

/** Is this entry a secret that the dump exposes? */
export function isSecretEntry(name: string, value: string): boolean {
  const kind =
    credentialNameKind(name) ??
    (KEY_NAME.test(name) && !NOT_SECRET_KEY.test(name) ? 'secret' : undefined);
  if (!kind) return false;
  const v = value.trim();
  if (v.length < (kind === 'password' ? 4 : 8) || v.length > 4096) return false;
  if (isPlaceholder(v) || looksMasked(v)) return false;
  // Paths, URLs (a password in one is `password-in-url`'s), numbers, booleans, sockets.
  if (
    /^(?:~|\.{1,2})?[/\\]/.test(v) ||
    /^[A-Za-z]:\\/.test(v) ||
    /^[a-z][a-z0-9+.-]{1,30}:\/\//i.test(v)
  )
    return false;
  if (/^(?:true|false|yes|no|on|off|enabled?|disabled?)$/i.test(v) || /^[\d.,:_ -]{1,64}$/.test(v))
    return false;
  if (kind === 'secret' && /^[a-z]{1,40}(?:[-_][a-z]{1,40}){0,4}$/.test(v)) return false; // words: `bearer`, `my-app`
  return kind === 'password' || shannonEntropy(v) >= 2.5;
}

export const environmentDumpDetector: OutputDetector = {
  kind: 'secret',
  noun: ['secret-looking value', 'secret-looking values'],
  prefilter: (text) => text.includes('environ(') || LINE_HINT.test(text) || DICT_HINT.test(text),
  find(scan: ScanText, view: TextView): OutputMatch[] {
    const { entries: all, envLines } = entries(scan.text);
    if (all.length === 0) return [];
    const isDump = isDumpCell(view.cell) || scan.text.includes('environ({') || envLines >= 3;
    if (!isDump) return [];
    const matches: OutputMatch[] = [];
    for (const entry of all) {
      if (!isSecretEntry(entry.name, entry.value)) continue;
      matches.push({
        start: entry.start,
        end: entry.start + entry.value.length,
        value: entry.value,
      });
    }
    return matches.sort((a, b) => a.start - b.start);
  },
};

export default defineOutputRule({
  meta: {
    id: 'environment-dump-in-output',
    defaultSeverity: 'error',
    cwe: ['CWE-532', 'CWE-200'],
    description:
      'An output dumps environment variables or a credentials file that contain secrets.',
    message:
      'Output {{output}} dumps environment variables with {{count}} {{noun}} (first: {{masked}}). Clear the output, rotate those credentials, and print only the variables you need.',
  },
  detector: environmentDumpDetector,
});
