/**
 * `numpy.load(..., allow_pickle=True)`. NumPy docs: "allow_pickle: Allow loading pickled object
 * arrays stored in npy files… Loading files that contain object arrays uses the pickle module,
 * which is not secure against erroneous or maliciously constructed data." The default has been
 * `False` since NumPy 1.16.3, so only an explicit `True` (keyword or third positional) is flagged.
 * CWE-502.
 */
import { defineRule } from '../../engine/rule.js';
import { keywordArgument, positionalArgument, replaceArgumentValue } from '../../python/edits.js';
import { sourceFix, unsafeLoadCandidates } from './common.js';

export default defineRule({
  meta: {
    id: 'numpy-load-allow-pickle',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description:
      'numpy.load with allow_pickle=True unpickles object arrays: loading runs code from the file.',
    fixable: true,
    messages: {
      unsafe:
        '`allow_pickle=True` lets `{{callee}}` unpickle object arrays, which can run arbitrary code from the file (CWE-502). Use `allow_pickle=False` (the default) and store plain numeric arrays, or JSON/Parquet for objects.',
    },
  },
  create(context) {
    return {
      code(view) {
        for (const { call, name } of unsafeLoadCandidates(view)) {
          if (name !== 'numpy.load') continue;
          const argument = keywordArgument(call, 'allow_pickle') ?? positionalArgument(call, 2);
          if (!argument || argument.valueText !== 'True') continue;
          context.report({
            view,
            messageId: 'unsafe',
            data: { callee: call.callee },
            range: argument.range,
            fixes: [
              sourceFix(
                view,
                'Use allow_pickle=False (object arrays will no longer load)',
                replaceArgumentValue(argument, 'False'),
                { preferred: true },
              ),
            ],
          });
        }
      },
    };
  },
});
