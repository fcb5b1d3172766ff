import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('pickle-family-load')!, {
  valid: [
    'import dill\ndill.dump(obj, f)',
    'import dill\ns = dill.dumps(obj)',
    'import cloudpickle\ncloudpickle.dump(model, f)',
    'import jsonpickle\ns = jsonpickle.encode(obj)',
    'import marshal\nb = marshal.dumps(code)',
    'with open("notes.txt") as f:\n    text = f.read()',
    'import json\ndata = json.loads(s)',
    'payload.decode("utf-8")',
    '# dill.load(f)',
  ],
  invalid: [
    {
      input: 'import jsonpickle\nobj = jsonpickle.loads(text)',
      errors: [{ text: 'jsonpickle.loads(text)', messageIncludes: 'jsonpickle' }],
    },
    {
      input: {
        name: 'the Unpickler decode itself uses, called directly',
        code: 'import jsonpickle\nobj = jsonpickle.unpickler.Unpickler().restore(json.loads(text))',
      },
      errors: [{ text: 'jsonpickle.unpickler.Unpickler().restore(json.loads(text))' }],
    },
    {
      input: {
        name: 'an Unpickler bound to a name first',
        code: 'from jsonpickle.unpickler import Unpickler\nu = Unpickler(keys=True)\nobj = u.restore(data)',
      },
      errors: [
        { text: 'u.restore(data)', messageIncludes: 'jsonpickle.unpickler.Unpickler().restore' },
      ],
    },
    {
      input: 'import dill\nobj = dill.load(f)',
      errors: [{ text: 'dill.load(f)', messageIncludes: 'dill' }],
    },
    { input: 'import dill as d\nobj = d.loads(b)', errors: [{ text: 'd.loads(b)' }] },
    {
      input: 'import cloudpickle\nmodel = cloudpickle.load(open(p, "rb"))',
      errors: [{ text: 'cloudpickle.load(open(p, "rb"))' }],
    },
    {
      input: 'import jsonpickle\nobj = jsonpickle.decode(s)',
      errors: [{ text: 'jsonpickle.decode(s)' }],
    },
    {
      input: { cells: [{ source: 'import jsonpickle as jp' }, { source: 'obj = jp.decode(s)' }] },
      errors: [{ text: 'jp.decode(s)', cellIndex: 1 }],
    },
    {
      input: 'import shelve\nwith shelve.open("cache") as db:\n    m = db["model"]',
      errors: [{ text: 'shelve.open("cache")' }],
    },
    {
      input: 'import marshal\ncode = marshal.loads(blob)',
      errors: [{ text: 'marshal.loads(blob)', messageIncludes: 'marshal' }],
    },
    { input: 'from dill import loads\nobj = loads(b)', errors: [{ text: 'loads(b)' }] },
  ],
});
