import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('joblib-load')!, {
  valid: [
    'import joblib\njoblib.dump(model, "model.joblib")',
    'from joblib import Parallel, delayed\nParallel(n_jobs=2)(delayed(f)(x) for x in xs)',
    'import skops.io as sio\nmodel = sio.load("model.skops", trusted=["sklearn.linear_model.LogisticRegression"])',
    'loader.load()',
    's = "joblib.load(path)"',
  ],
  invalid: [
    {
      input: 'import joblib\nmodel = joblib.load("model.joblib")',
      errors: [{ text: 'joblib.load("model.joblib")' }],
    },
    {
      input: { cells: [{ source: 'from joblib import load as jl' }, { source: 'clf = jl(path)' }] },
      errors: [{ text: 'jl(path)', cellIndex: 1, messageIncludes: 'skops' }],
    },
    {
      input: 'from sklearn.externals import joblib\nclf = joblib.load(p)',
      errors: [{ text: 'joblib.load(p)' }],
    },
    {
      input: 'import joblib as jb\nclf = jb.load(\n    p,\n    mmap_mode="r",\n)',
      errors: [{ text: 'jb.load(\n    p,\n    mmap_mode="r",\n)' }],
    },
  ],
});
