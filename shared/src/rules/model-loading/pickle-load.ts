/**
 * `pickle.load` / `pickle.loads` / `pickle.Unpickler` (and `cPickle`, `_pickle`): unpickling runs
 * arbitrary code chosen by whoever wrote the file (CWE-502). Python docs: "Warning: The pickle
 * module is not secure. Only unpickle data you trust."
 */
import { defineRule } from '../../engine/rule.js';
import { flagCallsOf } from './common.js';

/** Canonical names (`cPickle` and `_pickle` are reduced to `pickle`). */
const FUNCTIONS = new Set(['pickle.load', 'pickle.loads', 'pickle.Unpickler']);

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
  create: flagCallsOf(FUNCTIONS),
});
