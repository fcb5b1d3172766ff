/**
 * The CLI's side of joining load calls to model files: the core says which files a notebook's
 * load calls name and where to look (`modelFileRequests`); this reads and scans them (once per
 * file per run) so the findings carry each file's verdict (`AnalyzeOptions.modelFiles`).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { modelFileRequests, type ModelFileScan } from '../loads/join.js';
import type { NotebookDoc } from '../model/notebook.js';
import { scanModel } from '../models/scan.js';
import type { ByteSource } from '../models/stream.js';

function toCorePath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function fromCorePath(path: string): string {
  return sep === '/' ? path : path.split('/').join(sep);
}

/** Scan one file from disk through positioned reads (tensor storages are skipped, not read). */
async function scanPath(path: string): Promise<ModelFileScan | undefined> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined; // absent or unreadable: the finding keeps today's message
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const source: ByteSource = {
      size: stat.size,
      read(offset, length) {
        const size = Math.max(0, Math.min(length, stat.size - offset));
        const buffer = Buffer.alloc(size);
        const read = size > 0 ? readSync(fd, buffer, 0, size, offset) : 0;
        return Promise.resolve(new Uint8Array(buffer.buffer, buffer.byteOffset, read));
      },
    };
    return await scanModel(source, path);
  } finally {
    closeSync(fd);
  }
}

/** Scans of one CLI run, by file on disk. */
export class ModelFileCache {
  private readonly byPath = new Map<string, Promise<ModelFileScan | undefined>>();

  /** @param root the workspace root (config folder or the current directory). */
  constructor(private readonly root?: string) {}

  private scan(path: string): Promise<ModelFileScan | undefined> {
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
    const out = new Map<string, ModelFileScan>();
    const requests = modelFileRequests(
      notebook,
      toCorePath(dirname(notebookPath)),
      this.root !== undefined ? toCorePath(this.root) : undefined,
    );
    for (const request of requests) {
      for (const candidate of request.candidates) {
        const scan = await this.scan(candidate);
        if (scan) {
          out.set(request.path, scan);
          break;
        }
      }
    }
    return out;
  }
}
