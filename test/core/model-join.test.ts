/**
 * Joining a load call to the file it loads: which path each call names (worked out from the
 * text only), where a front end looks for it, and what the finding says once the file's scan is
 * handed in through `AnalyzeOptions.modelFiles`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createAnalyzer,
  modelFileReferences,
  modelFileRequests,
  modelPathCandidates,
  type ModelFileScan,
  type NotebookDoc,
} from '@cellguard/core';

const doc = (...sources: string[]): NotebookDoc => ({
  language: 'python',
  cells: sources.map((source) => ({ kind: 'code', source, outputs: [] })),
});

describe('the path a load call names', () => {
  const paths = (...sources: string[]): string[] =>
    modelFileReferences(doc(...sources)).map(
      (r) => `${r.callee} ${r.path} @${r.cellIndex}:${r.line}`,
    );

  it('literals, names assigned literals, f-strings, os.path.join, pathlib, + and open()', () => {
    assert.deepEqual(
      paths(
        'import os, pickle, torch, joblib, numpy as np, pandas as pd\nfrom pathlib import Path\nMODELS = "models"\nname: str = "clf"',
        [
          'a = torch.load("weights/cnn.pt")',
          'b = joblib.load(os.path.join(MODELS, f"{name}.joblib"))',
          'c = torch.load(Path(MODELS) / "sub" / "x.pth", map_location="cpu")',
          'd = np.load(MODELS + "/arr.npy", allow_pickle=True)',
          'with open(f"{MODELS}/m.pkl", "rb") as fh:\n    e = pickle.load(fh)',
          'g = pd.read_pickle(filepath_or_buffer=str(Path("data").joinpath("df.pkl")))',
          'h = pickle.load(open("direct.pkl", mode="rb"))',
        ].join('\n'),
      ),
      [
        'torch.load weights/cnn.pt @1:1',
        'joblib.load models/clf.joblib @1:2',
        'torch.load models/sub/x.pth @1:3',
        'numpy.load models/arr.npy @1:4',
        'pickle.load models/m.pkl @1:6',
        'pandas.read_pickle data/df.pkl @1:7',
        'pickle.load direct.pkl @1:8',
      ],
    );
  });

  it('the last assignment before the call wins, in notebook order', () => {
    assert.deepEqual(
      paths('import torch\np = "a.pt"', 'p = "b.pt"\nx = torch.load(p)\np = "c.pt"'),
      ['torch.load b.pt @1:2'],
    );
  });

  it('anything not certain from the text is not followed', () => {
    assert.deepEqual(
      paths(
        'import torch, pickle',
        [
          'torch.load(args.checkpoint)',
          'torch.load(f"{run_dir}/best.pt")',
          'torch.load(f"{NAME!r}.pt")',
          'for p in files:\n    torch.load(p)',
          'with open("out.pkl", "wb") as f:\n    pickle.load(f)',
          'torch.load("~/models/m.pt")',
          'torch.load(b"raw")',
        ].join('\n'),
      ),
      [],
    );
  });

  it('candidates: the notebook folder first, then the workspace root', () => {
    assert.deepEqual(modelPathCandidates('models/m.pkl', 'proj/nb', 'proj'), [
      'proj/nb/models/m.pkl',
      'proj/models/m.pkl',
    ]);
    assert.deepEqual(modelPathCandidates('./m.pkl', '/w/nb', '/w/nb'), ['/w/nb/m.pkl']);
    assert.deepEqual(modelPathCandidates('../shared/m.pkl', '/w/p/nb', '/w'), [
      '/w/p/shared/m.pkl',
      '/shared/m.pkl',
    ]);
    assert.deepEqual(modelPathCandidates('/abs/m.pt', '/w', '/w'), ['/abs/m.pt']);
    assert.deepEqual(
      modelFileRequests(doc('import torch\ntorch.load("m.pt")\ntorch.load("m.pt")'), 'nb', ''),
      [{ path: 'm.pt', candidates: ['nb/m.pt', 'm.pt'] }],
    );
  });
});

describe('findings carry the verdict of the file they load', () => {
  const analyzer = createAnalyzer();
  const MALICIOUS: ModelFileScan = {
    format: 'pickle',
    verdict: 'malicious',
    callables: [
      {
        module: 'posix',
        name: 'system',
        offset: 2,
        verdict: 'malicious',
        reason: 'runs processes',
      },
    ],
    notes: [],
    weightsOnlyCompatible: false,
  };
  const WEIGHTS: ModelFileScan = {
    format: 'pytorch-zip',
    verdict: 'safe',
    callables: [
      {
        module: 'torch._utils',
        name: '_rebuild_tensor_v2',
        offset: 40,
        member: 'archive/data.pkl',
        verdict: 'safe',
        reason: 'weights-only',
      },
    ],
    notes: [],
    weightsOnlyCompatible: true,
  };
  const CODE =
    'import pickle, torch\nwith open("models/m.pkl", "rb") as f:\n    obj = pickle.load(f)\nsd = torch.load("ckpt.pt")';

  it('malicious file: the call is an error naming the callable and its offset', async () => {
    const { findings } = await analyzer.analyzeNotebook(doc(CODE), {
      modelFiles: new Map([['models/m.pkl', MALICIOUS]]),
    });
    const pickle = findings.find((f) => f.ruleId === 'pickle-load');
    assert.equal(pickle?.severity, 'error');
    assert.match(
      pickle!.message,
      /models\/m\.pkl, runs code when unpickled: `posix\.system` \(runs processes, offset 2\)/,
    );
    assert.equal(pickle?.properties?.['verdict'], 'malicious');
    assert.equal(pickle?.properties?.['globals'], 'posix.system');
    const torch = findings.find((f) => f.ruleId === 'torch-load-without-weights-only');
    assert.equal(torch?.severity, 'warning', 'the other call is untouched');
  });

  it('weights-only file: the message says so and the weights_only=True fix becomes safe', async () => {
    const without = await analyzer.analyzeNotebook(doc(CODE));
    const before = without.findings.find((f) => f.ruleId === 'torch-load-without-weights-only');
    assert.equal(before?.fixes[0]?.applicability, 'unsafe');
    const { findings } = await analyzer.analyzeNotebook(doc(CODE), {
      modelFiles: new Map([['ckpt.pt', WEIGHTS]]),
    });
    const torch = findings.find((f) => f.ruleId === 'torch-load-without-weights-only');
    assert.match(
      torch!.message,
      /ckpt\.pt \(pytorch-zip\), holds only tensors and plain containers: it loads with `weights_only=True`/,
    );
    assert.equal(torch?.fixes[0]?.applicability, 'safe');
    assert.equal(torch?.fingerprint, before?.fingerprint, 'the same finding, not a new one');
  });

  it('a file that was not found (no scan) leaves the finding as it was', async () => {
    const plain = await analyzer.analyzeNotebook(doc(CODE));
    const joined = await analyzer.analyzeNotebook(doc(CODE), {
      modelFiles: new Map([['other.pkl', MALICIOUS]]),
    });
    assert.deepEqual(joined.findings, plain.findings);
  });
});
