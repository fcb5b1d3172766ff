/**
 * The non-pickle containers: `.npy` headers (numpy/lib/format.py), safetensors headers
 * (huggingface/safetensors, "Format" in its README), GGUF headers (ggml docs/gguf.md) and Keras v3
 * `config.json` (keras/src/saving/serialization_lib.py). Each validates its header with bounds and
 * reports what it found; none reads tensor data.
 */
import { parsePyLiteral, type PyValue } from './pyliteral.js';
import type { ByteStream } from './stream.js';
import { classifyGlobal, type ModelVerdict } from './verdict.js';

/** A callable-like finding outside pickles (a Keras Lambda layer, a custom object, a template). */
export interface ContainerFinding {
  module: string;
  name: string;
  offset: number;
  verdict: ModelVerdict;
  reason: string;
}

// ---- .npy ------------------------------------------------------------------------------------

export interface NpyHeader {
  /** Bytes from the start of the .npy data to the first array byte. */
  dataOffset: number;
  hasObjects: boolean;
  /** prod(shape) * itemsize for plain dtypes; undefined when unknown. */
  dataLength?: number;
  error?: string;
}

function descrHasObject(d: PyValue | undefined, depth = 0): boolean {
  if (depth > 16 || d === undefined || d === null) return false;
  if (typeof d === 'string') return /^[<>|=]?O\d?$/.test(d);
  if (Array.isArray(d)) {
    // A structured dtype: [(name, dtype[, shape]), …]; the dtype is the second item.
    return d.some((field) => Array.isArray(field) && descrHasObject(field[1], depth + 1));
  }
  return false;
}

/** Reads a `.npy` header from the stream (positioned at the magic). */
export async function readNpyHeader(s: ByteStream): Promise<NpyHeader> {
  if (!(await s.ensure(10)))
    return { dataOffset: 0, hasObjects: false, error: 'truncated .npy header' };
  const head = s.take(10).slice();
  const major = head[6] ?? 0;
  let headerLength: number;
  let prefix: number;
  if (major === 1) {
    headerLength = (head[8] ?? 0) | ((head[9] ?? 0) << 8);
    prefix = 10;
  } else if (major === 2 || major === 3) {
    if (!(await s.ensure(2)))
      return { dataOffset: 0, hasObjects: false, error: 'truncated .npy header' };
    const more = s.take(2);
    headerLength =
      ((head[8] ?? 0) | ((head[9] ?? 0) << 8) | ((more[0] ?? 0) << 16) | ((more[1] ?? 0) << 24)) >>>
      0;
    prefix = 12;
  } else {
    return { dataOffset: 0, hasObjects: false, error: `unknown .npy format version ${major}` };
  }
  if (headerLength > 1 << 20 || !(await s.ensure(headerLength))) {
    return { dataOffset: prefix, hasObjects: false, error: 'truncated or oversized .npy header' };
  }
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(s.take(headerLength));
  const parsed = parsePyLiteral(text.trim());
  if (!(parsed instanceof Map))
    return {
      dataOffset: prefix + headerLength,
      hasObjects: false,
      error: 'unreadable .npy header',
    };
  const descr = parsed.get('descr');
  const hasObjects = descrHasObject(descr);
  const out: NpyHeader = { dataOffset: prefix + headerLength, hasObjects };
  const shape = parsed.get('shape');
  if (typeof descr === 'string' && Array.isArray(shape) && !hasObjects) {
    const size = itemSize(descr);
    let count = 1;
    for (const d of shape) count *= typeof d === 'bigint' ? Number(d) : NaN;
    if (size !== undefined && Number.isSafeInteger(count * size)) out.dataLength = count * size;
  }
  return out;
}

function itemSize(descr: string): number | undefined {
  const m = /^[<>|=]?([biufcSUVmM?])(\d{1,9})$/.exec(descr);
  if (m === null) return undefined;
  const n = Number(m[2]);
  return m[1] === 'U' ? n * 4 : n;
}

// ---- safetensors -----------------------------------------------------------------------------

const SAFETENSORS_DTYPES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E8M0: 1,
  E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
  C64: 8,
  F4: 0,
  F6_E2M3: 0,
  F6_E3M2: 0,
};

/** Validates a safetensors header; returns problems (empty when the header is valid). */
export function validateSafetensors(headerBytes: Uint8Array, dataLength: number): string[] {
  const problems: string[] = [];
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch {
    return ['header is not valid UTF-8 JSON'];
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return ['header is not a JSON object'];
  const ranges: Array<[number, number]> = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (problems.length > 10) break;
    if (name === '__metadata__') {
      if (
        typeof entry !== 'object' ||
        entry === null ||
        Object.values(entry).some((v) => typeof v !== 'string')
      ) {
        problems.push('__metadata__ must map strings to strings');
      }
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const size = typeof e.dtype === 'string' ? SAFETENSORS_DTYPES[e.dtype] : undefined;
    if (size === undefined) {
      problems.push(`tensor ${JSON.stringify(name.slice(0, 80))}: unknown dtype`);
      continue;
    }
    const shape = e.shape;
    const offsets = e.data_offsets;
    if (
      !Array.isArray(shape) ||
      !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)
    ) {
      problems.push(`tensor ${JSON.stringify(name.slice(0, 80))}: bad shape`);
      continue;
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((d) => Number.isSafeInteger(d) && (d as number) >= 0) ||
      (offsets[0] as number) > (offsets[1] as number) ||
      (offsets[1] as number) > dataLength
    ) {
      problems.push(`tensor ${JSON.stringify(name.slice(0, 80))}: data offsets outside the file`);
      continue;
    }
    const [begin, end] = offsets as [number, number];
    const count = shape.reduce((a: number, d: number) => a * d, 1);
    if (size > 0 && count * size !== end - begin) {
      problems.push(`tensor ${JSON.stringify(name.slice(0, 80))}: shape and byte range disagree`);
    }
    ranges.push([begin, end]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if ((ranges[i]?.[0] ?? 0) < (ranges[i - 1]?.[1] ?? 0)) {
      problems.push('tensor byte ranges overlap');
      break;
    }
  }
  return problems;
}

// ---- GGUF ------------------------------------------------------------------------------------

/** Template markers that reach Python internals from Jinja (CVE-2024-34359 in llama-cpp-python). */
const TEMPLATE_ESCAPES = [
  '__class__',
  '__globals__',
  '__subclasses__',
  '__builtins__',
  '__import__',
  '__mro__',
  '__base__',
  '__init__',
  'popen',
  'os.system',
];

export interface GgufResult {
  version: number;
  tensors: number;
  problems: string[];
  findings: ContainerFinding[];
}

/** Reads a GGUF header (magic, version, counts, every metadata key-value) with bounds. */
export async function readGguf(s: ByteStream, fileSize: number): Promise<GgufResult> {
  const out: GgufResult = { version: 0, tensors: 0, problems: [], findings: [] };
  const num = async (n: number): Promise<number> => {
    if (!(await s.ensure(n))) throw new Error('truncated');
    const b = s.take(n);
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + (b[i] ?? 0);
    return v;
  };
  const string = async (keep: number): Promise<string | undefined> => {
    const n = await num(8);
    if (n > fileSize) throw new Error('string longer than the file');
    if (n <= keep) {
      if (!(await s.ensure(n))) throw new Error('truncated');
      return new TextDecoder('utf-8').decode(s.take(n));
    }
    if ((await s.skip(n)) < n) throw new Error('truncated');
    return undefined;
  };
  const SIZES: Record<number, number> = {
    0: 1,
    1: 1,
    2: 2,
    3: 2,
    4: 4,
    5: 4,
    6: 4,
    7: 1,
    10: 8,
    11: 8,
    12: 8,
  };
  const skipValue = async (
    type: number,
    depth: number,
    keep: number,
  ): Promise<string | undefined> => {
    if (type === 8) return string(keep);
    if (type === 9) {
      if (depth > 2) throw new Error('nested arrays too deep');
      const inner = await num(4);
      const count = await num(8);
      if (count > fileSize) throw new Error('array longer than the file');
      const fixed = SIZES[inner];
      if (fixed !== undefined) {
        if ((await s.skip(count * fixed)) < count * fixed) throw new Error('truncated');
        return undefined;
      }
      for (let i = 0; i < count; i++) await skipValue(inner, depth + 1, 0);
      return undefined;
    }
    const size = SIZES[type];
    if (size === undefined) throw new Error(`unknown value type ${type}`);
    await num(size);
    return undefined;
  };
  try {
    await num(4); // magic, checked by the sniffer
    out.version = await num(4);
    if (out.version < 1 || out.version > 3)
      out.problems.push(`unknown GGUF version ${out.version}`);
    const wide = out.version >= 2;
    out.tensors = wide ? await num(8) : await num(4);
    const kvCount = wide ? await num(8) : await num(4);
    if (kvCount > 1_000_000 || out.tensors > 10_000_000) throw new Error('implausible counts');
    for (let i = 0; i < kvCount; i++) {
      const offset = s.offset;
      const key = (await string(1024)) ?? '';
      const type = await num(4);
      const text = await skipValue(type, 0, key.endsWith('chat_template') ? 1 << 20 : 0);
      if (text !== undefined && key.endsWith('chat_template')) {
        const hit = TEMPLATE_ESCAPES.find((m) => text.includes(m));
        if (hit !== undefined) {
          out.findings.push({
            module: 'gguf',
            name: key,
            offset,
            verdict: 'malicious',
            reason: `its Jinja template reaches Python internals (${hit}; CVE-2024-34359)`,
          });
        }
      }
    }
  } catch (e) {
    out.problems.push(`header: ${e instanceof Error ? e.message : String(e)}`);
  }
  return out;
}

// ---- Keras v3 config.json --------------------------------------------------------------------

/** Modules Keras' own objects live in. */
const KERAS_MODULES = [
  'keras',
  'keras_hub',
  'keras_nlp',
  'keras_cv',
  'tensorflow.keras',
  'tf_keras',
];

/** Finds Lambda layers, functions and custom objects in a Keras v3 `config.json`. */
export function inspectKerasConfig(text: string): {
  findings: ContainerFinding[];
  problems: string[];
} {
  const findings: ContainerFinding[] = [];
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return { findings, problems: ['config.json is not valid JSON'] };
  }
  const seen = new Set<string>();
  const add = (f: ContainerFinding): void => {
    const key = `${f.module}.${f.name}`;
    if (seen.has(key) || findings.length > 500) return;
    seen.add(key);
    findings.push(f);
  };
  // Iterative walk: the config comes from the file and may be deeply nested.
  const todo: unknown[] = [config];
  let visited = 0;
  while (todo.length > 0 && visited++ < 1_000_000) {
    const node = todo.pop();
    if (Array.isArray(node)) {
      for (const v of node) todo.push(v);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    const o = node as Record<string, unknown>;
    const cls = typeof o.class_name === 'string' ? o.class_name : undefined;
    const module = typeof o.module === 'string' ? o.module : undefined;
    if (cls === 'Lambda' || cls === '__lambda__') {
      add({
        module: module ?? 'keras.layers',
        name: cls,
        offset: 0,
        verdict: 'malicious',
        reason: 'a Lambda layer carries Python bytecode that runs on load',
      });
    } else if (cls === 'function' && module !== undefined && typeof o.config === 'string') {
      const fn = o.config;
      const keras = KERAS_MODULES.some((k) => module === k || module.startsWith(`${k}.`));
      if (!keras) {
        const v = classifyGlobal(module, fn);
        add({
          module,
          name: fn,
          offset: 0,
          verdict: v.verdict === 'malicious' ? 'malicious' : 'suspicious',
          reason: v.verdict === 'malicious' ? v.reason : 'a custom function',
        });
      }
    } else if (cls !== undefined && module !== undefined) {
      const keras = KERAS_MODULES.some((k) => module === k || module.startsWith(`${k}.`));
      const registered = typeof o.registered_name === 'string' ? o.registered_name : undefined;
      if (!keras || (registered !== undefined && registered.includes('>'))) {
        const v = classifyGlobal(module, cls);
        add({
          module,
          name: cls,
          offset: 0,
          verdict: v.verdict === 'malicious' ? 'malicious' : 'suspicious',
          reason: v.verdict === 'malicious' ? v.reason : 'a custom object',
        });
      }
    }
    for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) todo.push(v);
  }
  return { findings, problems: [] };
}
