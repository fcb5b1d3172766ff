import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskMagics, PythonSource } from '@cellguard/core';

function hasErrors(source: string): boolean {
  const python = new PythonSource(source);
  let error = false;
  python.tree.iterate({
    enter: (node) => {
      if (node.type.isError) error = true;
    },
  });
  return error;
}

describe('IPython magics', () => {
  const cases: [string, string][] = [
    ['line magic', '%matplotlib inline\nimport numpy as np'],
    ['env magic', '%env OPENAI_API_KEY=abc\nx = 1'],
    ['shell escape', '!pip install torch\nimport torch'],
    ['shell with continuation', '!pip install \\\n  torch\nx = 1'],
    ['assigned shell', 'files = !ls -la\nprint(files)'],
    ['assigned magic', 'out = %sx ls\nprint(out)'],
    ['help', 'np.array?\nx = 1'],
    ['indented magic', 'for i in range(3):\n    !echo $i\n    x = i'],
    ['time cell magic keeps Python', '%%time\nimport pickle\nx = 1'],
  ];
  for (const [name, source] of cases) {
    it(`${name} parses without errors and keeps offsets`, () => {
      const masked = maskMagics(source);
      assert.equal(masked.text.length, source.length);
      assert.equal(hasErrors(source), false, masked.text);
    });
  }
  it('describes %env and !export for rules', () => {
    const { magics } = maskMagics('%env TOKEN=abc\n!export KEY=val\n');
    assert.deepEqual(
      magics.map((m) => [m.kind, m.name]),
      [
        ['line-magic', 'env'],
        ['shell', 'export'],
      ],
    );
    const src = '%env TOKEN=abc\n!export KEY=val\n';
    assert.equal(src.slice(...magics[0]!.argsRange), ' TOKEN=abc');
    assert.equal(src.slice(...magics[1]!.argsRange), ' KEY=val');
  });
  it('treats non-Python cell magics as another language', () => {
    for (const source of [
      '%%bash\nexport X=1\necho $X',
      '%%html\n<b>x</b>',
      '%%writefile notes.txt\nhello',
    ]) {
      assert.equal(maskMagics(source).isPython, false, source);
    }
    assert.equal(maskMagics('%%writefile train.py\nimport torch').isPython, true);
  });
  it('does not mistake modulo or comparisons for magics', () => {
    const source = 'x = 10 % 3\ny = a != b\nz = (\n    1\n)';
    assert.equal(maskMagics(source).text, source);
  });
});
