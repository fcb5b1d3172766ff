import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('pickle-load')!, {
  valid: [
    'import pickle\npickle.dump(model, f)',
    'import pickle\ndata = pickle.dumps(obj)',
    '# pickle.load(f)',
    'x = "pickle.load(f)"',
    'def f():\n    """pickle.load(f) in a docstring"""',
    'import json\njson.load(f)',
    { markdown: 'pickle.load(f)' },
  ],
  invalid: [
    { input: 'import pickle\nm = pickle.load(f)', errors: [{ text: 'pickle.load(f)' }] },
    { input: 'import pickle as pkl\nm = pkl.loads(b)', errors: [{ text: 'pkl.loads(b)', messageIncludes: 'pickle.loads' }] },
    { input: 'from pickle import load\nm = load(f)', errors: [{ text: 'load(f)' }] },
    { input: 'import _pickle as cp\nu = cp.Unpickler(f)', errors: [{ text: 'cp.Unpickler(f)' }] },
    {
      input: { cells: [{ source: 'import pickle as pk' }, { source: 'x = 1' }, { source: 'm = pk.load(\n    f,\n)' }] },
      errors: [{ text: 'pk.load(\n    f,\n)', cellIndex: 2 }],
    },
    { input: '%matplotlib inline\nimport pickle\n!ls\nm = pickle.load(f)', errors: [{ text: 'pickle.load(f)' }] },
  ],
});
