/**
 * `trust_remote_code=True`: transformers, diffusers, sentence-transformers, datasets, vLLM,
 * smolagents' `load_tool` and others download Python files from the model or dataset repository
 * and import them. transformers docs: "trust_remote_code … should only be set to True for
 * repositories you trust and in which you have read the code, as it will execute code present
 * on the Hub on your local machine." Any call with the keyword is flagged (the list of libraries
 * grows), and so is `{"trust_remote_code": True}` in a dict literal (`model_kwargs=`). Any
 * constant Python reads as true counts (`=1`), and so do helpers' keywords that end in the name
 * (`enable_trust_remote_code=True`).
 *
 * The flag also travels as text, and is reported there when the text is machine-read:
 * - a `key=value,key=value` argument string with `trust_remote_code=True` as one item
 *   (lm-evaluation-harness `model_args="pretrained=…,trust_remote_code=True"`, f-strings too);
 * - the command-line flag `--trust-remote-code` / `--trust_remote_code` (vLLM, SGLang, TGI and
 *   the transformers example scripts) in a string that is not a docstring nor printed, in an
 *   argv list, in a `!` shell line or a `%%bash` / `%%sh` / `%%script` cell.
 * Prose (`"pass trust_remote_code=True to load it"`), docstrings and markdown are not. CWE-94.
 *
 * Severity: `error` — code execution is not a risk of a malformed file but what the flag does.
 * With `revision=` pinned to a full commit hash the code that runs is the code that was
 * reviewed: still reported, as `note`.
 */
import type { SyntaxNode } from '@lezer/common';
import type { TextView } from '../../engine/rule.js';
import { defineRule } from '../../engine/rule.js';
import { insertArgument, keywordArgument, removeArgument } from '../../python/edits.js';
import type { Call } from '../../python/source.js';
import { sourceMayMention, type CallArgument } from '../../python/source.js';
import {
  isTruthyConstant,
  mayContainUnsafeLoad,
  sourceFix,
  unsafeLoadCandidates,
} from './common.js';

const KEYWORD = 'trust_remote_code';
const COMMIT_SHA = /^[rRuU]?(["'])[0-9a-f]{40}\1$/;

function isPinned(call: Call): boolean {
  const revision = keywordArgument(call, 'revision') ?? keywordArgument(call, 'code_revision');
  return revision !== undefined && COMMIT_SHA.test(revision.valueText);
}

/** `"trust_remote_code": True` entries of dict literals (`model_kwargs={...}`). */
function dictEntries(view: TextView): { key: SyntaxNode; value: SyntaxNode }[] {
  const python = view.python;
  if (!python || !/["']trust_remote_code["']/.test(view.text)) return [];
  const found: { key: SyntaxNode; value: SyntaxNode }[] = [];
  const cursor = python.tree.cursor();
  do {
    if (cursor.name !== 'DictionaryExpression') continue;
    for (let key = cursor.node.firstChild; key; key = key.nextSibling) {
      const colon = key.nextSibling;
      const value = colon?.nextSibling;
      if (key.name !== 'String' || colon?.name !== ':' || !value) continue;
      if (python.stringAt(key)?.value === KEYWORD && isTruthyConstant(python.textOf(value)))
        found.push({ key, value });
    }
  } while (cursor.next());
  return found;
}

/** The flag as one item of a `key=value,…` list; the item must start the text or follow a comma. */
const KEY_VALUE_ITEM =
  /(?:^|,)[ \t]{0,8}(\w{0,40}trust_remote_code[ \t]{0,8}=[ \t]{0,8}(?:True|true|1))[ \t]{0,8}(?=,|$)/g;
/** The command-line flag, optionally with a value; `False` / `0` values are not reports. */
const CLI_FLAG =
  /(?:^|[\s"',=[])(--trust[-_]remote[-_]code)(?:(?:[ \t]{1,8}|=)(True|true|1|False|false|0))?(?=[\s"',\]]|$)/g;
/** Shell lines: the key=value item may also follow a blank (`--model_args trust_remote_code=True`). */
const SHELL_KEY_VALUE =
  /(?:^|[,\s=])(\w{0,40}trust_remote_code[ \t]{0,8}=[ \t]{0,8}(?:True|true|1))(?=[,\s"']|$)/g;
const MENTION = /trust[-_]remote[-_]code/;

/** Calls whose string arguments are shown to people, not read by a program. */
const DISPLAY_CALLS =
  /(?:^|\.)(?:print|display|Markdown|HTML|echo|write|info|debug|warning|warn|error|log|markdown)$/;

/** Cell magics whose body is a shell script. */
const SHELL_CELL_MAGICS = new Set(['bash', 'sh', 'script', 'system']);

interface TextMatch {
  readonly range: readonly [number, number];
  readonly text: string;
}

function matchesIn(text: string, from: number, patterns: readonly RegExp[]): TextMatch[] {
  const found: TextMatch[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      if (match[2] !== undefined && /^(?:False|false|0)$/.test(match[2])) continue;
      const flag = match[1]!;
      const start = from + match.index + match[0].indexOf(flag);
      const end =
        match[2] !== undefined ? from + match.index + match[0].length : start + flag.length;
      found.push({ range: [start, end], text: flag });
    }
  }
  return found;
}

/** Is this string a docstring, a bare expression, or an argument of a display/print call? */
function isForPeople(node: SyntaxNode, text: string): boolean {
  const parent = node.parent;
  if (!parent || parent.name === 'ExpressionStatement' || parent.name === 'Script') return true;
  for (let up: SyntaxNode | null = parent; up; up = up.parent) {
    if (up.name === 'ArgList') {
      const callee = up.parent?.firstChild;
      return callee ? DISPLAY_CALLS.test(text.slice(callee.from, callee.to)) : false;
    }
    if (up.name.endsWith('Statement') || up.name === 'Body') return false;
  }
  return false;
}

const TRIPLE_QUOTES = ['"""', "'''"];

/** The flag inside string literals of Python code. */
function inStrings(view: TextView): TextMatch[] {
  const python = view.python;
  if (!python || !MENTION.test(view.text) || python.unparsable) return [];
  const found: TextMatch[] = [];
  const cursor = python.tree.cursor();
  do {
    if (cursor.name !== 'String' && cursor.name !== 'FormatString') continue;
    const node = cursor.node;
    const raw = python.textOf(node);
    if (!MENTION.test(raw) || isForPeople(node, view.text)) continue;
    // Between the quotes: `f"pretrained={m},trust_remote_code=True"` reads as written.
    const prefix = /^[rRbBuUfF]{0,2}/.exec(raw)![0].length;
    const quote = TRIPLE_QUOTES.some((q) => raw.startsWith(q, prefix)) ? 3 : 1;
    const inner = raw.slice(prefix + quote, Math.max(prefix + quote, raw.length - quote));
    found.push(...matchesIn(inner, node.from + prefix + quote, [KEY_VALUE_ITEM, CLI_FLAG]));
  } while (cursor.next());
  return found;
}

/** The flag in `!` shell lines and shell cell magics. */
function inShell(view: TextView): TextMatch[] {
  const python = view.python;
  if (!python || !MENTION.test(view.text)) return [];
  const found: TextMatch[] = [];
  for (const magic of python.masked.magics) {
    const isShell =
      magic.kind === 'shell' ||
      (magic.kind === 'cell-magic' && SHELL_CELL_MAGICS.has(magic.name)) ||
      (magic.kind === 'line-magic' && (magic.name === 'sx' || magic.name === 'system'));
    if (!isShell) continue;
    const [from, to] = magic.argsRange[0] < magic.range[1] ? magic.argsRange : magic.range;
    const body = view.text.slice(from, magic.kind === 'cell-magic' ? magic.range[1] : to);
    if (!MENTION.test(body)) continue;
    found.push(...matchesIn(body, from, [SHELL_KEY_VALUE, CLI_FLAG]));
  }
  return found;
}

/** A keyword argument of the family: `trust_remote_code=`, `enable_trust_remote_code=`, … */
function flagKeyword(call: Call): CallArgument | undefined {
  if (!sourceMayMention(call, KEYWORD)) return undefined;
  return call.args.find((arg) => arg.name !== undefined && arg.name.endsWith(KEYWORD));
}

export default defineRule({
  meta: {
    id: 'trust-remote-code',
    category: 'unsafe-load',
    defaultSeverity: 'error',
    cwe: ['CWE-94'],
    description:
      'trust_remote_code=True downloads and runs Python code from the model or dataset repository.',
    fixable: true,
    messages: {
      enabled:
        '`{{flag}}` makes `{{callee}}` download and run Python code from the repository with your permissions (CWE-94). Remove it if the library supports the model natively, or read the code and pin `revision=` to that commit.',
      pinned:
        "`{{flag}}` makes `{{callee}}` run the repository's Python code (CWE-94); `revision` is pinned to a commit, so make sure that commit's code was reviewed.",
      inText:
        '`{{flag}}` in this text is read by a program (a model-args string, a command line) and makes it download and run Python code from the model repository (CWE-94). Remove it, or read the code and pin the revision to that commit.',
      dictEntry:
        '`"trust_remote_code": True` is passed on to a loader that will download and run Python code from the repository (CWE-94). Remove it, or read the code and pin `revision=` to that commit.',
    },
  },
  create(context) {
    return {
      code(view) {
        if (!mayContainUnsafeLoad(view)) return;
        for (const { call } of unsafeLoadCandidates(view)) {
          const argument = flagKeyword(call);
          if (!argument || !isTruthyConstant(argument.valueText)) continue;
          // Never echo a string value: `trust_remote_code="yes"` is shown as `=<true>`.
          const value = /^[\w.+-]{1,12}$/.test(argument.valueText) ? argument.valueText : '<true>';
          const flag = `${argument.name ?? KEYWORD}=${value}`;
          if (isPinned(call)) {
            context.report({
              view,
              messageId: 'pinned',
              data: { callee: call.callee, flag },
              range: argument.range,
              severity: 'note',
            });
            continue;
          }
          const hasRevision = keywordArgument(call, 'revision') !== undefined;
          context.report({
            view,
            messageId: 'enabled',
            data: { callee: call.callee, flag },
            range: argument.range,
            fixes: [
              sourceFix(
                view,
                'Remove trust_remote_code=True (models that need their own code will fail to load)',
                removeArgument(view.text, call, argument),
                { preferred: true },
              ),
              ...(hasRevision
                ? []
                : [
                    sourceFix(
                      view,
                      'Pin revision="<commit sha>" (fill in the commit whose code you reviewed)',
                      insertArgument(view.text, call, 'revision="<commit sha>"'),
                    ),
                  ]),
            ],
          });
        }
        for (const { key, value } of dictEntries(view)) {
          context.report({ view, messageId: 'dictEntry', range: [key.from, value.to] });
        }
        for (const { range, text } of [...inStrings(view), ...inShell(view)]) {
          context.report({ view, messageId: 'inText', data: { flag: text }, range });
        }
      },
    };
  },
});
