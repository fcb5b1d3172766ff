/**
 * `allow_dangerous_deserialization=True`: LangChain's opt-in to pickle when loading a vector
 * store (`FAISS.load_local`, `FAISS.deserialize_from_bytes`, `Annoy`, `ScaNN`…) or other objects.
 * LangChain docs: "Deserialization relies on loading a pickle file. Pickle files can be modified
 * to deliver a malicious payload that results in execution of arbitrary code on your machine."
 * Any call with the keyword is flagged, since more loaders adopt it. CWE-502.
 */
import { defineRule } from '../../engine/rule.js';
import { keywordArgument } from '../../python/edits.js';
import { unsafeLoadCandidates } from './common.js';

export default defineRule({
  meta: {
    id: 'allow-dangerous-deserialization',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description:
      'allow_dangerous_deserialization=True lets LangChain unpickle the index: loading runs code from it.',
    messages: {
      unsafe:
        '`allow_dangerous_deserialization=True` lets `{{callee}}` unpickle the file, which can run arbitrary code (CWE-502). Load only indexes you built yourself, or rebuild the index from the documents / use a vector store that does not pickle.',
    },
  },
  create(context) {
    return {
      code(view) {
        for (const { call } of unsafeLoadCandidates(view)) {
          const argument = keywordArgument(call, 'allow_dangerous_deserialization');
          if (!argument || argument.valueText !== 'True') continue;
          context.report({
            view,
            messageId: 'unsafe',
            data: { callee: call.callee },
            range: argument.range,
          });
        }
      },
    };
  },
});
