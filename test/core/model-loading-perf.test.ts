/**
 * Cost of the unsafe-load family per cell. A cell without a candidate token (`load`,
 * `trust_remote_code`, `Unpickler`, `read_pickle`, `shelve`, an alias imported earlier…) must
 * never build a syntax tree; a cell with one is parsed once and its calls listed once, however
 * many rules look at it. Timings are printed, not asserted (machines differ).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allRules,
  PythonSource,
  type NotebookDoc,
  EMPTY_ENVIRONMENT,
  type RuleContext,
  type TextView,
} from '@cellguard/core';

const rules = allRules.filter((rule) => rule.meta.category === 'unsafe-load');

function viewOf(python: PythonSource): TextView {
  const memo = new Map<string, unknown>();
  const notebook: NotebookDoc = {
    language: 'python',
    cells: [{ kind: 'code', source: python.text, outputs: [] }],
  };
  return {
    kind: 'code',
    text: python.text,
    notebook,
    cell: notebook.cells[0]!,
    cellIndex: 0,
    python,
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  };
}

function visitors(reports: { count: number }): ((view: TextView) => void)[] {
  return rules.map((rule) => {
    const context: RuleContext = {
      meta: rule.meta,
      options: {},
      isAllowed: () => false,
      report: () => void reports.count++,
      environment: EMPTY_ENVIRONMENT,
    };
    const visitor = rule.create(context);
    return (view: TextView) => void visitor.code?.(view);
  });
}

function treeBuilt(python: PythonSource): boolean {
  return (python as unknown as { treeCache?: unknown }).treeCache !== undefined;
}

const PLAIN = [
  'df = df.groupby("city").agg({"sales": "sum"}).reset_index()\nplt.plot(df["city"], df["sales"])\nplt.show()',
  '%matplotlib inline\nimport numpy as np\nx = np.linspace(0, 1, 100)\ny = np.sin(x) ** 2',
  'for epoch in range(10):\n    loss = train_one_epoch(model, opt)\n    print(f"{epoch}: {loss:.3f}")',
  '!pip install -q transformers\nfrom transformers import AutoTokenizer\ntok = AutoTokenizer.pad_token_id',
];
const CANDIDATES = [
  // A Hub load: hub-load-without-revision reads its id and revision.
  '!pip install -q transformers\nfrom transformers import AutoTokenizer\ntokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")',
  'import torch\nmodel.load_state_dict(torch.load(path, map_location="cpu"))\nmodel.eval()',
  'from transformers import AutoModel\nm = AutoModel.from_pretrained(\n    name,\n    trust_remote_code=True,\n)',
  'import json\nwith open("cfg.json") as f:\n    cfg = json.load(f)\nprint(cfg)',
  'from datasets import load_dataset\nds = load_dataset("squad", split="train")\nds = ds.map(lambda x: x)',
];

describe('unsafe-load cost', () => {
  it('never parses a cell without a candidate token, even with aliases imported earlier', () => {
    const inherited = new Map([
      ['np', 'numpy'],
      ['jl', 'joblib.load'],
    ]);
    const run = visitors({ count: 0 });
    for (const source of PLAIN) {
      const python = new PythonSource(source, inherited);
      const view = viewOf(python);
      for (const visit of run) visit(view);
      assert.equal(treeBuilt(python), false, source);
    }
    // An alias that hides the token wakes the rules up.
    const python = new PythonSource('clf = jl(path)', inherited);
    const reports = { count: 0 };
    for (const visit of visitors(reports)) visit(viewOf(python));
    assert.equal(treeBuilt(python), true);
    assert.equal(reports.count, 1);
  });

  it('lists the calls of a candidate cell once for all the rules', () => {
    const python = new PythonSource(CANDIDATES[0]!);
    let listed = 0;
    const original = python.calls.bind(python);
    python.calls = () => {
      listed++;
      return original();
    };
    const view = viewOf(python);
    for (const visit of visitors({ count: 0 })) visit(view);
    assert.equal(listed, 1);
  });
});
