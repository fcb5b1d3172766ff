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
    // A relative import names the user's own module, not the standard library.
    'from . import pickle\npickle.load(f)',
    'from .utils import load\nload(f)',
    // A method of a call's result is not the module function.
    'import pickle\nobj = Store().pickle.load(f)',
    'img.load()',
    { code: 'print(1)', name: 'no candidate token' },
  ],
  invalid: [
    { input: 'import pickle\nm = pickle.load(f)', errors: [{ text: 'pickle.load(f)' }] },
    {
      input: 'import pickle as pkl\nm = pkl.loads(b)',
      errors: [{ text: 'pkl.loads(b)', messageIncludes: 'pickle.loads' }],
    },
    { input: 'from pickle import load\nm = load(f)', errors: [{ text: 'load(f)' }] },
    { input: 'import _pickle as cp\nu = cp.Unpickler(f)', errors: [{ text: 'cp.Unpickler(f)' }] },
    { input: 'import cPickle\nm = cPickle.load(f)', errors: [{ text: 'cPickle.load(f)' }] },
    {
      input: {
        cells: [
          { source: 'import pickle as pk' },
          { source: 'x = 1' },
          { source: 'm = pk.load(\n    f,\n)' },
        ],
      },
      errors: [{ text: 'pk.load(\n    f,\n)', cellIndex: 2 }],
    },
    {
      input: { cells: [{ source: 'from pickle import loads as pl' }, { source: 'm = pl(blob)' }] },
      errors: [{ text: 'pl(blob)', cellIndex: 1 }],
    },
    {
      input: '%matplotlib inline\nimport pickle\n!ls\nm = pickle.load(f)',
      errors: [{ text: 'pickle.load(f)' }],
    },
    {
      input: '%%time\nimport pickle\nfiles = !ls\nobj?\nm = pickle.load(f)',
      errors: [{ text: 'pickle.load(f)' }],
    },
    {
      input:
        'try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\nm = pickle.load(f)',
      errors: [{ text: 'pickle.load(f)' }],
    },
    {
      input: 'import pickle\nwith open(p, "rb") as f:\n    m = pickle.Unpickler(f).load()',
      errors: [{ text: 'pickle.Unpickler(f)' }],
    },
  ],
});
