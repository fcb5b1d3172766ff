/**
 * `numpy.load(..., allow_pickle=True)`. NumPy docs: "allow_pickle: Allow loading pickled object
 * arrays stored in npy files… Loading files that contain object arrays uses the pickle module,
 * which is not secure against erroneous or maliciously constructed data." The default has been
 * `False` since NumPy 1.16.3, so only an explicit true value (keyword or third positional) is
 * flagged: `True`, and any other constant Python reads as true (`allow_pickle=1`, `"yes"`),
 * since numpy only tests its truth. A variable is not flagged. CWE-502.
 */
import { defineRule } from '../../engine/rule.js';
import { keywordArgument, positionalArgument, replaceArgumentValue } from '../../python/edits.js';
import { isTruthyConstant, sourceFix, unsafeLoadCandidates } from './common.js';

/** The value as written when it is a short word or number; strings are never echoed. */
function shownValue(text: string): string {
  return /^[\w.+-]{1,12}$/.test(text) ? text : '<a true constant>';
}

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
        '`allow_pickle={{value}}` lets `{{callee}}` unpickle object arrays, which can run arbitrary code from the file (CWE-502). Use `allow_pickle=False` (the default) and store plain numeric arrays, or JSON/Parquet for objects.',
    },
  },
  create(context) {
    return {
      code(view) {
        for (const { call, name } of unsafeLoadCandidates(view)) {
          if (name !== 'numpy.load') continue;
          const argument = keywordArgument(call, 'allow_pickle') ?? positionalArgument(call, 2);
          if (!argument || !isTruthyConstant(argument.valueText)) continue;
          context.report({
            view,
            messageId: 'unsafe',
            data: { callee: call.callee, value: shownValue(argument.valueText) },
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
