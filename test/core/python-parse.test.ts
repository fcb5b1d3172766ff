/**
 * Incremental parsing (recent trees reused for a similar text) must give exactly the tree of a
 * fresh parse: same node names and ranges, over random edits of real cells.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { PythonSource } from '@cellguard/core';
import { repoRoot } from '../support/paths.js';

const { parsePython } = (await import(join(repoRoot, 'shared', 'dist', 'python', 'parse.js'))) as {
  parsePython: (text: string) => Tree;
};

function shape(tree: Tree): string {
  const out: string[] = [];
  tree.iterate({
    enter: (node) => {
      out.push(`${node.name}:${node.from}-${node.to}`);
    },
  });
  return out.join(' ');
}

const CELL = [
  'import torch',
  'import torch.nn as nn',
  'from torch.utils.data import DataLoader',
  '',
  'class Net(nn.Module):',
  '    def __init__(self):',
  '        super().__init__()',
  '        self.fc = nn.Linear(10, 2)',
  '',
  '    def forward(self, x):',
  '        return self.fc(x)',
  '',
  'model = Net()',
  'state = torch.load("model.pt", map_location="cpu")',
  'model.load_state_dict(state)',
  's = """a docstring',
  'spanning lines"""',
  'loader = DataLoader(ds, batch_size=32)',
  'for xb, yb in loader:',
  '    print(model(xb).shape)  # shape',
].join('\n');

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  'x',
  ' ',
  '\n',
  '(',
  ')',
  '"',
  "'",
  '"""',
  '#',
  ':',
  '\n    ',
  'torch.load(f)',
  ',',
  '\\\n',
];

describe('incremental parse', () => {
  it('equals a fresh parse after every edit of a run of random keystrokes', () => {
    const next = random(42);
    for (let run = 0; run < 20; run++) {
      let text = CELL;
      for (let step = 0; step < 60; step++) {
        const at = Math.floor(next() * (text.length + 1));
        if (next() < 0.3 && text.length > 0) {
          const end = Math.min(text.length, at + 1 + Math.floor(next() * 5));
          text = text.slice(0, at) + text.slice(end);
        } else {
          const insert = INSERTS[Math.floor(next() * INSERTS.length)]!;
          text = text.slice(0, at) + insert + text.slice(at);
        }
        assert.equal(shape(parsePython(text)), shape(parser.parse(text)), JSON.stringify(text));
      }
    }
  });

  it('PythonSource trees after an edit equal a fresh parse', () => {
    const edited = CELL.replace('map_location="cpu"', 'map_location="cuda"');
    void new PythonSource(CELL).tree;
    const source = new PythonSource(edited);
    assert.equal(shape(source.tree), shape(parser.parse(edited)));
    assert.ok(source.calls().some((c) => c.callee === 'torch.load'));
  });
});
