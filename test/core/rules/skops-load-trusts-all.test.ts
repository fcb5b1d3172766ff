import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('skops-load-trusts-all')!, {
  valid: [
    'import skops.io as sio\nm = sio.load("m.skops", trusted=["sklearn.linear_model.LogisticRegression"])',
    'import skops.io as sio\nunknown = sio.get_untrusted_types(file="m.skops")\nprint(unknown)\nm = sio.load("m.skops", trusted=unknown)',
    'import skops.io as sio\nm = sio.load("m.skops")',
    'import skops.io as sio\nm = sio.load(p, trusted=sio.get_untrusted_types(file=reviewed_copy))',
    'import skops.io as sio\nsio.dump(model, "m.skops")',
  ],
  invalid: [
    {
      input: 'import skops.io as sio\nm = sio.load("m.skops", trusted=True)',
      errors: [{ text: 'trusted=True' }],
    },
    {
      input:
        'import skops.io as sio\nm = sio.load(path, trusted=sio.get_untrusted_types(file=path))',
      errors: [{ text: 'trusted=sio.get_untrusted_types(file=path)' }],
    },
    {
      input:
        'from skops.io import load, get_untrusted_types\nm = load(\n    "m.skops",\n    trusted=get_untrusted_types(file="m.skops"),\n)',
      errors: [{ text: 'trusted=get_untrusted_types(file="m.skops")' }],
    },
    {
      input:
        'from skops import io as sio\nm = sio.loads(data, trusted=sio.get_untrusted_types(data=data))',
      errors: [{ text: 'trusted=sio.get_untrusted_types(data=data)' }],
    },
  ],
});
