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
    { name: 'a false constant', code: 'import numpy as np\na = np.load(p, allow_pickle=0)' },
    {
      name: 'an empty string is false',
      code: 'import numpy as np\na = np.load(p, allow_pickle="")',
    },
    { name: 'not True', code: 'import numpy as np\na = np.load(p, allow_pickle=not True)' },
    {
      name: 'a variable is not a constant',
      code: 'import numpy as np\na = np.load(p, allow_pickle=flag)',
    },
  ],
  invalid: [
    {
      input: {
        name: 'any truthy constant: 1',
        code: 'import numpy as np\na = np.load(p, allow_pickle=1)',
      },
      errors: [{ text: 'allow_pickle=1', messageIncludes: '`allow_pickle=1` lets `numpy.load`' }],
      output: 'import numpy as np\na = np.load(p, allow_pickle=False)',
    },
    {
      input: {
        name: 'a non-empty string is true, even "False"; the string is not echoed',
        code: 'import numpy as np\na = np.load(p, allow_pickle="False")',
      },
      errors: [
        { text: 'allow_pickle="False"', messageIncludes: '`allow_pickle=<a true constant>`' },
      ],
    },
    {
      input: {
        name: 'not False, in parentheses',
        code: 'import numpy as np\na = np.load(p, allow_pickle=(not False))',
      },
      errors: [{ text: 'allow_pickle=(not False)' }],
    },
    {
      input: {
        name: 'third positional 1.0',
        code: 'import numpy as np\na = np.load(p, None, 1.0)',
      },
      errors: [{ text: '1.0' }],
    },
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
