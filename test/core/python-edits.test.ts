/** Argument edits keep the call's layout (one line, one argument per line, comments, commas). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applySourceEdits,
  insertArgument,
  keywordArgument,
  PythonSource,
  removeArgument,
} from '@cellguard/core';

function insert(source: string, argument = 'weights_only=True'): string {
  const call = new PythonSource(source).calls()[0]!;
  return applySourceEdits(source, insertArgument(source, call, argument));
}

function remove(source: string, name = 'trust_remote_code'): string {
  const call = new PythonSource(source).calls().find((c) => keywordArgument(c, name))!;
  return applySourceEdits(source, removeArgument(source, call, keywordArgument(call, name)!));
}

describe('python edits: insertArgument', () => {
  const cases: [string, string, string][] = [
    ['one line', 'load(p)', 'load(p, weights_only=True)'],
    ['no arguments', 'load()', 'load(weights_only=True)'],
    ['one line, trailing comma', 'load(p,)', 'load(p, weights_only=True,)'],
    [
      'one per line, trailing comma',
      'load(\n    p,\n    m,\n)',
      'load(\n    p,\n    m,\n    weights_only=True,\n)',
    ],
    [
      'one per line, no trailing comma',
      'load(\n    p,\n    m\n)',
      'load(\n    p,\n    m,\n    weights_only=True\n)',
    ],
    [
      'comment after the last argument',
      'load(\n    p,\n    m  # cpu\n)',
      'load(\n    p,\n    m,  # cpu\n    weights_only=True\n)',
    ],
    [
      'comment after a trailing comma',
      'load(\n    p,\n    m,  # cpu\n)',
      'load(\n    p,\n    m,  # cpu\n    weights_only=True,\n)',
    ],
    [
      'aligned continuation',
      'x = load(p,\n         m)',
      'x = load(p,\n         m, weights_only=True)',
    ],
    [
      'last argument shares the opening line',
      'x = load(p\n)',
      'x = load(p,\n         weights_only=True\n)',
    ],
    ['tab indentation', 'load(\n\tp,\n)', 'load(\n\tp,\n\tweights_only=True,\n)'],
  ];
  for (const [name, source, expected] of cases)
    it(name, () => assert.equal(insert(source), expected));
});

describe('python edits: removeArgument', () => {
  const cases: [string, string, string][] = [
    ['last inline', 'f(m, trust_remote_code=True)', 'f(m)'],
    ['first inline', 'f(trust_remote_code=True, m)', 'f(m)'],
    ['middle inline', 'f(a, trust_remote_code=True, b)', 'f(a, b)'],
    ['only argument', 'f(trust_remote_code=True)', 'f()'],
    ['only argument with trailing comma', 'f(trust_remote_code=True,)', 'f()'],
    [
      'own line with comma and comment',
      'f(\n    m,\n    trust_remote_code=True,  # needed\n    d=1,\n)',
      'f(\n    m,\n    d=1,\n)',
    ],
    ['own last line without comma', 'f(\n    m,\n    trust_remote_code=True\n)', 'f(\n    m,\n)'],
    ['last line closing the call', 'f(m,\n  trust_remote_code=True)', 'f(m)'],
    [
      'chained call',
      'g = f(\n    m,\n    trust_remote_code=True\n).to(d)',
      'g = f(\n    m,\n).to(d)',
    ],
  ];
  for (const [name, source, expected] of cases) {
    it(name, () => {
      const result = remove(source);
      assert.equal(result, expected);
      assert.equal(new PythonSource(result).calls().length > 0, true);
    });
  }
});
