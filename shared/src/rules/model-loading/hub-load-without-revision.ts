/**
 * A model, file or dataset loaded from the Hugging Face Hub without a pinned `revision`:
 * `from_pretrained("org/model")`, `hf_hub_download`, `snapshot_download`, `load_dataset`.
 * Without a commit hash the call fetches whatever the repository's `main` branch holds when the
 * cell runs: the owner (or whoever takes over the account) can replace the weights — and with
 * them pickled code — after you reviewed them. Hub docs ("revision: … can be a branch name, a
 * tag name, or a commit id"); Bandit B615 (`huggingface_unsafe_download`) checks the same. CWE-494.
 */
import { defineRule } from '../../engine/rule.js';
import { keywordArgument } from '../../python/edits.js';
import { bindingsFor, referenceOf } from '../../loads/references.js';

/** The calls this rule looks at: a cheap textual prefilter before the cell's calls are walked. */
const TRIGGER = /from_pretrained|hf_hub_download|snapshot_download|load_dataset/;

export default defineRule({
  meta: {
    id: 'hub-load-without-revision',
    category: 'unsafe-load',
    defaultSeverity: 'note',
    cwe: ['CWE-494'],
    description:
      'A Hugging Face model, file or dataset loaded without a pinned revision: the repository can change under you.',
    messages: {
      missing:
        '`{{callee}}` loads `{{id}}` from the Hugging Face Hub at whatever its main branch holds when the cell runs: the files can be replaced after you reviewed them (CWE-494). Pass `revision="<commit sha>"` (the 40-hex commit id from the repository\'s history).',
      movable:
        '`{{callee}}` loads `{{id}}` at `revision="{{revision}}"`, a branch or tag that can be moved to other files (CWE-494). Pin the 40-hex commit id instead.',
    },
  },
  create(context) {
    return {
      code(view) {
        const python = view.python;
        if (!python || !TRIGGER.test(view.text)) return;
        const calls = view.memo('python.calls', () => python.calls());
        const bindings = bindingsFor(view.notebook);
        for (const call of calls) {
          if (!TRIGGER.test(call.callee)) continue;
          const reference = referenceOf(call, python, view.cellIndex, bindings);
          if (!reference || reference.kind === 'local-file' || reference.kind === 'torch-hub')
            continue;
          // A revision from a variable or a config may well be a commit: not flagged.
          if (reference.pinned || reference.revisionUnknown) continue;
          const data = { callee: call.callee, id: reference.id ?? '' };
          if (reference.revision !== undefined) {
            const revision = keywordArgument(call, 'revision');
            context.report({
              view,
              messageId: 'movable',
              data: { ...data, revision: reference.revision.slice(0, 80) },
              range: revision ? revision.range : [call.node.from, call.node.to],
            });
          } else {
            context.report({
              view,
              messageId: 'missing',
              data,
              range: [call.node.from, call.node.to],
            });
          }
        }
      },
    };
  },
});
