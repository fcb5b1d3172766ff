/**
 * The Python layer as rules see it: imports and aliases resolved per notebook (earlier cells
 * count), callees resolved through them, arguments split, IPython syntax masked so the real
 * parser reads every cell.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importContexts, PythonSource } from '@cellguard/core';

function callees(source: string, inherited: ReadonlyMap<string, string> = new Map()): string[] {
  return new PythonSource(source, inherited).calls().map((c) => c.callee);
}

function hasErrors(source: string): boolean {
  let error = false;
  new PythonSource(source).tree.iterate({
    enter: (node) => {
      if (node.type.isError) error = true;
    },
  });
  return error;
}

describe('python: imports and callee resolution', () => {
  const cases: [string, string, string[]][] = [
    ['module alias', 'import torch as t\nt.load(f)', ['torch.load']],
    ['from import', 'from torch import load\nload(f)', ['torch.load']],
    ['from import alias', 'from joblib import load as jl\njl(f)', ['joblib.load']],
    ['dotted import with alias', 'import skops.io as sio\nsio.load(f)', ['skops.io.load']],
    ['dotted import binds its head', 'import torch.hub\ntorch.hub.load(r, m)', ['torch.hub.load']],
    ['several names in one import', 'import os, pickle as pk\npk.loads(b)', ['pickle.loads']],
    [
      'parenthesised from import',
      'from torch import (\n    load,\n    save as s,\n)\nload(f)\ns(m, f)',
      ['torch.load', 'torch.save'],
    ],
    [
      'attribute chain through an alias',
      'import tensorflow as tf\ntf.keras.models.load_model(p)',
      ['tensorflow.keras.models.load_model'],
    ],
    ['relative module is not the library', 'from . import torch\ntorch.load(f)', ['.torch.load']],
    ['relative from import', 'from .utils import load\nload(f)', ['.utils.load']],
    ['parent-relative from import', 'from ..pkg.io import load as l\nl(f)', ['..pkg.io.load']],
    [
      'import inside try/except: the later import rebinds',
      'try:\n    import ujson as json\nexcept ImportError:\n    import json\njson.load(f)',
      ['json.load'],
    ],
    [
      'import inside a function',
      'def f():\n    import pickle as p\n    return p.load(x)',
      ['pickle.load'],
    ],
    [
      'chained call keeps the parentheses',
      'import torch\ntorch.load(f).to(d)',
      ['torch.load().to', 'torch.load'],
    ],
    [
      'method of an instance',
      'import yaml\nyaml.YAML().load(f)',
      ['yaml.YAML().load', 'yaml.YAML'],
    ],
    ['unimported names stay as written', 'model.load_state_dict(sd)', ['model.load_state_dict']],
  ];
  for (const [name, source, expected] of cases) {
    it(name, () => assert.deepEqual(callees(source), expected));
  }

  it('inherits imports from earlier cells, later cells override', () => {
    const contexts = importContexts([
      'import torch as t',
      'x = 1',
      'import numpy as t',
      'y = t.load(p)',
    ]);
    assert.equal(contexts[1]!.get('t'), 'torch');
    assert.equal(contexts[3]!.get('t'), 'numpy');
    assert.deepEqual(callees('y = t.load(p)', contexts[3]), ['numpy.load']);
  });

  it('splits arguments: keywords, ** unpacking, comments, trailing commas', () => {
    const [call] = new PythonSource('f(\n    a,  # first\n    b=1,\n    **kw,\n)').calls();
    assert.deepEqual(
      call!.args.map((a) => [a.name ?? null, a.star ?? null, a.valueText]),
      [
        [null, null, 'a'],
        ['b', null, '1'],
        [null, '**', 'kw'],
      ],
    );
  });
});

describe('python: IPython syntax never breaks parsing', () => {
  const cases: [string, string, string[]][] = [
    ['%%time cell', '%%time\nimport pickle\npickle.load(f)', ['pickle.load']],
    ['!pip line', '!pip install -q torch\nimport torch\ntorch.load(p)', ['torch.load']],
    ['x = !ls', 'files = !ls *.pt\nimport torch\ntorch.load(files[0])', ['torch.load']],
    [
      '%matplotlib inline',
      '%matplotlib inline\nimport numpy as np\nnp.load(p, allow_pickle=True)',
      ['numpy.load'],
    ],
    ['obj? and obj??', 'torch.load?\ntorch.load??\nimport torch\ntorch.load(p)', ['torch.load']],
    ['magic inside a block', 'for p in paths:\n    !echo {p}\n    torch.load(p)', ['torch.load']],
  ];
  for (const [name, source, expected] of cases) {
    it(name, () => {
      assert.equal(hasErrors(source), false);
      assert.deepEqual(callees(source), expected);
    });
  }

  it('a %%bash cell is not Python', () => {
    assert.deepEqual(callees('%%bash\npython -c "import pickle; pickle.load(f)"'), []);
  });
});

describe('python: hostile shapes stay cheap', () => {
  it('brackets nested deeper than CPython allows (200) are not parsed', () => {
    const deep = new PythonSource(`${'('.repeat(5_000)}pickle.load(f)${')'.repeat(5_000)}`);
    assert.equal(deep.unparsable, true);
    assert.deepEqual(deep.calls(), []);
    const fine = new PythonSource(
      `x = ${'['.repeat(150)}1${']'.repeat(150)}\ny = "${'('.repeat(1_000)}"\n# ${'{'.repeat(1_000)}`,
    );
    assert.equal(fine.unparsable, false);
  });

  it('a long call chain resolves each callee in constant time', () => {
    const source = `import torch\ntorch.load(p)${'.to(d)'.repeat(8_000)}`;
    const python = new PythonSource(source);
    void python.tree;
    const started = process.cpuUsage();
    const calls = python.calls();
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    assert.equal(calls.filter((c) => c.callee === 'torch.load').length, 1);
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms CPU`);
  });

  it('a statement with more attribute accesses than CPython can compile is not parsed', () => {
    assert.equal(
      new PythonSource(`import torch\ntorch${'.a'.repeat(20_000)}.load(p)`).unparsable,
      true,
    );
    assert.equal(new PythonSource(`x = torch.load(p)${'.to(d)'.repeat(20_000)}`).unparsable, true);
    // Many short statements, numbers and attribute text in strings are fine.
    const flat = Array.from({ length: 12_000 }, (_, i) => `df.c${i} = df.a.b`).join('\n');
    assert.equal(new PythonSource(flat).unparsable, false);
    assert.equal(
      new PythonSource(`x = [${'1.5, '.repeat(20_000)}]\ns = "${'.a'.repeat(20_000)}"`).unparsable,
      false,
    );
  });

  it('lists calls once per source', () => {
    const python = new PythonSource('f(g(x))');
    assert.equal(python.calls(), python.calls());
  });
});
