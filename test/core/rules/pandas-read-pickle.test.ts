import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('pandas-read-pickle')!, {
  valid: [
    'import pandas as pd\ndf.to_pickle("df.pkl")',
    'import pandas as pd\ndf = pd.read_parquet("df.parquet")',
    'import pandas as pd\ndf = pd.read_csv("x.csv")',
    '# df = pd.read_pickle("df.pkl")',
    { markdown: 'Run `pd.read_pickle("df.pkl")` to reload.' },
  ],
  invalid: [
    {
      input: { name: 'pd without an import (the usual alias)', code: 'df = pd.read_pickle(p)' },
      errors: [{ text: 'pd.read_pickle(p)' }],
    },
    {
      input: 'import pandas as pd\ndf = pd.read_pickle("df.pkl")',
      errors: [{ text: 'pd.read_pickle("df.pkl")', messageIncludes: 'pandas.read_pickle' }],
    },
    {
      input: 'import pandas\ndf = pandas.read_pickle(p)',
      errors: [{ text: 'pandas.read_pickle(p)' }],
    },
    {
      input: {
        cells: [
          { source: 'import pandas as pd' },
          { kind: 'markdown', source: 'Reload the frame:' },
          { source: 'df = pd.read_pickle(url, compression="gzip")' },
        ],
      },
      errors: [{ text: 'pd.read_pickle(url, compression="gzip")', cellIndex: 2 }],
    },
    {
      input: {
        cells: [{ source: 'from pandas import read_pickle as rp' }, { source: 'df = rp(p)' }],
      },
      errors: [{ text: 'rp(p)', cellIndex: 1 }],
    },
  ],
});
