import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('numpy-load-allow-pickle')!, {
  valid: [
    'import numpy as np\na = np.load("a.npy")',
    'import numpy as np\na = np.load("a.npy", allow_pickle=False)',
    'import numpy as np\nnp.save("a.npy", a, allow_pickle=True)',
    'import numpy as np\nx = np.loadtxt("a.txt")',
    'import torch\nt = torch.load(p, weights_only=True)',
    '# np.load("a.npy", allow_pickle=True)',
  ],
  invalid: [
    {
      input: {
        name: 'np without an import in this notebook (the usual alias)',
        code: 'x = np.load(p, allow_pickle=True)',
      },
      errors: [{ text: 'allow_pickle=True' }],
    },
    {
      input: 'import numpy as np\nextra = np.load("extra.npy",allow_pickle=True).item()',
      errors: [{ text: 'allow_pickle=True', messageIncludes: 'numpy.load' }],
      output: 'import numpy as np\nextra = np.load("extra.npy",allow_pickle=False).item()',
    },
    {
      input: 'import numpy\nx = numpy.load(p, None, True)',
      errors: [{ text: 'True' }],
      output: 'import numpy\nx = numpy.load(p, None, False)',
    },
    {
      input: {
        cells: [
          { source: 'from numpy import load as npload' },
          { source: 'x = npload(\n    p,\n    allow_pickle=True,\n)' },
        ],
      },
      errors: [{ text: 'allow_pickle=True', cellIndex: 1 }],
    },
  ],
});
