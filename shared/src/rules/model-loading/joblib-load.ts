/**
 * `joblib.load`: joblib files are pickles with numpy arrays stored beside them. joblib docs:
 * "joblib.load relies on the pickle module and can therefore execute arbitrary Python code. It
 * should therefore never be used to load files from untrusted sources." CWE-502.
 */
import { defineRule } from '../../engine/rule.js';
import { unsafeLoadCandidates } from './common.js';

export default defineRule({
  meta: {
    id: 'joblib-load',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description: 'joblib.load unpickles the file: loading runs code from it.',
    messages: {
      unsafe:
        '`{{callee}}` unpickles the file and can run arbitrary code from it (CWE-502). For scikit-learn models use skops.io (`skops.io.load` with an explicit `trusted` list); load joblib files only if you created them.',
    },
  },
  create(context) {
    return {
      code(view) {
        for (const { call, name } of unsafeLoadCandidates(view)) {
          if (name !== 'joblib.load') continue;
          context.report({
            view,
            messageId: 'unsafe',
            data: { callee: call.callee },
            range: [call.node.from, call.node.to],
          });
        }
      },
    };
  },
});
