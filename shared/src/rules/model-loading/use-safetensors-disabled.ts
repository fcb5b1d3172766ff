/**
 * `use_safetensors=False` in transformers / diffusers `from_pretrained` (or any call): it forces
 * the pickle-based `.bin` / `.ckpt` weights even where safetensors exist. Hugging Face docs:
 * safetensors is "a safe and fast file format for storing and loading tensors", unlike pickle,
 * which "can execute arbitrary code". CWE-502.
 */
import { defineRule } from '../../engine/rule.js';
import { keywordArgument, replaceArgumentValue } from '../../python/edits.js';
import { sourceFix, unsafeLoadCandidates } from './common.js';

export default defineRule({
  meta: {
    id: 'use-safetensors-disabled',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description:
      'use_safetensors=False forces pickle-based weights, which can run code when loaded.',
    fixable: true,
    messages: {
      unsafe:
        '`use_safetensors=False` makes `{{callee}}` load pickle-based weights, which can run arbitrary code (CWE-502). Use `use_safetensors=True` and a repository that ships `.safetensors` weights.',
    },
  },
  create(context) {
    return {
      code(view) {
        for (const { call } of unsafeLoadCandidates(view)) {
          const argument = keywordArgument(call, 'use_safetensors');
          if (!argument || argument.valueText !== 'False') continue;
          context.report({
            view,
            messageId: 'unsafe',
            data: { callee: call.callee },
            range: argument.range,
            fixes: [
              sourceFix(
                view,
                'Use use_safetensors=True (fails if the repository has no safetensors weights)',
                replaceArgumentValue(argument, 'True'),
                { preferred: true },
              ),
            ],
          });
        }
      },
    };
  },
});
