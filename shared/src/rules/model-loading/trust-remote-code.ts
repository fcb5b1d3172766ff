/**
 * `trust_remote_code=True`: transformers, diffusers, sentence-transformers, datasets, vLLM,
 * smolagents' `load_tool` and others download Python files from the model or dataset repository
 * and import them. transformers docs: "trust_remote_code … should only be set to True for
 * repositories you trust and in which you have read the code, as it will execute code present
 * on the Hub on your local machine." Any call with the keyword is flagged (the list of libraries
 * grows), and so is `{"trust_remote_code": True}` in a dict literal (`model_kwargs=`). CWE-94.
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
import { mayContainUnsafeLoad, sourceFix, unsafeLoadCandidates } from './common.js';

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
      if (python.stringAt(key)?.value === KEYWORD && python.textOf(value) === 'True')
        found.push({ key, value });
    }
  } while (cursor.next());
  return found;
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
        '`trust_remote_code=True` makes `{{callee}}` download and run Python code from the repository with your permissions (CWE-94). Remove it if the library supports the model natively, or read the code and pin `revision=` to that commit.',
      pinned:
        "`trust_remote_code=True` makes `{{callee}}` run the repository's Python code (CWE-94); `revision` is pinned to a commit, so make sure that commit's code was reviewed.",
      dictEntry:
        '`"trust_remote_code": True` is passed on to a loader that will download and run Python code from the repository (CWE-94). Remove it, or read the code and pin `revision=` to that commit.',
    },
  },
  create(context) {
    return {
      code(view) {
        if (!mayContainUnsafeLoad(view)) return;
        for (const { call } of unsafeLoadCandidates(view)) {
          const argument = keywordArgument(call, KEYWORD);
          if (!argument || argument.valueText !== 'True') continue;
          if (isPinned(call)) {
            context.report({
              view,
              messageId: 'pinned',
              data: { callee: call.callee },
              range: argument.range,
              severity: 'note',
            });
            continue;
          }
          const hasRevision = keywordArgument(call, 'revision') !== undefined;
          context.report({
            view,
            messageId: 'enabled',
            data: { callee: call.callee },
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
      },
    };
  },
});
