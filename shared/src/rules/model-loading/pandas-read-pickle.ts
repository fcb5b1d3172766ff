/**
 * `pandas.read_pickle` (also `pd.read_pickle` and `DataFrame`-less `from pandas import
 * read_pickle`). pandas docs: "Loading pickled data received from untrusted sources can be
 * unsafe." CWE-502. Writing (`to_pickle`) is not flagged.
 */
import { defineRule } from '../../engine/rule.js';
import { flagCallsOf } from './common.js';

const FUNCTIONS = new Set(['pandas.read_pickle', 'pandas.io.pickle.read_pickle']);

export default defineRule({
  meta: {
    id: 'pandas-read-pickle',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description: 'pandas.read_pickle unpickles the file: loading runs code from it.',
    messages: {
      unsafe:
        '`{{callee}}` unpickles the file and can run arbitrary code from it (CWE-502). Store data frames as Parquet, Feather or CSV (`pd.read_parquet`) unless you created the pickle yourself.',
    },
  },
  create: flagCallsOf(FUNCTIONS),
});
