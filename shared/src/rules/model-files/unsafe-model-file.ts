/**
 * A model file in the tree that runs code, or may, when a notebook loads it: `cellguard scan DIR`
 * picks model files up by content (`modelFileFormat`), scans them with the core's model scanner
 * (never unpickles, never executes) and reports one finding per unsafe file, whichever notebook
 * loads it — a checkpoint downloaded into `models/` is dangerous before any cell names it.
 *
 * The verdict decides the level (one table, `SEVERITY_BY_VERDICT`): `malicious` (a code, import,
 * file, process or network primitive) is an error, `suspicious` (anything off the allow-lists,
 * e.g. a custom class) a warning, `library` (only classes well-known libraries pickle) a note,
 * `unsupported` (an encrypted member, an unknown compression, a limit hit) a note that says so,
 * `safe` (weights-only content, safetensors, GGUF) no finding. CWE-502.
 */
import { defineRule, docsUrlFor, formatMessage } from '../../engine/rule.js';
import type { Category, Severity } from '../../model/finding.js';
import { MODEL_EXTENSIONS, sniffModelFormat, type ModelScan } from '../../models/scan.js';
import { InflateStream, RangeStream, type ByteSource } from '../../models/stream.js';
import type { HmacSha256 } from '../../util/sha256.js';
import { describeCallables } from '../../loads/join.js';

export const UNSAFE_MODEL_FILE = 'unsafe-model-file';

const rule = defineRule({
  meta: {
    id: UNSAFE_MODEL_FILE,
    category: 'unsafe-load',
    defaultSeverity: 'error',
    target: 'model-file',
    cwe: ['CWE-502'],
    description:
      'A model file (pickle, PyTorch checkpoint, joblib, .npy/.npz, Keras) that runs code, or may, when it is loaded.',
    messages: {
      malicious:
        '{{path}} ({{format}}) runs code when it is loaded: {{callables}}. Do not load it; delete it and find out where it came from (CWE-502).',
      suspicious:
        '{{path}} ({{format}}) imports {{callables}}; loading it runs that code, which no allow-list vouches for (a custom class or function). Load it only if you trust whoever wrote the file, or save the weights as safetensors.',
      library:
        '{{path}} ({{format}}) holds only classes of well-known libraries: {{callables}}. Loading it is as safe as where it came from; prefer a format without code (safetensors, skops, ONNX) for files you share.',
      unsupported:
        '{{path}} ({{format}}) could not be judged: {{note}}. Treat it as untrusted until you know where it came from.',
    },
  },
  // Not a notebook rule: its input is a model file, scanned by the front end (`modelFileFinding`).
  create() {
    return {};
  },
});

export default rule;

/** The level of each verdict; `safe` has no finding. */
export const SEVERITY_BY_VERDICT: Readonly<Record<ModelScan['verdict'], Severity | undefined>> = {
  malicious: 'error',
  suspicious: 'warning',
  library: 'note',
  unsupported: 'note',
  safe: undefined,
};

/** Where a model-file finding is: the whole file (no cell, no region). */
export interface FileLocation {
  readonly kind: 'file';
  readonly cellIndex?: undefined;
  readonly cellId?: undefined;
}

/** A finding on a model file, shaped like a notebook finding but located on the whole file. */
export interface ModelFileFinding {
  readonly ruleId: typeof UNSAFE_MODEL_FILE;
  readonly category: Category;
  readonly severity: Severity;
  readonly messageId: string;
  readonly message: string;
  readonly location: FileLocation;
  readonly fixes: readonly [];
  readonly fingerprint: string;
  readonly docsUrl: string;
  /** No line or column: the finding is on the whole file. */
  readonly region?: undefined;
  readonly cellLine?: undefined;
  readonly cellColumn?: undefined;
  readonly properties: {
    readonly verdict: ModelScan['verdict'];
    readonly format: string;
    /** `module.name` of every callable the file imports, each once, in file order. */
    readonly globals: readonly string[];
    readonly notes: readonly string[];
  };
}

/**
 * The finding for a scanned model file at `path` (as the report spells it), or undefined for a
 * safe file. `hmac` keys the fingerprint: the rule, the verdict and the globals, never the path
 * (a baseline entry carries the path already) nor the file's bytes.
 */
export function modelFileFinding(
  scan: ModelScan,
  path: string,
  hmac: HmacSha256,
): ModelFileFinding | undefined {
  const severity = SEVERITY_BY_VERDICT[scan.verdict];
  if (severity === undefined) return undefined;
  const globals = [...new Set(scan.callables.map((c) => `${c.module}.${c.name}`))];
  const messageId = scan.verdict;
  const data = {
    path,
    format: scan.format,
    callables: describeCallables(scan, scan.verdict),
    // The reader notes why it gave up last (after what it could still read).
    note: (scan.notes[scan.notes.length - 1] ?? 'not a format Cellguard reads').replace(/\.$/, ''),
  };
  return {
    ruleId: UNSAFE_MODEL_FILE,
    category: 'unsafe-load',
    severity,
    messageId,
    message: formatMessage(rule.meta.messages[messageId] ?? messageId, data),
    location: { kind: 'file' },
    fixes: [],
    fingerprint: hmac
      .hex(
        `${UNSAFE_MODEL_FILE}\u0000${scan.verdict}\u0000${scan.format}\u0000${globals.join(' ')}`,
      )
      .slice(0, 32),
    docsUrl: docsUrlFor(UNSAFE_MODEL_FILE),
    properties: { verdict: scan.verdict, format: scan.format, globals, notes: scan.notes },
  };
}

/** Formats that are model files whatever the file is called. */
const MODEL_FORMATS = new Set([
  'pickle',
  'pytorch-zip',
  'npz',
  'keras',
  'numpy',
  'safetensors',
  'gguf',
  'joblib-zf',
]);

/** Compressed or HDF5 data: a model file only when its name says so or it inflates to a pickle. */
const NAMED_ONLY = new Set(['hdf5', 'bzip2', 'xz', 'lzma', 'lz4', 'zstd']);

/** Bytes read to sniff a file (and inflated to sniff a gzip / zlib stream). */
export const SNIFF_BYTES = 4096;

function hasModelExtension(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return MODEL_EXTENSIONS.some((e) => lower.endsWith(e));
}

/**
 * Is this file a model file, by its content? The format it sniffs as, or undefined. Reads at most
 * `SNIFF_BYTES` (plus as much compressed data as inflating that many takes for gzip / zlib), so a
 * huge file that is not a model costs one small read. A plain ZIP is a candidate (its pickle
 * members, if any, are found from the central directory); a gzip / zlib stream is one when it
 * inflates to a pickle; bzip2, xz, HDF5 and the like only under a model file's extension.
 */
export async function modelFileFormat(
  source: ByteSource,
  fileName: string,
): Promise<string | undefined> {
  const head = await source.read(0, Math.min(source.size, SNIFF_BYTES));
  const format = sniffModelFormat(head);
  if (format === undefined) return undefined;
  if (MODEL_FORMATS.has(format) || format === 'zip') return format;
  if (NAMED_ONLY.has(format)) return hasModelExtension(fileName) ? format : undefined;
  if (format === 'gzip' || format === 'zlib') {
    if (hasModelExtension(fileName)) return format;
    const inner = new InflateStream(
      new RangeStream(source, 0, source.size),
      source.size,
      SNIFF_BYTES,
      format,
    );
    await inner.ensure(SNIFF_BYTES);
    const bytes = inner.take(Math.min(inner.available, SNIFF_BYTES));
    return sniffModelFormat(bytes) === 'pickle' ? format : undefined;
  }
  return undefined;
}
