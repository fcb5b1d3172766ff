/**
 * `pickle.load` / `pickle.loads` / `pickle.Unpickler` (and `cPickle`, `_pickle`): unpickling runs
 * arbitrary code chosen by whoever wrote the file (CWE-502). Python docs: "Warning: The pickle
 * module is not secure. Only unpickle data you trust."
 */
import { defineRule } from '../../engine/rule.js';

const MODULES = ['pickle', 'cPickle', '_pickle'];
const FUNCTIONS = new Set(MODULES.flatMap((m) => [`${m}.load`, `${m}.loads`, `${m}.Unpickler`]));

export default defineRule({
  meta: {
    id: 'pickle-load',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description: 'Loading a pickle runs arbitrary code from the file.',
    messages: {
      unsafe:
        '`{{callee}}` can run arbitrary code hidden in the file (CWE-502). Load only files you created, or store models as safetensors / skops / JSON instead.',
    },
  },
  create(context) {
    return {
      code(view) {
        const python = view.python;
        if (!python) return;
        // Cheap prefilter: the module is named in this cell or was imported (maybe aliased) earlier.
        const mentioned =
          /pickle/i.test(view.text) || [...python.inheritedImports.values()].some((name) => name.includes('pickle'));
        if (!mentioned) return;
        for (const call of python.calls()) {
          if (!FUNCTIONS.has(call.callee)) continue;
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
