/**
 * Model-file scanning: what a notebook's `torch.load` / `pickle.load` / `joblib.load` / `np.load`
 * / `keras.saving.load_model` would run, read from the file without unpickling or executing it.
 *
 * ```ts
 * const scan = await scanModel(bytesSource(bytes), 'model.pt');
 * scan.format;                 // 'pytorch-zip'
 * scan.verdict;                // 'safe' | 'library' | 'suspicious' | 'malicious' | 'unsupported'
 * scan.callables;              // [{ module: 'os', name: 'system', offset: 2, member: 'archive/data.pkl', … }]
 * scan.weightsOnlyCompatible;  // torch.load(weights_only=True) would accept it
 * ```
 *
 * Formats are sniffed by content, never by extension: pickle (protocols 0–5, several pickles in a
 * row), PyTorch zip (every `*.pkl` member) and legacy PyTorch, `.npy` / `.npz` (object arrays carry
 * a pickle), joblib (array data in line, zlib / gzip compression), dill and cloudpickle (pickles),
 * Keras v3 `.keras` (`config.json`), safetensors and GGUF (header validated). Anything else that
 * looks like a model container (HDF5, bzip2, xz, lz4, zstd, encrypted ZIP members) gets a note and
 * the verdict `unsupported` — never silence, never a throw.
 */
import {
  ContainerFinding,
  inspectKerasConfig,
  readGguf,
  readNpyHeader,
  validateSafetensors,
} from './formats.js';
import {
  isOpcode,
  type PickleFindings as Findings,
  PickleFindings,
  type PickleLimits,
  type PickleRun,
  runPickle,
} from './pickle.js';
import { type ByteSource, type ByteStream, InflateStream, RangeStream, readAll } from './stream.js';
import { type ModelVerdict, isDottedName, worse } from './verdict.js';
import { canOpen, methodName, openMember, readZipDirectory, type ZipMember } from './zip.js';

export type { ModelVerdict } from './verdict.js';

/** One callable a model file would import or call when loaded. */
export interface ModelCallable {
  module: string;
  name: string;
  /** Byte offset of the opcode (within `member` when set, else within the file). */
  offset: number;
  /** The archive member it is in (`archive/data.pkl`, `arr_0.npy`, `config.json`). */
  member?: string;
  verdict: ModelVerdict;
  /** Why it has this verdict, in a few words ("runs processes", "scikit-learn class"). */
  reason: string;
  /** Applied (REDUCE / NEWOBJ / INST / OBJ), not only imported. */
  called: boolean;
}

export type ModelScanVerdict = ModelVerdict | 'unsupported';

export interface ModelScan {
  /** 'pickle' | 'pytorch-zip' | 'pytorch-legacy' | 'torchscript' | 'numpy' | 'npz' | 'joblib' | 'dill'
   *  | 'keras' | 'safetensors' | 'gguf' | 'zip' | 'hdf5' | 'gzip' | … | 'unknown' */
  format: string;
  verdict: ModelScanVerdict;
  callables: readonly ModelCallable[];
  /** Truncation, limits, unsupported compression, encryption, invalid headers, … */
  notes: readonly string[];
  /** `torch.load(path, weights_only=True)` would load it with torch's default allow-list. */
  weightsOnlyCompatible: boolean;
}

export interface ScanModelOptions {
  limits?: Partial<PickleLimits>;
  /** Largest inflated size read from one compressed member or file (zip bombs). Default 1 GiB. */
  maxInflated?: number;
  /** Wall-clock budget for the whole scan, in ms. Default 20 s. */
  timeBudgetMs?: number;
}

/** The magic number a legacy (pre-1.6) `torch.save` file starts with, as its first pickle. */
const TORCH_LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const TORCH_LEGACY_PROTOCOL = 1001n;

// ---- sniffing ----------------------------------------------------------------------------------

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

/**
 * The format of a file from its first bytes (64 bytes are enough for every format but the
 * protocol 0/1 pickle check, which looks at up to the first 4 KiB). Undefined: not a model file.
 */
export function sniffModelFormat(head: Uint8Array): string | undefined {
  if (head.length < 2) return undefined;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return zipKind(head);
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return 'numpy';
  if (startsWith(head, [0x47, 0x47, 0x55, 0x46])) return 'gguf';
  if (startsWith(head, [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])) return 'hdf5';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, [0x42, 0x5a, 0x68])) return 'bzip2';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(head, [0x5d, 0x00, 0x00])) return 'lzma';
  if (startsWith(head, [0x04, 0x22, 0x4d, 0x18])) return 'lz4';
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  // joblib's pre-0.10 compressed format: 'ZF' + a hex length, then zlib data.
  if (startsWith(head, [0x5a, 0x46, 0x30, 0x78])) return 'joblib-zf';
  if (head[0] === 0x78 && head.length >= 2 && ((head[0] << 8) | (head[1] ?? 0)) % 31 === 0)
    return 'zlib';
  if (head[0] === 0x80 && (head[1] ?? 9) <= 5) return 'pickle';
  if (isSafetensorsHead(head)) return 'safetensors';
  if (looksLikeTextPickle(head)) return 'pickle';
  return undefined;
}

function zipKind(head: Uint8Array): string {
  const nameLength = (head[26] ?? 0) | ((head[27] ?? 0) << 8);
  const name = new TextDecoder('latin1').decode(head.subarray(30, 30 + nameLength));
  if (name.endsWith('.pkl') || name.endsWith('/version') || name.includes('/data/'))
    return 'pytorch-zip';
  if (name.endsWith('.npy')) return 'npz';
  if (name === 'metadata.json' || name === 'config.json' || name === 'model.weights.h5')
    return 'keras';
  return 'zip';
}

function isSafetensorsHead(head: Uint8Array): boolean {
  if (head.length < 10) return false;
  let n = 0;
  for (let i = 7; i >= 0; i--) n = n * 256 + (head[i] ?? 0);
  return (
    n >= 2 &&
    n <= 100_000_000 &&
    head[8] === 0x7b &&
    (head[9] === 0x22 || head[9] === 0x7d || head[9] === 0x20)
  );
}

/**
 * Protocol 0 and 1 pickles have no magic number: run a quick stack-effect check over the head.
 * Text that is not a pickle breaks within a few opcodes (underflow, a bad argument, a non-opcode).
 */
function looksLikeTextPickle(head: Uint8Array): boolean {
  const bytes = head.subarray(0, 4096);
  const latin = new TextDecoder('latin1');
  let i = 0;
  let depth = 0;
  const marks: number[] = [];
  let ops = 0;
  // Set when a line runs into the end of the bytes read: a pickle cut short (or a head cut off a
  // longer file) rather than text. Python runs every call before the cut, so it still counts.
  let cut = false;
  const line = (): string | undefined => {
    const at = bytes.indexOf(0x0a, i);
    if (at < 0 && bytes.length - i <= 512) cut = true;
    if (at < 0 || at - i > 512) return undefined;
    const text = latin.decode(bytes.subarray(i, at));
    i = at + 1;
    return text;
  };
  const popMark = (): boolean => {
    const m = marks.pop();
    if (m === undefined) return false;
    depth = m;
    return true;
  };
  while (i < bytes.length && ops < 256) {
    const op = bytes[i++] ?? 0;
    ops++;
    const c = String.fromCharCode(op);
    if ('N)]}'.includes(c)) depth++;
    else if (c === '(') {
      marks.push(depth);
      depth = 0;
    } else if (c === '.') return depth >= 1 && ops >= 2;
    else if ('IFLSVgP'.includes(c)) {
      const t = line();
      if (t === undefined) return cut && ops > 2;
      if (c === 'S' && !/^(?:'.*'|".*")$/.test(t)) return false;
      if ((c === 'I' || c === 'L') && !/^-?\d{1,40}L?$/.test(t)) return false;
      if (c === 'g' && !/^\d{1,12}$/.test(t)) return false;
      if (c === 'P') depth++;
      else depth++;
    } else if (c === 'c' || c === 'i') {
      const m = line();
      const n = m === undefined ? undefined : line();
      if (m === undefined || n === undefined) return cut && ops > 2;
      if (!isDottedName(m) || !isDottedName(n)) return false;
      if (c === 'i' && !popMark()) return false;
      depth++;
    } else if (c === 'p') {
      const t = line();
      if (t === undefined) return cut && ops > 2 && depth >= 1;
      if (!/^\d{1,12}$/.test(t) || depth < 1) return false;
    } else if ('qh'.includes(c)) {
      if (c === 'q' && depth < 1) return false;
      i += 1;
      if (c === 'h') depth++;
    } else if ('rj'.includes(c)) {
      if (c === 'r' && depth < 1) return false;
      i += 4;
      if (c === 'j') depth++;
    } else if (c === 'K') {
      i += 1;
      depth++;
    } else if (c === 'M') {
      i += 2;
      depth++;
    } else if (c === 'J') {
      i += 4;
      depth++;
    } else if (c === 'G') {
      i += 8;
      depth++;
    } else if (c === 'U' || c === 'T' || c === 'X') {
      const lenBytes = c === 'U' ? 1 : 4;
      let n = 0;
      for (let k = lenBytes - 1; k >= 0; k--) n = n * 256 + (bytes[i + k] ?? 0);
      i += lenBytes + n;
      depth++;
    } else if (c === 'a' || c === 'b' || c === 'R' || c === 'Q') {
      if (depth < (c === 'Q' ? 1 : 2)) return false;
      depth -= c === 'Q' ? 0 : 1;
    } else if (c === 's') {
      if (depth < 3) return false;
      depth -= 2;
    } else if ('ltdueo'.includes(c)) {
      if (!popMark()) return false;
      depth += c === 'e' || c === 'u' ? 0 : 1;
      if ((c === 'e' || c === 'u') && depth < 1) return false;
    } else if (c === '0') {
      if (depth > 0) depth--;
      else if (!popMark()) return false;
    } else if (c === '1') {
      if (!popMark()) return false;
    } else if (c === '2') {
      if (depth < 1) return false;
      depth++;
    } else return false;
  }
  return ops >= 4 && i >= bytes.length;
}

// ---- scanning --------------------------------------------------------------------------------

interface Collector {
  callables: ModelCallable[];
  notes: string[];
  unsupported: boolean;
  weightsOnly: boolean;
  deadline: number;
  options: ScanModelOptions;
}

function fromFindings(c: Collector, f: Findings, member: string | undefined): void {
  for (const g of f.globals.values()) {
    if (c.callables.length >= 10_000) break;
    c.callables.push({
      module: g.module,
      name: g.name,
      offset: g.offset,
      ...(member !== undefined ? { member } : {}),
      verdict: g.verdict,
      reason: g.reason,
      called: g.called,
    });
    if (!g.weightsOnly) c.weightsOnly = false;
  }
  for (const n of f.notes) c.notes.push(member !== undefined ? `${member}: ${n}` : n);
}

function fromContainer(
  c: Collector,
  found: readonly ContainerFinding[],
  member: string | undefined,
): void {
  for (const f of found) {
    c.callables.push({ ...f, ...(member !== undefined ? { member } : {}), called: true });
    c.weightsOnly = false;
  }
}

interface PickleSequence {
  runs: PickleRun[];
  findings: PickleFindings;
  legacy: boolean;
}

/**
 * Runs every pickle in a row from the stream, as `pickle.load` called repeatedly (or legacy
 * `torch.load`) would, and stops at data that is not a pickle.
 */
async function scanPickles(
  s: ByteStream,
  c: Collector,
  where: string | undefined,
): Promise<PickleSequence> {
  const findings = new PickleFindings();
  const runs: PickleRun[] = [];
  let legacy = false;
  const opts = { limits: { ...c.options.limits }, joblib: true, deadline: c.deadline };
  const label = where !== undefined ? `${where}: ` : '';
  for (;;) {
    if (!(await s.ensure(1))) break;
    const first = s.peek();
    const start = s.offset;
    if (runs.length > 0 && (!isOpcode(first) || (legacy && runs.length >= 5))) {
      const rest = await countRest(s);
      c.notes.push(
        legacy
          ? `${label}${rest} bytes of tensor storage data after the pickles were skipped, not read`
          : `${label}${rest} bytes after pickle ${runs.length} are not a pickle and were not read`,
      );
      break;
    }
    const before = countGlobals(findings);
    const run = await runPickle(s, findings, opts);
    runs.push(run);
    if (runs.length === 1 && run.result === TORCH_LEGACY_MAGIC) legacy = true;
    if (runs.length === 2 && !legacy && run.result === TORCH_LEGACY_PROTOCOL) {
      legacy = true;
      c.notes.push(`${label}legacy PyTorch layout whose magic number is not a literal`);
    }
    if (run.ended === 'stop') {
      if (!run.foreignOpcodes.every((o) => o === 'PROTO')) c.weightsOnly = false;
      if (runs.length >= 1000) {
        c.notes.push(`${label}more than 1000 pickles in a row; the rest were not read`);
        break;
      }
      continue;
    }
    c.weightsOnly = false;
    const added = countGlobals(findings) - before;
    if (runs.length > 1 && added === 0 && run.ended !== 'limit') {
      // Data after the last complete pickle that merely starts like an opcode.
      const rest = (await countRest(s)) + (s.offset - start);
      c.notes.push(
        legacy
          ? `${label}${rest} bytes of tensor storage data after the pickles were skipped, not read`
          : `${label}${rest} bytes after pickle ${runs.length - 1} are not a pickle and were not read`,
      );
      runs.pop();
      break;
    }
    if (run.ended === 'limit') {
      c.unsupported = true;
      c.notes.push(
        `${label}stopped at offset ${run.errorOffset ?? run.end}: ${run.error ?? 'limit'}`,
      );
    } else {
      c.notes.push(
        `${label}pickle ${runs.length} is ${run.ended === 'eof' ? 'truncated' : 'invalid'} at offset ${run.errorOffset ?? run.end}: ${run.error ?? ''}`.trimEnd() +
          ' (calls before that point still run when it is loaded)',
      );
    }
    break;
  }
  if (runs.length === 0) c.notes.push(`${label}empty`);
  fromFindings(c, findings, where);
  return { runs, findings, legacy };
}

function countGlobals(f: PickleFindings): number {
  let n = 0;
  for (const g of f.globals.values()) n += g.count;
  return n;
}

async function countRest(s: ByteStream): Promise<number> {
  let n = 0;
  for (;;) {
    const got = await s.skip(1 << 30);
    n += got;
    if (got < 1 << 30) return n;
  }
}

/** Scans a model file. Never throws for bad input; problems are notes. */
export async function scanModel(
  source: ByteSource,
  fileName?: string,
  options: ScanModelOptions = {},
): Promise<ModelScan> {
  const c: Collector = {
    callables: [],
    notes: [],
    unsupported: false,
    weightsOnly: true,
    deadline: Date.now() + (options.timeBudgetMs ?? 20_000),
    options,
  };
  let format = 'unknown';
  try {
    const head = await source.read(0, Math.min(source.size, 4096));
    format = sniffModelFormat(head) ?? 'unknown';
    format = await scanFormat(source, format, c, fileName);
  } catch (e) {
    c.unsupported = true;
    c.notes.push(`could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  return finish(format, c);
}

function finish(format: string, c: Collector): ModelScan {
  let verdict: ModelVerdict = 'safe';
  for (const k of c.callables) verdict = worse(verdict, k.verdict);
  const final: ModelScanVerdict =
    c.unsupported && (verdict === 'safe' || verdict === 'library') ? 'unsupported' : verdict;
  const torch = format === 'pytorch-zip' || format === 'pytorch-legacy';
  return {
    format,
    verdict: final,
    callables: c.callables,
    notes: c.notes,
    weightsOnlyCompatible: torch && c.weightsOnly && !c.unsupported && final === 'safe',
  };
}

const GIB = 1024 * 1024 * 1024;

async function scanFormat(
  source: ByteSource,
  sniffed: string,
  c: Collector,
  fileName: string | undefined,
): Promise<string> {
  const cap = c.options.maxInflated ?? GIB;
  switch (sniffed) {
    case 'pickle': {
      const seq = await scanPickles(new RangeStream(source, 0, source.size), c, undefined);
      return pickleFlavour(seq);
    }
    case 'pytorch-zip':
    case 'npz':
    case 'keras':
    case 'zip':
      return scanZip(source, c);
    case 'numpy':
      await scanNpy(new RangeStream(source, 0, source.size), c, undefined);
      return 'numpy';
    case 'safetensors': {
      const head = await source.read(0, 8);
      let n = 0;
      for (let i = 7; i >= 0; i--) n = n * 256 + (head[i] ?? 0);
      if (8 + n > source.size) {
        c.unsupported = true;
        c.notes.push('safetensors header is longer than the file');
        return 'safetensors';
      }
      const problems = validateSafetensors(await source.read(8, n), source.size - 8 - n);
      if (problems.length > 0) {
        c.unsupported = true;
        c.notes.push(
          ...problems.map((p) => `invalid safetensors header (the library refuses it): ${p}`),
        );
      }
      return 'safetensors';
    }
    case 'gguf': {
      const g = await readGguf(new RangeStream(source, 0, source.size), source.size);
      fromContainer(c, g.findings, undefined);
      if (g.problems.length > 0) {
        c.unsupported = true;
        c.notes.push(...g.problems.map((p) => `invalid GGUF ${p}`));
      }
      return 'gguf';
    }
    case 'gzip':
    case 'zlib': {
      // joblib.dump(compress=…) and pandas.to_pickle('*.gz') wrap one pickle stream.
      const inner = new InflateStream(
        new RangeStream(source, 0, source.size),
        source.size,
        cap,
        sniffed,
      );
      const seq = await scanPickles(inner, c, undefined);
      inflateNotes(inner, c, undefined);
      return seq.findings.joblibArrays > 0 ? 'joblib' : `${pickleFlavour(seq)}+${sniffed}`;
    }
    case 'joblib-zf': {
      // 'ZF0x' + hex length + padding to 18 bytes, then zlib data (joblib numpy_pickle_compat.py).
      const inner = new InflateStream(
        new RangeStream(source, 18, source.size - 18),
        source.size,
        cap,
        'zlib',
      );
      await scanPickles(inner, c, undefined);
      inflateNotes(inner, c, undefined);
      return 'joblib';
    }
    case 'hdf5':
      c.unsupported = true;
      c.notes.push(
        'HDF5 (Keras .h5 or similar): not inspected; a Keras H5 model can carry Lambda layers that run code',
      );
      return 'hdf5';
    case 'bzip2':
    case 'xz':
    case 'lzma':
    case 'lz4':
    case 'zstd':
      c.unsupported = true;
      c.notes.push(
        `${sniffed}-compressed (e.g. joblib compress='${sniffed}'): Cellguard cannot decompress it, so it was not inspected`,
      );
      return sniffed;
    default:
      if (
        fileName !== undefined &&
        MODEL_EXTENSIONS.some((e) => fileName.toLowerCase().endsWith(e))
      ) {
        c.unsupported = true;
        c.notes.push(
          'not a format Cellguard recognises (not a pickle, ZIP, numpy, safetensors or GGUF file)',
        );
      }
      return 'unknown';
  }
}

/** Extensions model files usually have (used only to decide whether an unknown file gets a note). */
export const MODEL_EXTENSIONS: readonly string[] = [
  '.pt',
  '.pth',
  '.bin',
  '.ckpt',
  '.pkl',
  '.pickle',
  '.joblib',
  '.sav',
  '.npy',
  '.npz',
  '.keras',
  '.h5',
  '.hdf5',
  '.safetensors',
  '.gguf',
  '.dill',
  '.pkl.gz',
  '.mar',
  '.model',
  '.p',
];

function pickleFlavour(seq: PickleSequence): string {
  if (seq.legacy) return 'pytorch-legacy';
  if (seq.findings.joblibArrays > 0) return 'joblib';
  for (const g of seq.findings.globals.values()) {
    if (g.module.startsWith('dill')) return 'dill';
    if (g.module.startsWith('cloudpickle')) return 'cloudpickle';
  }
  for (const g of seq.findings.globals.values()) if (g.module.startsWith('joblib')) return 'joblib';
  return 'pickle';
}

function inflateNotes(s: InflateStream, c: Collector, member: string | undefined): void {
  const label = member !== undefined ? `${member}: ` : '';
  if (s.state.capped) {
    c.unsupported = true;
    c.notes.push(
      `${label}inflates past ${s.state.produced} bytes (a zip bomb?); the rest was not read`,
    );
  }
  if (s.state.error !== undefined)
    c.notes.push(`${label}compressed data is corrupt: ${s.state.error}`);
}

async function scanNpy(s: ByteStream, c: Collector, member: string | undefined): Promise<void> {
  const h = await readNpyHeader(s);
  const label = member !== undefined ? `${member}: ` : '';
  if (h.error !== undefined) {
    c.unsupported = true;
    c.notes.push(`${label}${h.error}`);
    return;
  }
  if (h.hasObjects) {
    c.notes.push(`${label}object array: its data is a pickle (np.load needs allow_pickle=True)`);
    c.weightsOnly = false;
    await scanPickles(s, c, member);
  }
}

async function scanZip(source: ByteSource, c: Collector): Promise<string> {
  const dir = await readZipDirectory(source);
  c.notes.push(...dir.notes);
  const members = dir.members;
  const has = (p: (m: ZipMember) => boolean): boolean => members.some(p);
  const pkl = members.filter((m) => m.name.endsWith('.pkl'));
  const npy = members.filter((m) => m.name.endsWith('.npy'));
  const kerasConfig = members.find((m) => m.name === 'config.json');
  let format = 'zip';
  if (pkl.length > 0) {
    format = has((m) => m.name.endsWith('data.pkl')) ? 'pytorch-zip' : 'zip';
    if (
      has((m) => m.name.includes('/code/') || m.name.startsWith('code/')) &&
      has((m) => m.name.endsWith('constants.pkl'))
    ) {
      format = 'torchscript';
      c.notes.push('TorchScript archive: torch.jit.load runs its code/ files as TorchScript');
      c.weightsOnly = false;
    }
  } else if (npy.length > 0 && npy.length === members.length) format = 'npz';
  else if (
    kerasConfig !== undefined &&
    has((m) => m.name === 'metadata.json' || m.name.endsWith('.weights.h5'))
  )
    format = 'keras';
  else if (npy.length > 0) format = 'npz';
  const cap = c.options.maxInflated ?? GIB;
  const storageKeys = new Set<string>();
  for (const m of members) {
    const isPkl = m.name.endsWith('.pkl');
    const isNpy = m.name.endsWith('.npy');
    const isConfig = format === 'keras' && m === kerasConfig;
    if (!isPkl && !isNpy && !isConfig) {
      if (format === 'pytorch-zip') {
        const at = m.name.lastIndexOf('/data/');
        if (at >= 0) storageKeys.add(m.name.slice(at + 6));
      }
      continue;
    }
    if ((m.flags & 0x1) !== 0) {
      c.notes.push(
        `${m.name}: flagged as encrypted; read as plain data, as PyTorch's reader would`,
      );
    }
    if (!canOpen(m)) {
      c.unsupported = true;
      c.notes.push(
        `${m.name}: compressed with ${methodName(m.method)}, which Cellguard cannot read; not inspected`,
      );
      continue;
    }
    const stream = openMember(source, m, cap);
    if (isPkl) {
      const seq = await scanPickles(stream, c, m.name);
      if (seq.runs.length === 0 || seq.runs[0]?.ended !== 'stop') {
        if ((m.flags & 0x1) !== 0) {
          c.unsupported = true;
          c.notes.push(`${m.name}: encrypted; its pickle could not be read`);
        }
      }
      if (format === 'pytorch-zip') checkStorages(seq, m.name, c);
    } else if (isNpy) {
      if (!(await stream.ensure(6))) continue;
      await scanNpy(stream, c, m.name);
    } else {
      const bytes = await readAll(stream, 64 * 1024 * 1024);
      if (bytes === undefined) {
        c.unsupported = true;
        c.notes.push('config.json larger than 64 MiB; not inspected');
      } else {
        const k = inspectKerasConfig(new TextDecoder('utf-8').decode(bytes));
        fromContainer(c, k.findings, m.name);
        if (k.problems.length > 0) {
          c.unsupported = true;
          c.notes.push(...k.problems);
        }
      }
    }
    if (stream instanceof InflateStream) inflateNotes(stream, c, m.name);
  }
  if (format === 'pytorch-zip') pendingStorageCheck(c, storageKeys);
  if (format === 'zip' && pkl.length === 0)
    c.notes.push('ZIP archive with no pickle, .npy or Keras config member');
  return format;
}

const missingStorage = new WeakMap<Collector, Array<{ member: string; key: string }>>();

function checkStorages(seq: PickleSequence, member: string, c: Collector): void {
  const list = missingStorage.get(c) ?? [];
  for (const p of seq.findings.persistent) {
    if (p.storageKey === undefined) {
      c.weightsOnly = false;
      continue;
    }
    if (list.length < 100_000) list.push({ member, key: p.storageKey });
  }
  if (seq.findings.persistent.length === 0 && seq.runs.some((r) => r.persistentIds > 0))
    c.weightsOnly = false;
  missingStorage.set(c, list);
}

function pendingStorageCheck(c: Collector, keys: Set<string>): void {
  const refs = missingStorage.get(c) ?? [];
  const missing = refs.filter((r) => !keys.has(r.key));
  if (missing.length > 0) {
    c.notes.push(
      `${missing.length} tensor storage(s) referenced by ${missing[0]?.member ?? ''} are missing from the archive (first: ${missing[0]?.key ?? ''})`,
    );
  }
}
