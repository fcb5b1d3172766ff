/**
 * The linear import scanner against the lezer tree it replaces: same bindings on every case it
 * reads, and a fallback (undefined) on every case it cannot read with certainty — over hand-made
 * edge cases and every code cell of the real-dev corpus.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { importContexts, maskMagics, parseNotebook, PythonSource } from '@cellguard/core';
import { corpusDir, repoRoot } from '../support/paths.js';

type Scan = (text: string, into: Map<string, string>) => boolean;
type TreeImports = (tree: unknown, text: string, into: Map<string, string>) => void;

const imports = (await import(join(repoRoot, 'shared', 'dist', 'python', 'imports.js'))) as {
  scanImports: Scan;
};
const source = (await import(join(repoRoot, 'shared', 'dist', 'python', 'source.js'))) as {
  importsOf: TreeImports;
};

function fromTree(text: string): [string, string][] {
  const masked = maskMagics(text).text;
  const into = new Map<string, string>();
  source.importsOf(new PythonSource(text).tree, masked, into);
  return [...into];
}

function fromScan(text: string): [string, string][] | undefined {
  const into = new Map<string, string>();
  return imports.scanImports(maskMagics(text).text, into) ? [...into] : undefined;
}

/** Cases the scanner must read itself (no tree), with the bindings expected. */
const READ: readonly (readonly [string, Record<string, string>])[] = [
  ['import a.b as c, d', { c: 'a.b', d: 'd' }],
  ['import os.path', { os: 'os' }],
  ['from x import (a as b,\n c)', { b: 'x.a', c: 'x.c' }],
  ['from x import (\n    a,\n    b,\n)', { a: 'x.a', b: 'x.b' }],
  ['from . import torch', { torch: '.torch' }],
  ['from .. import x as y', { y: '..x' }],
  ['from .pkg.mod import load', { load: '.pkg.mod.load' }],
  ['from .import x', { x: '.x' }],
  ['from joblib import load as jl\njl("m.pkl")', { jl: 'joblib.load' }],
  [
    'try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle',
    { pickle: 'pickle' },
  ],
  ['import pickle as p\nimport dill as p', { p: 'dill' }],
  ['import torch; from torch import hub as h', { torch: 'torch', h: 'torch.hub' }],
  ['from a \\\n  import b', { b: 'a.b' }],
  ['import a \\\n  as b', { b: 'a' }],
  ['from os import *', {}],
  ['s = "import pickle"\nx = 1', {}],
  ['s = """\nimport pickle\n"""', {}],
  ['# import pickle\nx = 1', {}],
  ['x = f(import_, importlib)', {}],
  ['%load_ext autoreload\nimport numpy as np', { np: 'numpy' }],
  ['def f():\n    import yaml as y\n    return y', { y: 'yaml' }],
  ['import  a . b  as  c', { c: 'a.b' }],
  ['x = {"import": 1}\nimport json', { json: 'json' }],
];

/** Cases the scanner must hand to the tree. */
const FALLBACK: readonly string[] = [
  'try: import cPickle as pickle\nexcept ImportError: import pickle',
  'from x import (a, # why\n b)',
  'import pickle  # noqa',
  'from x import (a,\n',
  'x = "unclosed\nimport os',
  'from x import a,',
  'import',
  'from x import if',
  'fromage import y',
  'import a b',
  'from x import (a), (b)',
  'if x: import os',
];

describe('import scanner', () => {
  it('reads the cases it should, with the bindings of the tree', () => {
    for (const [text, expected] of READ) {
      const scanned = fromScan(text);
      assert.ok(scanned, `scanner fell back on ${JSON.stringify(text)}`);
      assert.deepEqual(Object.fromEntries(scanned), expected, JSON.stringify(text));
      assert.deepEqual(scanned, fromTree(text), `tree differs on ${JSON.stringify(text)}`);
    }
  });

  it('falls back to the tree when unsure', () => {
    for (const text of FALLBACK)
      assert.equal(fromScan(text), undefined, `read ${JSON.stringify(text)}`);
  });

  it('definedImports and importContexts keep their semantics on fallback cases', () => {
    const cell = 'try: import cPickle as pickle\nexcept ImportError: import pickle';
    assert.equal(new PythonSource(cell).definedImports.get('pickle'), 'pickle');
    const contexts = importContexts(['from x import (a, # c\n b as d)', 'd()']);
    assert.equal(contexts[1]!.get('d'), 'x.b');
  });

  it(
    'equals the tree on every code cell of the real-dev corpus',
    { skip: !existsSync(join(corpusDir, 'FILES.txt')) && 'corpus not present' },
    () => {
      const files = readFileSync(join(corpusDir, 'FILES.txt'), 'utf8')
        .split(/\r?\n/)
        .filter((f) => f.endsWith('.ipynb'));
      let read = 0;
      let fellBack = 0;
      for (const file of files) {
        const path = join(corpusDir, file);
        if (!existsSync(path)) continue;
        const doc = parseNotebook(readFileSync(path, 'utf8'));
        for (const cell of doc.cells) {
          if (cell.kind !== 'code' || !/\bimport\b/.test(cell.source)) continue;
          if (!maskMagics(cell.source).isPython) continue;
          const scanned = fromScan(cell.source);
          if (scanned === undefined) {
            fellBack++;
            continue;
          }
          read++;
          assert.deepEqual(scanned, fromTree(cell.source), `${file}: ${cell.source.slice(0, 400)}`);
        }
      }
      console.log(`import scanner on the corpus: ${read} cells read, ${fellBack} fell back`);
      assert.ok(read > 0);
    },
  );
});
