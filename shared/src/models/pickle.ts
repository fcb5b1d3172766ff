/**
 * A symbolic pickle machine for protocols 0–5. It walks every opcode the way CPython's
 * `pickle._Unpickler.load` does (Lib/pickle.py, opcode table in Lib/pickletools.py), keeping a
 * stack, a mark stack and a memo of *symbolic* values — it never imports, calls or builds anything.
 * What it reports: every global the stream would import (GLOBAL, STACK_GLOBAL with operands from
 * the stack or the memo, INST, EXT1/2/4), which of them it would call (REDUCE, NEWOBJ(_EX), INST,
 * OBJ), the persistent ids it would resolve, and how the stream ended. A truncated or invalid stream
 * is reported with what was read before it — the unpickler has already run those calls by then.
 *
 * Bounded: opcodes, memo entries, stack and mark depth, kept string and container sizes, and
 * wall time all have caps (`PickleLimits`); hitting one ends the walk with `ended: 'limit'`.
 */
import type { ByteStream } from './stream.js';
import { classifyGlobal, type ModelVerdict, worse } from './verdict.js';

/** One global a pickle imports, deduplicated by module and name; `offset` is the first opcode. */
export interface PickleGlobal {
  module: string;
  name: string;
  /** Stream offset of the first opcode that imports it. */
  offset: number;
  /** REDUCE / NEWOBJ / INST / OBJ apply it (not only imported). */
  called: boolean;
  count: number;
  verdict: ModelVerdict;
  reason: string;
  weightsOnly: boolean;
}

/** A persistent id (PERSID / BINPERSID) — in PyTorch checkpoints, a tensor storage reference. */
export interface PersistentRef {
  offset: number;
  /** `('storage', StorageType, key, location, numel)` as torch.save writes it. */
  storageKey?: string;
  storageType?: string;
}

export interface PickleLimits {
  maxOpcodes: number;
  maxMemo: number;
  maxStack: number;
  maxMarks: number;
  /** Longest string or bytes kept in memory; longer ones are skipped and remembered by length. */
  maxKept: number;
  /** Wall-clock budget in milliseconds for the whole walk. */
  timeBudgetMs: number;
}

export const DEFAULT_PICKLE_LIMITS: Readonly<PickleLimits> = {
  maxOpcodes: 50_000_000,
  maxMemo: 4_000_000,
  maxStack: 4_000_000,
  maxMarks: 100_000,
  maxKept: 1 << 20,
  timeBudgetMs: 20_000,
};

export type PickleEnd = 'stop' | 'eof' | 'invalid' | 'limit';

export interface PickleRun {
  /** Stream offset where the pickle started. */
  start: number;
  /** Stream offset after the last byte consumed. */
  end: number;
  ended: PickleEnd;
  /** Why it ended when not at STOP: the error, with its offset. */
  error?: string;
  errorOffset?: number;
  protocol: number;
  opcodes: number;
  /** The value STOP returned, when it is a small int or a string (legacy PyTorch magic number). */
  result?: bigint | string;
  /** Opcodes a default weights-only unpickler rejects (by name). */
  foreignOpcodes: string[];
  persistentIds: number;
  /** A nested pickle was started by a joblib array wrapper (object array). */
  nested: number;
}

/** Everything the machine collects over one or more pickles of the same file or member. */
export class PickleFindings {
  readonly globals = new Map<string, PickleGlobal>();
  readonly persistent: PersistentRef[] = [];
  readonly notes: string[] = [];
  /** Set when the stream carries joblib array data in line with the pickle. */
  joblibArrays = 0;

  add(module: string, name: string, offset: number): PickleGlobal {
    const key = `${module}\u0000${name}`;
    let g = this.globals.get(key);
    if (g === undefined) {
      const v = classifyGlobal(module, name);
      g = {
        module,
        name,
        offset,
        called: false,
        count: 0,
        verdict: v.verdict,
        reason: v.reason,
        weightsOnly: v.weightsOnly,
      };
      this.globals.set(key, g);
    }
    g.count++;
    return g;
  }

  note(text: string): void {
    if (this.notes.length < 50 && !this.notes.includes(text)) this.notes.push(text);
  }
}

// ---- symbolic values -----------------------------------------------------------------------

const ITEM_CAP = 256;

type V =
  | { k: 'none' }
  | { k: 'bool'; v: boolean }
  | { k: 'int'; v: bigint | undefined }
  | { k: 'float' }
  | { k: 'str'; v: string | undefined; n: number }
  | { k: 'bytes'; n: number }
  | { k: 'tuple'; items: V[] }
  | { k: 'list'; items: V[]; n: number }
  | { k: 'dict'; entries: Array<[V, V]>; n: number }
  | { k: 'set'; n: number }
  | { k: 'global'; g: PickleGlobal }
  | { k: 'obj'; fn: V; args: V | undefined; state?: V }
  | { k: 'pid' }
  | { k: 'buffer' }
  | { k: 'unknown' };

const NONE: V = { k: 'none' };
const UNKNOWN: V = { k: 'unknown' };

function str(v: V): string | undefined {
  return v.k === 'str' ? v.v : undefined;
}

function dictGet(v: V | undefined, key: string): V | undefined {
  if (v?.k !== 'dict') return undefined;
  for (const [k, val] of v.entries) if (k.k === 'str' && k.v === key) return val;
  return undefined;
}

/** Opcode names, for messages and the weights-only subset. */
const NAMES: Record<number, string> = {
  0x28: 'MARK',
  0x2e: 'STOP',
  0x30: 'POP',
  0x31: 'POP_MARK',
  0x32: 'DUP',
  0x46: 'FLOAT',
  0x49: 'INT',
  0x4a: 'BININT',
  0x4b: 'BININT1',
  0x4c: 'LONG',
  0x4d: 'BININT2',
  0x4e: 'NONE',
  0x50: 'PERSID',
  0x51: 'BINPERSID',
  0x52: 'REDUCE',
  0x53: 'STRING',
  0x54: 'BINSTRING',
  0x55: 'SHORT_BINSTRING',
  0x56: 'UNICODE',
  0x58: 'BINUNICODE',
  0x61: 'APPEND',
  0x62: 'BUILD',
  0x63: 'GLOBAL',
  0x64: 'DICT',
  0x7d: 'EMPTY_DICT',
  0x65: 'APPENDS',
  0x67: 'GET',
  0x68: 'BINGET',
  0x69: 'INST',
  0x6a: 'LONG_BINGET',
  0x6c: 'LIST',
  0x5d: 'EMPTY_LIST',
  0x6f: 'OBJ',
  0x70: 'PUT',
  0x71: 'BINPUT',
  0x72: 'LONG_BINPUT',
  0x73: 'SETITEM',
  0x74: 'TUPLE',
  0x29: 'EMPTY_TUPLE',
  0x75: 'SETITEMS',
  0x47: 'BINFLOAT',
  0x80: 'PROTO',
  0x81: 'NEWOBJ',
  0x82: 'EXT1',
  0x83: 'EXT2',
  0x84: 'EXT4',
  0x85: 'TUPLE1',
  0x86: 'TUPLE2',
  0x87: 'TUPLE3',
  0x88: 'NEWTRUE',
  0x89: 'NEWFALSE',
  0x8a: 'LONG1',
  0x8b: 'LONG4',
  0x42: 'BINBYTES',
  0x43: 'SHORT_BINBYTES',
  0x8c: 'SHORT_BINUNICODE',
  0x8d: 'BINUNICODE8',
  0x8e: 'BINBYTES8',
  0x8f: 'EMPTY_SET',
  0x90: 'ADDITEMS',
  0x91: 'FROZENSET',
  0x92: 'NEWOBJ_EX',
  0x93: 'STACK_GLOBAL',
  0x94: 'MEMOIZE',
  0x95: 'FRAME',
  0x96: 'BYTEARRAY8',
  0x97: 'NEXT_BUFFER',
  0x98: 'READONLY_BUFFER',
};

/** The opcodes torch's `_weights_only_unpickler.Unpickler.load` handles (torch 2.6). */
const WEIGHTS_ONLY_OPCODES = new Set<number>([
  0x63, 0x81, 0x52, 0x62, 0x61, 0x65, 0x73, 0x75, 0x28, 0x74, 0x85, 0x86, 0x87, 0x4e, 0x89, 0x88,
  0x29, 0x5d, 0x7d, 0x8f, 0x4a, 0x4b, 0x4d, 0x47, 0x58, 0x8d, 0x55, 0x51, 0x68, 0x6a, 0x71, 0x72,
  0x8a, 0x42, 0x43, 0x90, 0x80, 0x2e,
]);

/** `opcode` is a byte a pickle may start with (a valid opcode). */
export function isOpcode(b: number): boolean {
  return NAMES[b] !== undefined;
}

class Invalid extends Error {}
class Limit extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new Invalid('string is not valid UTF-8');
  }
}

/** Reads little-endian unsigned integers of 1–8 bytes (8-byte values as exact-or-infinite numbers). */
function le(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.length - 1; i >= 0; i--) n = n * 256 + (bytes[i] ?? 0);
  return n;
}

/** Two's-complement little-endian integer of any length (LONG1/LONG4), as a bigint. */
function leSigned(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0);
  if (((bytes[bytes.length - 1] ?? 0) & 0x80) !== 0) n -= 1n << BigInt(bytes.length * 8);
  return n;
}

export interface PickleOptions {
  limits?: Partial<PickleLimits>;
  /** Called when a joblib `NumpyArrayWrapper` is built: the array bytes follow in the stream. */
  joblib?: boolean;
  /** Absolute deadline shared by every pickle of one scan (ms since epoch). */
  deadline?: number;
}

/**
 * Walks one pickle from the stream's current position to its STOP (or to where it breaks).
 * Never throws for bad input: the reason is in the result.
 */
export async function runPickle(
  stream: ByteStream,
  findings: PickleFindings,
  options: PickleOptions = {},
): Promise<PickleRun> {
  const machine = new Machine(stream, findings, options);
  return machine.run();
}

class Machine {
  private stack: V[] = [];
  private readonly marks: V[][] = [];
  private readonly memo = new Map<number, V>();
  private readonly limits: PickleLimits;
  private readonly deadline: number;
  private readonly foreign = new Set<string>();
  private protocol = 0;
  private opcodes = 0;
  private persistentIds = 0;
  private nested = 0;
  private opOffset = 0;

  constructor(
    private readonly s: ByteStream,
    private readonly f: PickleFindings,
    private readonly options: PickleOptions,
  ) {
    this.limits = { ...DEFAULT_PICKLE_LIMITS, ...options.limits };
    this.deadline = options.deadline ?? Date.now() + this.limits.timeBudgetMs;
  }

  async run(): Promise<PickleRun> {
    const start = this.s.offset;
    let ended: PickleEnd = 'eof';
    let error: string | undefined;
    let errorOffset: number | undefined;
    let result: bigint | string | undefined;
    try {
      const top = await this.loop();
      if (top === undefined) {
        ended = 'eof';
        error = 'the stream ends before STOP (truncated)';
        errorOffset = this.s.offset;
      } else {
        ended = 'stop';
        if (top.k === 'int') result = top.v;
        else if (top.k === 'str') result = top.v;
      }
    } catch (e) {
      errorOffset = this.opOffset;
      if (e instanceof Limit) {
        ended = 'limit';
        error = e.message;
      } else if (e instanceof Invalid) {
        ended = 'invalid';
        error = e.message;
      } else {
        ended = 'invalid';
        error = e instanceof Error ? e.message : String(e);
      }
    }
    return {
      start,
      end: this.s.offset,
      ended,
      ...(error !== undefined ? { error, errorOffset } : {}),
      protocol: this.protocol,
      opcodes: this.opcodes,
      ...(result !== undefined ? { result } : {}),
      foreignOpcodes: [...this.foreign],
      persistentIds: this.persistentIds,
      nested: this.nested,
    };
  }

  // ---- reading ----------------------------------------------------------------------------

  private async need(n: number): Promise<Uint8Array> {
    if (this.s.available < n && !(await this.s.ensure(n))) throw new Invalid('truncated');
    return this.s.take(n);
  }

  private async u(n: number): Promise<number> {
    return le(await this.need(n));
  }

  /** A length-prefixed payload: kept when small, skipped (length only) when large. */
  private async payload(n: number): Promise<Uint8Array | undefined> {
    if (!Number.isFinite(n) || n < 0) throw new Invalid('bad length');
    if (n <= this.limits.maxKept) return (await this.need(n)).slice();
    const skipped = await this.s.skip(n);
    if (skipped < n) throw new Invalid('truncated');
    return undefined;
  }

  /** A newline-terminated argument (protocol 0); the newline is consumed, not returned. */
  private async line(): Promise<Uint8Array> {
    const cap = 1 << 16;
    for (;;) {
      const at = this.s.indexOf(0x0a, cap + 1);
      if (at >= 0) {
        const out = this.s.take(at + 1);
        return out.subarray(0, at).slice();
      }
      if (this.s.available > cap) throw new Invalid('line argument longer than 64 KiB');
      const before = this.s.available;
      if (!(await this.s.ensure(before + 1))) throw new Invalid('truncated');
    }
  }

  private strValue(bytes: Uint8Array | undefined, n: number, decode: (b: Uint8Array) => string): V {
    if (bytes === undefined) return { k: 'str', v: undefined, n };
    return { k: 'str', v: decode(bytes), n };
  }

  // ---- stack ------------------------------------------------------------------------------

  private push(v: V): void {
    if (this.stack.length >= this.limits.maxStack)
      throw new Limit(`stack deeper than ${this.limits.maxStack}`);
    this.stack.push(v);
  }

  private pop(): V {
    const v = this.stack.pop();
    if (v === undefined) throw new Invalid('unpickling stack underflow');
    return v;
  }

  private top(): V {
    const v = this.stack[this.stack.length - 1];
    if (v === undefined) throw new Invalid('unpickling stack underflow');
    return v;
  }

  private popMark(): V[] {
    const items = this.stack;
    const prev = this.marks.pop();
    if (prev === undefined) throw new Invalid('could not find MARK');
    this.stack = prev;
    return items;
  }

  private put(index: number, v: V): void {
    if (!this.memo.has(index) && this.memo.size >= this.limits.maxMemo) {
      throw new Limit(`memo larger than ${this.limits.maxMemo} entries`);
    }
    this.memo.set(index, v);
  }

  private get(index: number): V {
    const v = this.memo.get(index);
    if (v === undefined) throw new Invalid(`memo key ${index} not found`);
    return v;
  }

  private global(module: string, name: string): V {
    return { k: 'global', g: this.f.add(module, name, this.opOffset) };
  }

  /** Marks `fn` as called and returns the symbolic result. */
  private call(fn: V, args: V | undefined): V {
    if (fn.k === 'global') {
      fn.g.called = true;
      this.escalatePartial(fn.g, args);
    }
    return { k: 'obj', fn, args };
  }

  /** `functools.partial(os.system, …)` is as bad as what it wraps; say so on the partial. */
  private escalatePartial(g: PickleGlobal, args: V | undefined): void {
    if (g.module !== 'functools' && g.module !== '_functools') return;
    const first = args?.k === 'tuple' ? args.items[0] : undefined;
    if (first?.k === 'global' && first.g.verdict === 'malicious') {
      g.verdict = worse(g.verdict, 'malicious');
      g.reason = `wraps ${first.g.module}.${first.g.name}`;
    }
  }

  private append(list: V, items: V[]): void {
    if (list.k === 'list') {
      for (const it of items) if (list.items.length < ITEM_CAP) list.items.push(it);
      list.n += items.length;
    } else if (list.k === 'set') {
      list.n += items.length;
    }
    // APPEND(S) on an object calls its `append`/`extend` method: the object came from a call
    // already recorded, so nothing new is imported here.
  }

  private setItems(dict: V, items: V[]): void {
    if (items.length % 2 !== 0) throw new Invalid('odd number of items for SETITEMS');
    if (dict.k !== 'dict') return;
    for (let i = 0; i + 1 < items.length; i += 2) {
      if (dict.entries.length < ITEM_CAP)
        dict.entries.push([items[i] ?? UNKNOWN, items[i + 1] ?? UNKNOWN]);
    }
    dict.n += items.length / 2;
  }

  // ---- the loop ---------------------------------------------------------------------------

  /** Runs opcodes until STOP (returns the top value) or the end of the stream (undefined). */
  private async loop(): Promise<V | undefined> {
    const s = this.s;
    for (;;) {
      if (s.available < 16) await s.ensure(16);
      if (s.available === 0) return undefined;
      this.opOffset = s.offset;
      const op = s.byte();
      if (++this.opcodes > this.limits.maxOpcodes)
        throw new Limit(`more than ${this.limits.maxOpcodes} opcodes`);
      if ((this.opcodes & 0x3ff) === 0 && Date.now() > this.deadline)
        throw new Limit('time budget exhausted');
      if (!WEIGHTS_ONLY_OPCODES.has(op)) {
        const name = NAMES[op];
        if (name !== undefined && this.foreign.size < 64) this.foreign.add(name);
      }
      switch (op) {
        case 0x80: {
          // PROTO
          const p = await this.u(1);
          if (p > 5) throw new Invalid(`unsupported pickle protocol: ${p}`);
          this.protocol = p;
          break;
        }
        case 0x95: {
          // FRAME: an 8-byte length; the frame's opcodes follow unchanged.
          await this.u(8);
          break;
        }
        case 0x2e: // STOP
          return this.pop();
        case 0x28: // MARK
          if (this.marks.length >= this.limits.maxMarks)
            throw new Limit(`more than ${this.limits.maxMarks} nested MARKs`);
          this.marks.push(this.stack);
          this.stack = [];
          break;
        case 0x30: // POP
          if (this.stack.length > 0) this.stack.pop();
          else this.popMark();
          break;
        case 0x31: // POP_MARK
          this.popMark();
          break;
        case 0x32: // DUP
          this.push(this.top());
          break;
        // -- scalars
        case 0x4e: // NONE
          this.push(NONE);
          break;
        case 0x88: // NEWTRUE
          this.push({ k: 'bool', v: true });
          break;
        case 0x89: // NEWFALSE
          this.push({ k: 'bool', v: false });
          break;
        case 0x4a: {
          // BININT: signed 4 bytes
          const b = await this.need(4);
          this.push({ k: 'int', v: leSigned(b) });
          break;
        }
        case 0x4b: // BININT1
          this.push({ k: 'int', v: BigInt(await this.u(1)) });
          break;
        case 0x4d: // BININT2
          this.push({ k: 'int', v: BigInt(await this.u(2)) });
          break;
        case 0x8a: {
          // LONG1
          const n = await this.u(1);
          this.push({ k: 'int', v: leSigned(await this.need(n)) });
          break;
        }
        case 0x8b: {
          // LONG4
          const n = await this.u(4);
          if (n > 0x7fffffff) throw new Invalid('LONG pickle has negative byte count');
          const b = await this.payload(n);
          this.push({ k: 'int', v: b !== undefined && b.length <= 64 ? leSigned(b) : undefined });
          break;
        }
        case 0x49: {
          // INT (text): "01" / "00" are True / False in protocol 0
          const text = latin1.decode(await this.line());
          if (text === '01' || text === '00') this.push({ k: 'bool', v: text === '01' });
          else this.push({ k: 'int', v: parseIntText(text) });
          break;
        }
        case 0x4c: {
          // LONG (text), optional trailing L
          const text = latin1.decode(await this.line());
          this.push({ k: 'int', v: parseIntText(text.endsWith('L') ? text.slice(0, -1) : text) });
          break;
        }
        case 0x46: // FLOAT (text)
          await this.line();
          this.push({ k: 'float' });
          break;
        case 0x47: // BINFLOAT
          await this.need(8);
          this.push({ k: 'float' });
          break;
        // -- strings and bytes
        case 0x53: {
          // STRING: a quoted Python 2 str literal
          const b = await this.line();
          const q = b[0];
          if (b.length < 2 || (q !== 0x27 && q !== 0x22) || b[b.length - 1] !== q) {
            throw new Invalid('the STRING opcode argument must be quoted');
          }
          this.push({
            k: 'str',
            v: unescapePy(latin1.decode(b.subarray(1, b.length - 1))),
            n: b.length - 2,
          });
          break;
        }
        case 0x54: {
          // BINSTRING: signed 4-byte length
          const n = await this.u(4);
          if (n > 0x7fffffff) throw new Invalid('BINSTRING pickle has negative byte count');
          this.push(this.strValue(await this.payload(n), n, (x) => latin1.decode(x)));
          break;
        }
        case 0x55: {
          // SHORT_BINSTRING
          const n = await this.u(1);
          this.push(this.strValue(await this.payload(n), n, (x) => latin1.decode(x)));
          break;
        }
        case 0x56: {
          // UNICODE: raw-unicode-escape text
          const b = await this.line();
          this.push({ k: 'str', v: rawUnicodeEscape(latin1.decode(b)), n: b.length });
          break;
        }
        case 0x58: {
          // BINUNICODE
          const n = await this.u(4);
          this.push(this.strValue(await this.payload(n), n, decodeUtf8));
          break;
        }
        case 0x8c: {
          // SHORT_BINUNICODE
          const n = await this.u(1);
          this.push(this.strValue(await this.payload(n), n, decodeUtf8));
          break;
        }
        case 0x8d: {
          // BINUNICODE8
          const n = await this.u(8);
          this.push(this.strValue(await this.payload(n), n, decodeUtf8));
          break;
        }
        case 0x42: {
          // BINBYTES
          const n = await this.u(4);
          await this.payload(n);
          this.push({ k: 'bytes', n });
          break;
        }
        case 0x43: {
          // SHORT_BINBYTES
          const n = await this.u(1);
          await this.payload(n);
          this.push({ k: 'bytes', n });
          break;
        }
        case 0x8e: // BINBYTES8
        case 0x96: {
          // BYTEARRAY8
          const n = await this.u(8);
          await this.payload(n);
          this.push({ k: 'bytes', n });
          break;
        }
        case 0x97: // NEXT_BUFFER: out-of-band data the caller must supply
          this.f.note('uses out-of-band buffers (protocol 5 NEXT_BUFFER)');
          this.push({ k: 'buffer' });
          break;
        case 0x98: // READONLY_BUFFER
          this.top();
          break;
        // -- containers
        case 0x29: // EMPTY_TUPLE
          this.push({ k: 'tuple', items: [] });
          break;
        case 0x74: {
          // TUPLE
          const items = this.popMark();
          this.push({
            k: 'tuple',
            items: items.length <= ITEM_CAP ? items : items.slice(0, ITEM_CAP),
          });
          break;
        }
        case 0x85: // TUPLE1
          this.push({ k: 'tuple', items: [this.pop()] });
          break;
        case 0x86: {
          // TUPLE2
          const b = this.pop();
          const a = this.pop();
          this.push({ k: 'tuple', items: [a, b] });
          break;
        }
        case 0x87: {
          // TUPLE3
          const c = this.pop();
          const b = this.pop();
          const a = this.pop();
          this.push({ k: 'tuple', items: [a, b, c] });
          break;
        }
        case 0x5d: // EMPTY_LIST
          this.push({ k: 'list', items: [], n: 0 });
          break;
        case 0x6c: {
          // LIST
          const items = this.popMark();
          this.push({ k: 'list', items: items.slice(0, ITEM_CAP), n: items.length });
          break;
        }
        case 0x7d: // EMPTY_DICT
          this.push({ k: 'dict', entries: [], n: 0 });
          break;
        case 0x64: {
          // DICT
          const items = this.popMark();
          const d: V = { k: 'dict', entries: [], n: 0 };
          this.setItems(d, items);
          this.push(d);
          break;
        }
        case 0x8f: // EMPTY_SET
          this.push({ k: 'set', n: 0 });
          break;
        case 0x91: {
          // FROZENSET
          const items = this.popMark();
          this.push({ k: 'set', n: items.length });
          break;
        }
        case 0x61: {
          // APPEND
          const v = this.pop();
          this.append(this.top(), [v]);
          break;
        }
        case 0x65: {
          // APPENDS
          const items = this.popMark();
          this.append(this.top(), items);
          break;
        }
        case 0x90: {
          // ADDITEMS
          const items = this.popMark();
          this.append(this.top(), items);
          break;
        }
        case 0x73: {
          // SETITEM
          const v = this.pop();
          const k = this.pop();
          this.setItems(this.top(), [k, v]);
          break;
        }
        case 0x75: {
          // SETITEMS
          const items = this.popMark();
          this.setItems(this.top(), items);
          break;
        }
        // -- memo
        case 0x67: // GET (text)
          this.push(this.get(memoIndexText(await this.line())));
          break;
        case 0x68: // BINGET
          this.push(this.get(await this.u(1)));
          break;
        case 0x6a: // LONG_BINGET
          this.push(this.get(await this.u(4)));
          break;
        case 0x70: {
          // PUT (text)
          const i = memoIndexText(await this.line());
          this.put(i, this.top());
          break;
        }
        case 0x71: // BINPUT
          this.put(await this.u(1), this.top());
          break;
        case 0x72: {
          // LONG_BINPUT
          const i = await this.u(4);
          if (i > 0x7fffffff) throw new Invalid('negative LONG_BINPUT argument');
          this.put(i, this.top());
          break;
        }
        case 0x94: // MEMOIZE
          this.put(this.memo.size, this.top());
          break;
        // -- imports and calls
        case 0x63: {
          // GLOBAL: module\nname\n
          const module = decodeUtf8(await this.line());
          const name = decodeUtf8(await this.line());
          this.push(this.global(module, name));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL: module and name from the stack (each may come from the memo)
          const nameV = this.pop();
          const moduleV = this.pop();
          const module = str(moduleV);
          const name = str(nameV);
          if (module === undefined || name === undefined) {
            this.f.note(
              `STACK_GLOBAL at offset ${this.opOffset} imports a name computed at load time`,
            );
            const v = this.global(module ?? '<computed>', name ?? '<computed>');
            if (v.k === 'global') {
              v.g.verdict = 'malicious';
              v.g.reason = 'imports a name computed at load time';
            }
            this.push(v);
          } else {
            this.push(this.global(module, name));
          }
          break;
        }
        case 0x69: {
          // INST: module\nname\n, then calls the class with the marked items
          const module = decodeUtf8(await this.line());
          const name = decodeUtf8(await this.line());
          const args = this.popMark();
          const cls = this.global(module, name);
          this.push(this.call(cls, { k: 'tuple', items: args.slice(0, ITEM_CAP) }));
          break;
        }
        case 0x6f: {
          // OBJ: class and args after the mark
          const items = this.popMark();
          const cls = items[0];
          if (cls === undefined) throw new Invalid('OBJ without a class');
          this.push(this.call(cls, { k: 'tuple', items: items.slice(1, ITEM_CAP) }));
          break;
        }
        case 0x82: // EXT1
        case 0x83: // EXT2
        case 0x84: {
          // EXT4: a code in copyreg's extension registry (empty unless the loader registers one)
          const code = await this.u(op === 0x82 ? 1 : op === 0x83 ? 2 : 4);
          if (code === 0) throw new Invalid('EXT specifies code <= 0');
          this.f.note(`EXT opcode at offset ${this.opOffset} names extension code ${code}`);
          this.push(this.global('copyreg._extension_registry', `code ${code}`));
          break;
        }
        case 0x52: {
          // REDUCE
          const args = this.pop();
          const fn = this.pop();
          this.push(this.call(fn, args));
          break;
        }
        case 0x81: {
          // NEWOBJ: cls.__new__(cls, *args)
          const args = this.pop();
          const cls = this.pop();
          this.push(this.call(cls, args));
          break;
        }
        case 0x92: {
          // NEWOBJ_EX
          this.pop(); // kwargs
          const args = this.pop();
          const cls = this.pop();
          this.push(this.call(cls, args));
          break;
        }
        case 0x62: {
          // BUILD: inst.__setstate__(state) or attribute updates
          const state = this.pop();
          const inst = this.top();
          await this.build(inst, state);
          break;
        }
        case 0x50: {
          // PERSID (text)
          await this.line();
          this.persistent(UNKNOWN);
          break;
        }
        case 0x51: // BINPERSID
          this.persistent(this.pop());
          break;
        default:
          throw new Invalid(`invalid load key, 0x${op.toString(16).padStart(2, '0')}`);
      }
    }
  }

  private persistent(pid: V): void {
    this.persistentIds++;
    const ref: PersistentRef = { offset: this.opOffset };
    if (pid.k === 'tuple' && str(pid.items[0] ?? UNKNOWN) === 'storage') {
      const type = pid.items[1];
      const key = str(pid.items[2] ?? UNKNOWN);
      if (key !== undefined) ref.storageKey = key;
      if (type?.k === 'global') ref.storageType = `${type.g.module}.${type.g.name}`;
    }
    if (this.f.persistent.length < 100_000) this.f.persistent.push(ref);
    this.push({ k: 'pid' });
  }

  private async build(inst: V, state: V): Promise<void> {
    if (inst.k === 'global') {
      // BUILD on a class or function sets attributes on it — not what data does.
      this.f.note(
        `BUILD at offset ${this.opOffset} sets attributes on ${inst.g.module}.${inst.g.name}`,
      );
      inst.g.verdict = worse(inst.g.verdict, 'suspicious');
      return;
    }
    if (inst.k !== 'obj') return;
    inst.state = state;
    if (this.options.joblib !== true || inst.fn.k !== 'global') return;
    const g = inst.fn.g;
    if (g.name === 'NumpyArrayWrapper' && g.module.endsWith('numpy_pickle'))
      await this.joblibArray(state);
  }

  /**
   * joblib writes each numpy array's bytes right after its `NumpyArrayWrapper` (joblib
   * numpy_pickle.py `NumpyArrayWrapper.write_array`): object arrays as a nested pickle, others as
   * an optional alignment pad (when `allow_mmap`) and `prod(shape) * itemsize` raw bytes.
   */
  private async joblibArray(state: V): Promise<void> {
    this.f.joblibArrays++;
    const dtype = dictGet(state, 'dtype');
    const shape = dictGet(state, 'shape');
    const descr =
      dtype?.k === 'obj' && dtype.args?.k === 'tuple'
        ? str(dtype.args.items[0] ?? UNKNOWN)
        : undefined;
    if (descr === undefined) throw new Invalid('joblib array wrapper without a readable dtype');
    if (descr === 'O' || descr === '|O' || descr.endsWith('O8') || descr === 'O8') {
      this.nested++;
      const inner = await runPickle(this.s, this.f, { ...this.options, deadline: this.deadline });
      if (inner.ended !== 'stop')
        throw new Invalid(`object array pickle: ${inner.error ?? inner.ended}`);
      return;
    }
    const itemsize = dtypeItemSize(descr);
    if (itemsize === undefined) throw new Invalid(`joblib array of dtype ${descr}: size unknown`);
    let count = 1;
    if (shape?.k === 'tuple') {
      for (const d of shape.items) {
        if (d.k !== 'int' || d.v === undefined || d.v < 0n)
          throw new Invalid('joblib array shape unreadable');
        count *= Number(d.v);
      }
    }
    const mmap = dictGet(state, 'allow_mmap');
    if (mmap?.k === 'bool' && mmap.v) {
      const pad = await this.u(1);
      if (pad > 0) await this.need(pad);
    }
    const bytes = count * itemsize;
    if (!Number.isSafeInteger(bytes)) throw new Invalid('joblib array too large');
    if ((await this.s.skip(bytes)) < bytes) throw new Invalid('joblib array data truncated');
  }
}

/** numpy dtype item size from a descr such as '<f8', 'i4', '|b1', '<U10', 'S5', 'V16'. */
export function dtypeItemSize(descr: string): number | undefined {
  let d = descr;
  if (d.length > 0 && '<>|=!'.includes(d[0] ?? '')) d = d.slice(1);
  const kind = d[0];
  const num = d.slice(1);
  if (kind === undefined || !/^\d{1,9}$/.test(num)) {
    const named: Record<string, number> = {
      bool: 1,
      int8: 1,
      uint8: 1,
      int16: 2,
      uint16: 2,
      int32: 4,
      uint32: 4,
      int64: 8,
      uint64: 8,
      float16: 2,
      float32: 4,
      float64: 8,
      complex64: 8,
      complex128: 16,
    };
    return named[d];
  }
  const n = Number(num);
  if ('biufcmMV?'.includes(kind)) return kind === 'V' || kind === '?' ? n : n;
  if (kind === 'S' || kind === 'a') return n;
  if (kind === 'U') return n * 4;
  return undefined;
}

function parseIntText(text: string): bigint | undefined {
  const t = text.trim();
  if (!/^[+-]?\d{1,4000}$/.test(t)) throw new Invalid('invalid literal for int()');
  return t.length <= 40 ? BigInt(t) : undefined;
}

function memoIndexText(bytes: Uint8Array): number {
  const t = latin1.decode(bytes);
  if (!/^\d{1,15}$/.test(t)) throw new Invalid('invalid memo key');
  return Number(t);
}

/** Undoes Python's str repr escapes (enough for module and name strings). */
function unescapePy(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i] ?? '';
    if (n === 'n') out += '\n';
    else if (n === 't') out += '\t';
    else if (n === 'r') out += '\r';
    else if (n === 'x' && i + 2 < s.length + 1) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16) || 0);
      i += 2;
    } else out += n;
  }
  return out;
}

/** raw-unicode-escape: only \\uXXXX and \\UXXXXXXXX are escapes. */
function rawUnicodeEscape(s: string): string {
  if (!s.includes('\\u') && !s.includes('\\U')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '\\' && (s[i + 1] === 'u' || s[i + 1] === 'U')) {
      const len = s[i + 1] === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + len);
      const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
      if (!Number.isNaN(cp) && cp <= 0x10ffff) {
        out += String.fromCodePoint(cp);
        i += 1 + len;
        continue;
      }
    }
    out += c;
  }
  return out;
}
