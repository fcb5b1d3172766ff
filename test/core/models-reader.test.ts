// The model-file reader on hand-assembled streams: each opcode family, the verdicts, several
// pickles in a row, truncated and invalid streams, and the ZIP / .npy containers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesSource, scanModel, sniffModelFormat, type ModelScan } from '@cellguard/core';
import { zipSync, type Zippable } from 'fflate';

const enc = new TextEncoder();

/** Concatenates byte pieces: numbers are single bytes, strings are latin1/ASCII text. */
function b(...parts: Array<number | string | Uint8Array>): Uint8Array {
  const chunks = parts.map((p) =>
    typeof p === 'number' ? Uint8Array.of(p) : typeof p === 'string' ? enc.encode(p) : p,
  );
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** SHORT_BINUNICODE s */
const su = (s: string): Uint8Array => b(0x8c, enc.encode(s).length, s);

function poke(bytes: Uint8Array, at: number, f: (x: number) => number): void {
  bytes[at] = f(bytes[at] ?? 0);
}

function scan(bytes: Uint8Array, name?: string): Promise<ModelScan> {
  return scanModel(bytesSource(bytes), name);
}

function names(r: ModelScan): string[] {
  return r.callables.map((c) => `${c.module}.${c.name}`);
}

describe('pickle machine', () => {
  it('protocol 0 GLOBAL + REDUCE of os.system is malicious, at the GLOBAL offset', async () => {
    const r = await scan(b("cos\nsystem\n(S'id'\ntR."));
    assert.equal(r.format, 'pickle');
    assert.equal(r.verdict, 'malicious');
    assert.deepEqual(names(r), ['os.system']);
    assert.equal(r.callables[0]?.offset, 0);
    assert.equal(r.callables[0]?.called, true);
  });

  it('STACK_GLOBAL with operands fetched from the memo (protocol 4)', async () => {
    // 'builtins' and 'eval' memoized, then fetched back with BINGET for STACK_GLOBAL.
    const p = b(
      0x80,
      4,
      su('builtins'),
      0x94,
      su('eval'),
      0x94,
      0x30,
      0x30,
      0x68,
      0,
      0x68,
      1,
      0x93,
      su('1+1'),
      0x85,
      0x52,
      0x2e,
    );
    const r = await scan(p);
    assert.equal(r.verdict, 'malicious');
    assert.deepEqual(names(r), ['builtins.eval']);
    assert.equal(r.callables[0]?.offset, p.indexOf(0x93));
  });

  it('an import whose name is computed at load time is flagged', async () => {
    // STACK_GLOBAL over the results of two calls: the names are unknown.
    const p = b(
      0x80,
      4,
      su('builtins'),
      su('str'),
      0x93,
      0x94,
      su('o'),
      0x85,
      0x52,
      0x68,
      0,
      su('x'),
      0x85,
      0x52,
      0x93,
      0x2e,
    );
    const r = await scan(p);
    assert.ok(names(r).includes('<computed>.<computed>'), names(r).join());
    assert.equal(r.verdict, 'malicious');
  });

  it('INST, OBJ, NEWOBJ and NEWOBJ_EX all mark their class as called', async () => {
    const inst = await scan(b("(S'ls'\nisubprocess\ncheck_output\n."));
    assert.deepEqual(names(inst), ['subprocess.check_output']);
    assert.equal(inst.callables[0]?.called, true);
    const obj = await scan(b('(cbuiltins\nexec\n', 0x55, 4, 'pass', 'o.'));
    assert.deepEqual(names(obj), ['builtins.exec']);
    assert.equal(obj.callables[0]?.called, true);
    const newobj = await scan(b(0x80, 2, 'ccollections\nOrderedDict\n', 0x29, 0x81, '.'));
    assert.equal(newobj.verdict, 'safe');
    assert.equal(newobj.callables[0]?.called, true);
    const ex = await scan(b(0x80, 4, su('__main__'), su('Evil'), 0x93, 0x29, 0x7d, 0x92, 0x2e));
    assert.equal(ex.verdict, 'suspicious');
    assert.equal(ex.callables[0]?.reason, 'a class defined in the saving script');
  });

  it('the picklescan bypass families are malicious', async () => {
    const cases: Array<[string, string]> = [
      ['pkgutil', 'resolve_name'],
      ['importlib', 'import_module'],
      ['timeit', 'timeit'],
      ['bdb', 'Bdb.run'],
      ['pip', 'main'],
      ['ensurepip', '_run_pip'],
      ['pydoc', 'pipepager'],
      ['pickle', 'loads'],
      ['_pickle', 'loads'],
      ['torch', 'load'],
      ['torch.storage', '_load_from_bytes'],
      ['runpy', 'run_path'],
      ['code', 'interact'],
      ['marshal', 'loads'],
      ['socket', 'create_connection'],
      ['shutil', 'rmtree'],
      ['posix', 'system'],
      ['nt', 'system'],
      ['__builtin__', 'eval'],
      ['commands', 'getoutput'],
      ['numpy.testing._private.utils', 'runstring'],
      ['operator', 'attrgetter'],
      ['venv', 'create'],
      ['profile', 'run'],
      ['pty', 'spawn'],
      ['requests', 'get'],
      ['urllib.request', 'urlopen'],
    ];
    for (const [m, n] of cases) {
      const r = await scan(b(0x80, 4, su(m), su(n), 0x93, 0x29, 0x52, 0x2e));
      assert.equal(r.verdict, 'malicious', `${m}.${n}`);
    }
  });

  it('functools.partial of a primitive is malicious itself', async () => {
    const p = b(0x80, 2, 'cfunctools\npartial\n', 'cos\nsystem\n', 0x85, 0x52, '.');
    const r = await scan(p);
    const partial = r.callables.find((c) => c.name === 'partial');
    assert.equal(partial?.verdict, 'malicious');
    assert.match(partial?.reason ?? '', /os\.system/);
  });

  it('allow-list: classes, not modules — a library helper function is suspicious', async () => {
    const est = await scan(
      b(0x80, 2, 'csklearn.linear_model._base\nLinearRegression\n', 0x29, 0x81, '.'),
    );
    assert.equal(est.verdict, 'library');
    const helper = await scan(b(0x80, 2, 'csklearn.utils\ncheck_array\n', 0x29, 0x52, '.'));
    assert.equal(helper.verdict, 'suspicious');
    const df = await scan(b(0x80, 2, 'cpandas.core.frame\nDataFrame\n', 0x29, 0x81, '.'));
    assert.equal(df.verdict, 'library');
    const reader = await scan(b(0x80, 2, 'cpandas.io.pickle\nread_pickle\n', 0x29, 0x52, '.'));
    assert.equal(reader.verdict, 'malicious');
  });

  it('several pickles in a row: a later one is scanned too', async () => {
    const r = await scan(b(0x80, 2, 'K', 1, '.', 0x80, 2, 'cos\nsystem\n', 0x29, 0x52, '.'));
    assert.equal(r.verdict, 'malicious');
    assert.equal(r.callables[0]?.offset, 7);
  });

  it('a truncated stream reports what was read and never throws', async () => {
    const full = b(0x80, 2, 'cos\nsystem\n', 0x55, 2, 'id', 0x85, 0x52, '.');
    for (let cut = 2; cut < full.length; cut++) {
      const r = await scan(full.subarray(0, cut));
      if (cut >= 14) assert.equal(r.verdict, 'malicious', `cut ${cut}`);
      if (cut < full.length - 1)
        assert.ok(
          r.notes.some((n) => /truncated|invalid|empty/.test(n)),
          `cut ${cut}: ${r.notes.join()}`,
        );
    }
  });

  it('an invalid opcode after a call: the call is still reported', async () => {
    const r = await scan(b(0x80, 2, 'cos\nsystem\n', 0x29, 0x52, 0xff));
    assert.equal(r.verdict, 'malicious');
    assert.ok(
      r.notes.some((n) => /invalid load key, 0xff/.test(n)),
      r.notes.join(),
    );
  });

  it('bounds: the opcode cap stops a huge stream with a note and verdict unsupported', async () => {
    const body = new Uint8Array(200_000).fill(0x4e); // NONE × 200,000
    const r = await scanModel(bytesSource(b(0x80, 2, body, '.')), undefined, {
      limits: { maxOpcodes: 10_000 },
    });
    assert.equal(r.verdict, 'unsupported');
    assert.ok(
      r.notes.some((n) => /more than 10000 opcodes/.test(n)),
      r.notes.join(),
    );
  });

  it('a cyclic memo (a list that contains itself) is fine', async () => {
    const r = await scan(b(0x80, 2, ']q', 0, 'h', 0, 'a.'));
    assert.equal(r.verdict, 'safe');
    assert.deepEqual(r.notes, []);
  });

  it('legacy PyTorch: magic number, protocol, sys info, the pickle, storage keys, then raw storage data', async () => {
    const magic = b(
      0x80,
      2,
      0x8a,
      10,
      Uint8Array.from([0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]),
      '.',
    );
    const proto = b(0x80, 2, 'M', 0xe9, 0x03, '.');
    const info = b(0x80, 2, '}.');
    const main = b(0x80, 2, 'ccollections\nOrderedDict\n', 0x29, 0x52, '.');
    const keys = b(0x80, 2, ']', 0x55, 1, '0', 'a.');
    const storage = new Uint8Array(4096).fill(0x63);
    const r = await scan(b(magic, proto, info, main, keys, storage));
    assert.equal(r.format, 'pytorch-legacy');
    assert.equal(r.verdict, 'safe');
    assert.ok(
      r.notes.some((n) => /4096 bytes of tensor storage data/.test(n)),
      r.notes.join(),
    );
  });
});

describe('containers', () => {
  const evil = b(0x80, 2, 'cos\nsystem\n', 0x55, 2, 'id', 0x85, 0x52, '.');
  const benign = b(0x80, 2, 'ccollections\nOrderedDict\n', 0x29, 0x52, '.');

  function zip(files: Zippable, level: 0 | 6 = 0): Uint8Array {
    return zipSync(files, { level });
  }

  it('PyTorch zip: every *.pkl member, stored or deflated, named in the callable', async () => {
    for (const level of [0, 6] as const) {
      const z = zip(
        {
          'archive/data.pkl': benign,
          'archive/extra.pkl': evil,
          'archive/version': enc.encode('3\n'),
        },
        level,
      );
      assert.equal(sniffModelFormat(z), 'pytorch-zip');
      const r = await scan(z, 'model.txt');
      assert.equal(r.format, 'pytorch-zip');
      assert.equal(r.verdict, 'malicious');
      assert.equal(r.callables.find((c) => c.name === 'system')?.member, 'archive/extra.pkl');
    }
  });

  it('a corrupt CRC and an encryption flag do not hide a member', async () => {
    const z = zip({ 'archive/data.pkl': evil });
    // Local header CRC at 14, central directory entry's CRC at cd+16; flags at 6 and cd+8.
    const cd = z.length - 22 - (46 + 'archive/data.pkl'.length);
    poke(z, 14, (x) => x ^ 0xff);
    poke(z, cd + 16, (x) => x ^ 0xff);
    poke(z, 6, (x) => x | 1);
    poke(z, cd + 8, (x) => x | 1);
    const r = await scan(z);
    assert.equal(r.verdict, 'malicious');
    assert.ok(r.notes.some((n) => /encrypted/.test(n)));
  });

  it('a missing central directory: members found by walking local headers', async () => {
    const z = zip({ 'archive/data.pkl': evil });
    const cut = z.subarray(0, z.length - 22 - (46 + 'archive/data.pkl'.length));
    const r = await scan(cut);
    assert.equal(r.verdict, 'malicious');
    assert.ok(r.notes.some((n) => /walking local headers/.test(n)));
  });

  it('an unsupported compression method is a note and verdict unsupported, never silence', async () => {
    const z = zip({ 'archive/data.pkl': benign });
    const cd = z.length - 22 - (46 + 'archive/data.pkl'.length);
    z[8] = 12;
    z[cd + 10] = 12; // bzip2
    const r = await scan(z);
    assert.equal(r.verdict, 'unsupported');
    assert.ok(r.notes.some((n) => /bzip2/.test(n)));
  });

  it('a zip bomb is cut at the inflate cap', async () => {
    // A 20 MB BINBYTES8 payload of zeros: valid pickle framing, compresses about 1000:1.
    const big = new Uint8Array(20_000_000);
    big.set(b(0x80, 4, 0x8e, 0xe0, 0x2c, 0x31, 0x01, 0, 0, 0, 0), 0);
    const z = zip({ 'archive/data.pkl': big }, 6);
    assert.ok(z.length < 200_000);
    const r = await scanModel(bytesSource(z), undefined, { maxInflated: 1_000_000 });
    assert.ok(
      r.notes.some((n) => /zip bomb/.test(n)),
      r.notes.join(),
    );
  });

  it('.npy: plain arrays are safe, object arrays carry a pickle that is scanned', async () => {
    const header = (descr: string): Uint8Array => {
      let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (2,), }`;
      while ((10 + h.length + 1) % 64 !== 0) h += ' ';
      h += '\n';
      return b(0x93, 'NUMPY', 1, 0, h.length & 0xff, h.length >> 8, h);
    };
    const plain = await scan(b(header('<f8'), new Uint8Array(16)));
    assert.equal(plain.format, 'numpy');
    assert.equal(plain.verdict, 'safe');
    const obj = await scan(b(header('|O'), evil));
    assert.equal(obj.verdict, 'malicious');
    const npz = await scan(
      zip({ 'a.npy': b(header('|O'), evil), 'b.npy': b(header('<f8'), new Uint8Array(16)) }),
    );
    assert.equal(npz.format, 'npz');
    assert.equal(npz.callables[0]?.member, 'a.npy');
  });

  it('safetensors: a valid header is safe, a lying one is unsupported with a note', async () => {
    const st = (header: object, data: number): Uint8Array => {
      const json = enc.encode(JSON.stringify(header));
      const len = new Uint8Array(8);
      new DataView(len.buffer).setUint32(0, json.length, true);
      return b(len, json, new Uint8Array(data));
    };
    const ok = await scan(st({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] } }, 16));
    assert.equal(ok.format, 'safetensors');
    assert.equal(ok.verdict, 'safe');
    const bad = await scan(st({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 64] } }, 16));
    assert.equal(bad.verdict, 'unsupported');
  });

  it('Keras: a Lambda layer is malicious, a custom object suspicious', async () => {
    const config = {
      class_name: 'Sequential',
      module: 'keras',
      config: {
        layers: [
          { class_name: 'Dense', module: 'keras.layers', config: {} },
          {
            class_name: 'Lambda',
            module: 'keras.layers',
            config: { function: { class_name: '__lambda__' } },
          },
          {
            class_name: 'MyLayer',
            module: 'mylib.layers',
            registered_name: 'Custom>MyLayer',
            config: {},
          },
        ],
      },
    };
    const z = zip({
      'metadata.json': enc.encode('{}'),
      'config.json': enc.encode(JSON.stringify(config)),
      'model.weights.h5': new Uint8Array(8),
    });
    const r = await scan(z);
    assert.equal(r.format, 'keras');
    assert.equal(r.verdict, 'malicious');
    assert.equal(r.callables.find((c) => c.module === 'mylib.layers')?.verdict, 'suspicious');
  });

  it('sniffs by content, not extension; text is not a pickle', () => {
    assert.equal(sniffModelFormat(b("cos\nsystem\n(S'id'\ntR.")), 'pickle');
    assert.equal(sniffModelFormat(enc.encode('class Foo:\n    pass\n')), undefined);
    assert.equal(sniffModelFormat(enc.encode('(hello world)\n')), undefined);
    assert.equal(sniffModelFormat(enc.encode('{"cells": []}')), undefined);
    assert.equal(sniffModelFormat(enc.encode('GGUF\x03\0\0\0')), 'gguf');
  });
});
