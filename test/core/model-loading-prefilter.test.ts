/**
 * The unsafe-load prefilter decides which cells are parsed at all, so a miss there is a lost
 * finding. Recall: every spelling the rules flag still fires through it (aliases, multi-line
 * calls, keywords, dict entries), and no cell of the real-dev corpus that it rejects holds a
 * call any unsafe-load rule could flag. Cost: typical data-science cells (DataLoader,
 * train_loader, load_state_dict, load_iris) never build a tree for these rules. (`load_dataset`
 * does since hub-load-without-revision reads its dataset id.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  allRules,
  importContexts,
  maskMagics,
  parseNotebook,
  PythonSource,
  type ImportMap,
} from '@cellguard/core';
import { runRule, type CaseInput } from '../support/rule-tester.js';
import { corpusDir, repoRoot } from '../support/paths.js';

const common = (await import(
  join(repoRoot, 'shared', 'dist', 'rules', 'model-loading', 'common.js')
)) as {
  mayContainUnsafeLoadText: (text: string, imports: ImportMap) => boolean;
  canonicalName: (callee: string) => string;
};

const { pythonParser: parser } = (await import(
  join(repoRoot, 'shared', 'dist', 'python', 'parse.js')
)) as { pythonParser: typeof import('@lezer/python').parser };

const unsafeLoadRules = allRules.filter((rule) => rule.meta.category === 'unsafe-load');

/** [rule that must fire, case]: spellings the prefilter must let through. */
const MUST_FIRE: readonly (readonly [string, CaseInput])[] = [
  ['joblib-load', 'from joblib import load as jl\nmodel = jl("m.pkl")'],
  [
    'joblib-load',
    { cells: [{ source: 'from joblib import load as jl' }, { source: 'm = jl(p)' }] },
  ],
  ['pickle-load', 'import pickle\nu = pickle.Unpickler(f)'],
  ['pickle-load', { cells: [{ source: 'from pickle import Unpickler as U' }, { source: 'U(f)' }] }],
  ['pandas-read-pickle', 'import pandas as pd\ndf = pd.read_pickle("x.pkl")'],
  [
    'pandas-read-pickle',
    { cells: [{ source: 'from pandas import read_pickle as rp' }, { source: 'df = rp(p)' }] },
  ],
  ['trust-remote-code', 'm = AutoModel.from_pretrained(name, trust_remote_code=True)'],
  ['trust-remote-code', 'kw = {"trust_remote_code": True}\npipe = pipeline("x", model_kwargs=kw)'],
  [
    'keras-unsafe-deserialization',
    'import keras\nm = keras.models.model_from_json(j, safe_mode=False)',
  ],
  ['keras-unsafe-deserialization', 'import keras\nkeras.config.enable_unsafe_deserialization()'],
  ['use-safetensors-disabled', 'm = AutoModel.from_pretrained(name, use_safetensors=False)'],
  [
    'allow-dangerous-deserialization',
    'db = FAISS.load_local(p, emb, allow_dangerous_deserialization=True)',
  ],
  ['pickle-family-load', 'import shelve\ndb = shelve.open("cache")'],
  [
    'pickle-family-load',
    { cells: [{ source: 'import shelve as sv' }, { source: 'db = sv.open(p)' }] },
  ],
  ['pickle-family-load', 'import jsonpickle\nobj = jsonpickle.decode(s)'],
  [
    'pickle-family-load',
    { cells: [{ source: 'from jsonpickle import decode as jd' }, { source: 'obj = jd(s)' }] },
  ],
  ['torch-load-without-weights-only', 'import torch\nsd = torch.load\\\n(p)'],
  ['torch-load-without-weights-only', 'import torch\nsd = (torch.load\n  (p))'],
  ['torch-load-without-weights-only', 'import torch\nsd = (torch.load  # the checkpoint\n  (p))'],
  ['torch-load-without-weights-only', 'import torch\nsd = torch.load (p)'],
  ['torch-load-without-weights-only', 'import torch as t\nmodel.load_state_dict(t.load(p))'],
  ['yaml-unsafe-load', 'import yaml\ncfg = yaml.unsafe_load(s)'],
  ['yaml-unsafe-load', 'import yaml\ndocs = yaml.full_load_all(s)'],
  ['yaml-unsafe-load', { cells: [{ source: 'from yaml import load as yl' }, { source: 'yl(s)' }] }],
  ['numpy-load-allow-pickle', 'import numpy as np\na = np.load(p, allow_pickle=True)'],
  ['skops-load-trusts-all', 'import skops.io as sio\nm = sio.loads(b, trusted=True)'],
  ['torch-hub-load', 'import torch\nm = torch.hub.load("a/b", "m")'],
  [
    'keras-unsafe-deserialization',
    'from huggingface_hub import from_pretrained_keras as f\nf(r, safe_mode=False)',
  ],
];

/** Typical cells with nothing to find: the prefilter must reject them. */
const NEGATIVE_CELLS: readonly string[] = [
  [
    'import torch',
    'from torch.utils.data import DataLoader, TensorDataset',
    'train_loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)',
    'val_loader = DataLoader(val_ds, batch_size=256)',
    'for epoch in range(10):',
    '    for xb, yb in train_loader:',
    '        loss = loss_fn(model(xb), yb)',
    '        loss.backward()',
    '# Load the data and reload the weights',
  ].join('\n'),
  'model.load_state_dict(state)\noptimizer.load_state_dict(opt_state)',
  'from sklearn.datasets import load_iris\nX, y = load_iris(return_X_y=True)',
  'import numpy as np\narr = np.loadtxt("a.csv")\ndf = pd.read_csv(p)',
  'loader = DataLoader(ds)\nnext(iter(loader))\nmy_loader.reset()',
  'print("we load the data here")\n# load it later',
  'img = Image.open(p).convert("RGB")\nuploaded = files.upload()',
];

function countParses<T>(run: () => Promise<T>): Promise<{ parses: number; value: T }> {
  const original = parser.parse.bind(parser);
  let parses = 0;
  parser.parse = ((...args: Parameters<typeof parser.parse>) => {
    parses++;
    return original(...args);
  }) as typeof parser.parse;
  return run().then(
    (value) => {
      parser.parse = original;
      return { parses, value };
    },
    (error: unknown) => {
      parser.parse = original;
      throw error;
    },
  );
}

describe('unsafe-load prefilter', () => {
  it('lets every flagged spelling through (the rule fires)', async () => {
    for (const [ruleId, input] of MUST_FIRE) {
      const rule = unsafeLoadRules.find((r) => r.meta.id === ruleId);
      assert.ok(rule, ruleId);
      const { findings } = await runRule(rule, input);
      assert.ok(findings.length > 0, `${ruleId} missed ${JSON.stringify(input)}`);
    }
  });

  it('rejects typical cells without a candidate, and they build no tree', async () => {
    for (const cell of NEGATIVE_CELLS) {
      assert.equal(common.mayContainUnsafeLoadText(cell, new Map()), false, cell);
      for (const rule of unsafeLoadRules) {
        const { parses, value } = await countParses(() => runRule(rule, cell));
        assert.equal(value.findings.length, 0, `${rule.meta.id} on ${cell}`);
        assert.equal(parses, 0, `${rule.meta.id} parsed ${JSON.stringify(cell)}`);
      }
    }
  });

  it(
    'rejects no corpus cell holding a call an unsafe-load rule could flag',
    { skip: !existsSync(join(corpusDir, 'FILES.txt')) && 'corpus not present' },
    () => {
      // Last segments of every callee the family flags (or inspects for a keyword).
      const FLAGGED =
        /^(?:loads?|load_all|load_model|load_model_from_hf|unsafe_load|full_load|unsafe_load_all|full_load_all|Unpickler|read_pickle|decode|open|DbfilenameShelf|enable_unsafe_deserialization)$/;
      // Keras loaders only fire with `safe_mode=False`: the keyword check below covers them.
      const files = readFileSync(join(corpusDir, 'FILES.txt'), 'utf8')
        .split(/\r?\n/)
        .filter((f) => f.endsWith('.ipynb'));
      let rejected = 0;
      for (const file of files) {
        const path = join(corpusDir, file);
        if (!existsSync(path)) continue;
        const code = parseNotebook(readFileSync(path, 'utf8')).cells.filter(
          (cell) => cell.kind === 'code',
        );
        const contexts = importContexts(code.map((cell) => cell.source));
        code.forEach((cell, i) => {
          if (!maskMagics(cell.source).isPython) return;
          if (common.mayContainUnsafeLoadText(cell.source, contexts[i]!)) return;
          rejected++;
          for (const call of new PythonSource(cell.source, contexts[i]).calls()) {
            const name = common.canonicalName(call.callee);
            const last = name.slice(name.lastIndexOf('.') + 1);
            const module = name.split('.')[0]!;
            const suspicious =
              FLAGGED.test(last) &&
              (last !== 'decode' || module === 'jsonpickle') &&
              (last !== 'open' || module === 'shelve');
            assert.ok(!suspicious, `${file}: rejected a cell calling ${call.callee}`);
            for (const arg of call.args)
              assert.ok(
                !/^(?:trust_remote_code|use_safetensors|safe_mode|allow_dangerous_deserialization)$/.test(
                  arg.name ?? '',
                ),
                `${file}: rejected ${call.callee}(${arg.name}=…)`,
              );
          }
        });
      }
      console.log(
        `prefilter on the corpus: ${rejected} code cells rejected, none with a flaggable call`,
      );
    },
  );
});
