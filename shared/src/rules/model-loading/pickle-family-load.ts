/**
 * Pickle's relatives: `dill` and `cloudpickle` (pickle with more types), `jsonpickle.decode`
 * (rebuilds arbitrary objects from JSON: "jsonpickle is not secure… never decode untrusted
 * data", its README) with its alias `jsonpickle.loads` and the `Unpickler().restore` it calls, `shelve.open` (values are pickles: "shelve is backed by pickle, it is
 * insecure to load a shelf from an untrusted source", Python docs) and `marshal` ("not intended
 * to be secure against erroneous or maliciously constructed data", Python docs). CWE-502.
 */
import { defineRule } from '../../engine/rule.js';
import { unsafeLoadCandidates } from './common.js';

const FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['dill.load', 'dill'],
  ['dill.loads', 'dill'],
  ['dill.Unpickler', 'dill'],
  ['cloudpickle.load', 'cloudpickle'],
  ['cloudpickle.loads', 'cloudpickle'],
  ['jsonpickle.decode', 'jsonpickle'],
  ['jsonpickle.loads', 'jsonpickle'],
  ['jsonpickle.unpickler.decode', 'jsonpickle'],
  // `decode` is `Unpickler().restore(json.loads(s))`: the method rebuilds the objects itself.
  ['jsonpickle.Unpickler().restore', 'jsonpickle'],
  ['jsonpickle.unpickler.Unpickler().restore', 'jsonpickle'],
  ['shelve.open', 'shelve'],
  ['shelve.DbfilenameShelf', 'shelve'],
  ['marshal.load', 'marshal'],
  ['marshal.loads', 'marshal'],
]);

export default defineRule({
  meta: {
    id: 'pickle-family-load',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description:
      'dill, cloudpickle, jsonpickle, shelve and marshal deserialize like pickle: loading runs code from the data.',
    messages: {
      unsafe:
        '`{{callee}}` deserializes like pickle: a crafted {{module}} payload runs arbitrary code when loaded (CWE-502). Load only data you produced; for models use safetensors or skops, for data JSON or Parquet.',
    },
  },
  create(context) {
    return {
      code(view) {
        for (const { call, name } of unsafeLoadCandidates(view)) {
          const module = FUNCTIONS.get(name);
          if (module === undefined) continue;
          context.report({
            view,
            messageId: 'unsafe',
            data: { callee: call.callee, module },
            range: [call.node.from, call.node.to],
          });
        }
      },
    };
  },
});
