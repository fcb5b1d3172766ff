/**
 * The CLI's side of model files:
 *
 * - joining load calls to files: the core says which files a notebook's load calls name and where
 *   to look (`modelFileRequests`); this reads and scans them (once per file per run) so the
 *   findings carry each file's verdict (`AnalyzeOptions.modelFiles`);
 * - the tree: every file the walk meets is sniffed by content (`modelFileFormat`, one small read),
 *   and each model file gets a result of its own with the core's `unsafe-model-file` finding.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import type { Analyzer } from '../engine/analyze.js';
import type { NotebookDoc } from '../model/notebook.js';
import { scanModel, type ModelScan } from '../models/scan.js';
import type { ByteSource } from '../models/stream.js';
import { modelFileFormat, UNSAFE_MODEL_FILE } from '../rules/model-files/unsafe-model-file.js';
import { modelFilesFor } from '../editor/model-files.js';
import type { FileWalk } from './files.js';
import type { FileResult } from './scan.js';

type ModelFileScan = ModelScan;

function toCorePath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function fromCorePath(path: string): string {
  return sep === '/' ? path : path.split('/').join(sep);
}

/** A file on disk as a `ByteSource` (positioned reads) to close after use; undefined if unreadable. */
function openPath(path: string): (ByteSource & { close(): void }) | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    return undefined;
  }
  return {
    size: stat.size,
    read(offset, length) {
      const size = Math.max(0, Math.min(length, stat.size - offset));
      const buffer = Buffer.alloc(size);
      const read = size > 0 ? readSync(fd, buffer, 0, size, offset) : 0;
      return Promise.resolve(new Uint8Array(buffer.buffer, buffer.byteOffset, read));
    },
    close: () => closeSync(fd),
  };
}

/** Run `use` over a file on disk; undefined if it cannot be opened. */
async function withFile<T>(
  path: string,
  use: (source: ByteSource) => Promise<T>,
): Promise<T | undefined> {
  const source = openPath(path);
  if (!source) return undefined;
  try {
    return await use(source);
  } finally {
    source.close();
  }
}

/** Scan one file from disk (tensor storages are skipped, not read). Absent or unreadable: undefined. */
function scanPath(path: string): Promise<ModelFileScan | undefined> {
  return withFile(path, (source) => scanModel(source, path));
}

/** Scans of one CLI run, by file on disk. */
export class ModelFileCache {
  private readonly byPath = new Map<string, Promise<ModelFileScan | undefined>>();

  /** @param root the workspace root (config folder or the current directory). */
  constructor(private readonly root?: string) {}

  /** The scan of the file at `path` (a core path, `/`-separated), read once per run. */
  scan(path: string): Promise<ModelFileScan | undefined> {
    let scan = this.byPath.get(path);
    if (!scan) {
      scan = scanPath(fromCorePath(path));
      this.byPath.set(path, scan);
    }
    return scan;
  }

  /** The scans of the files `notebook` (at `notebookPath`) loads, keyed as the notebook spells them. */
  async forNotebook(
    notebook: NotebookDoc,
    notebookPath: string,
  ): Promise<Map<string, ModelFileScan>> {
    const { modelFiles } = await modelFilesFor(
      notebook,
      toCorePath(dirname(notebookPath)),
      this.root !== undefined ? toCorePath(this.root) : undefined,
      (path) => Promise.resolve(openPath(fromCorePath(path))),
      this.byPath,
    );
    return modelFiles;
  }
}

/** The walk's files split into notebooks / Python files and model files (by content). */
export interface ModelFileSplit {
  /** What the analyzer scans: the walk's notebooks and `.py` files, and named files that are not models. */
  readonly files: string[];
  /** Files whose content is a model file, walked or named. */
  readonly models: string[];
}

const isNotebookOrPython = (path: string): boolean =>
  path.endsWith('.ipynb') || path.endsWith('.py');

/**
 * Which files of the walk are model files, sniffed by content, never by extension: a pickle named
 * `.txt` is one, a `.pkl` that holds text is not. Each candidate costs one read of a few KiB.
 */
export async function pickModelFiles(walk: FileWalk): Promise<ModelFileSplit> {
  const files: string[] = [];
  const models: string[] = [];
  const sniff = async (path: string): Promise<boolean> =>
    (await withFile(path, (source) => modelFileFormat(source, path))) !== undefined;
  for (const path of walk.files) {
    // A file named on the command line is scanned as a model when it is one, else as before.
    if (!isNotebookOrPython(path) && (await sniff(path))) models.push(path);
    else files.push(path);
  }
  for (const path of walk.others) if (await sniff(path)) models.push(path);
  return { files, models };
}

/**
 * One result per model file: the core's `unsafe-model-file` finding (none for a safe file), its
 * message naming the file relative to `cwd`. An unreadable file is a result with an error.
 */
export async function scanModelFiles(
  paths: readonly string[],
  analyzer: Analyzer,
  cache: ModelFileCache,
  cwd: string,
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  if (!analyzer.ruleIds.includes(UNSAFE_MODEL_FILE)) return results;
  for (const path of paths) {
    const scan = await cache.scan(toCorePath(path));
    if (!scan) {
      results.push({ path, kind: 'model', findings: [], notices: [], error: 'cannot be read' });
      continue;
    }
    const shown = toCorePath(relative(cwd, path)) || path;
    const finding = analyzer.modelFileFinding(scan, shown);
    results.push({ path, kind: 'model', findings: finding ? [finding] : [], notices: [] });
  }
  return results;
}

/**
 * The BOM's judge of a local model file (`buildBom`): the scan's verdict and format, read through
 * the same cache as the scan. An unreadable file has no verdict (the BOM still lists its hash).
 */
export function modelFileJudge(
  cache: ModelFileCache,
): (path: string) => Promise<{ verdict: string; format: string }> {
  return async (path) => {
    const scan = await cache.scan(toCorePath(path));
    return scan
      ? { verdict: scan.verdict, format: scan.format }
      : { verdict: 'unreadable', format: 'unknown' };
  };
}
