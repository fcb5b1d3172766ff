/**
 * A notebook whose JSON hides text from the reader is a parse problem of that file, never
 * "clean": duplicate keys (JSON.parse keeps one value and drops the other), and text fields of
 * the wrong type (an object where a string belongs would otherwise be read as empty).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotebookError, parseNotebook } from '@cellguard/core';

const STRIPE = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const cell = (fields: string): string =>
  `{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","metadata":{},${fields}}]}`;

function refused(text: string, reason: RegExp): void {
  assert.throws(
    () => parseNotebook(text),
    (error: unknown) => error instanceof NotebookError && reason.test(error.message),
  );
}

describe('strict reading of what could hide a value', () => {
  it('a duplicated key anywhere is refused with its line and column', () => {
    refused(
      cell(`"outputs":[],"source":"stripe_key = '${STRIPE}'","source":"x = 1"`),
      /^duplicate key "source" at line 1, column \d+/,
    );
    const second = ` "metadata":{"a":{"token":"${STRIPE}","token":""}},"cells":[]}`;
    refused(
      `{"nbformat":4,"nbformat_minor":5,\n${second}`,
      new RegExp(`^duplicate key "token" at line 2, column ${second.lastIndexOf('"token"') + 1}:`),
    );
    // The same key spelled with an escape is the same key.
    refused(cell(`"outputs":[],"source":"a","sourc\\u0065":"b"`), /duplicate key "source"/);
    // A key never echoes pasted content: only short plain names are quoted.
    refused(
      cell(`"outputs":[],"source":"a","extra":{"${STRIPE}!":1,"${STRIPE}!":2}`),
      /duplicate key a key at/,
    );
  });

  it('equal keys in different objects, and key-like strings in values, are fine', () => {
    const doc = parseNotebook(
      `{"nbformat":4,"nbformat_minor":5,"metadata":{"a":{"k":1},"b":{"k":2}},"cells":[` +
        `{"cell_type":"code","metadata":{},"outputs":[],"source":["\\"source\\": 1, \\"source\\": 2"]}]}`,
    );
    assert.equal(doc.cells[0]!.source, '"source": 1, "source": 2');
  });

  it('text fields of the wrong type are refused, not read as empty', () => {
    refused(
      cell(`"source":"x = 1","outputs":{"0":{"text":"${STRIPE}"}}`),
      /"outputs" must be a list/,
    );
    refused(
      cell(
        `"source":"x","outputs":[{"output_type":"stream","name":"stdout","text":{"a":"${STRIPE}"}}]`,
      ),
      /output 0: "text" must be a string or a list of strings/,
    );
    refused(
      cell(
        `"source":"x","outputs":[{"output_type":"error","ename":"E","evalue":"v","traceback":["ok",{"a":"${STRIPE}"}]}]`,
      ),
      /"traceback" must be a list of strings/,
    );
    refused(
      cell(
        `"source":"x","outputs":[{"output_type":"error","ename":"E","evalue":["${STRIPE}", 3]}]`,
      ),
      /"evalue" must be a string/,
    );
  });

  it('the duplicate-key pass is linear (growth ratio of CPU time)', () => {
    const build = (n: number): string =>
      cell(
        `"outputs":[],"source":${JSON.stringify(
          Array.from({ length: n }, (_, i) => `k${i} = "\\\\\\"" # {"a": [1, {"b": 2}]}\n`),
        )}`,
      );
    const cpu = (text: string): number => {
      const start = process.cpuUsage();
      for (let i = 0; i < 3; i++) parseNotebook(text);
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
    cpu(build(5_000));
    const small = Math.max(cpu(build(20_000)), 10);
    const large = cpu(build(80_000));
    assert.ok(
      large / small < 8,
      `${small.toFixed(0)} ms → ${large.toFixed(0)} ms for 4× the input`,
    );
  });
});
