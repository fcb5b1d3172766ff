/**
 * Scanning many files on several threads: the main thread scans too, and each worker thread
 * builds its own analyzer from the same config file and scans the files it is handed; results
 * (already located, texts dropped) come back in file order.
 *
 * Workers only when they pay. Measured on 2 cores (bench/RESULTS.md, issue #15): two workers
 * used 33–42 % more CPU than one thread for no wall-time gain — each loads the whole core, warms
 * its own JIT (~0.3 s) and pays message passing and GC. So by default a scan uses workers only
 * with more than 2 cores and at least PARALLEL_MIN_BYTES of notebooks; `--jobs N` asks for N
 * threads in all (N − 1 workers beside the main thread).
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileResult } from './scan.js';

/** Below this many bytes in total, one thread finishes before workers would have started. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** With this many cores or fewer, workers cost more CPU than they save wall time (measured). */
export const MIN_CORES_FOR_WORKERS = 3;

/**
 * How many worker threads a scan of these files deserves, beside the main thread (0: the main
 * thread alone). `requested` is `--jobs`: threads in all. `cores` defaults to this machine's.
 */
export function workerCount(
  files: readonly string[],
  requested?: number,
  cores: number = availableParallelism(),
): number {
  if (requested !== undefined) return Math.max(0, Math.min(requested, files.length) - 1);
  if (cores < MIN_CORES_FOR_WORKERS || files.length < 4) return 0;
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // unreadable: the scan itself reports it
    }
    if (bytes >= PARALLEL_MIN_BYTES) return Math.min(cores, files.length, 8) - 1;
  }
  return 0;
}

let workerScript: URL | undefined;

/** Run workers from `script` instead of worker.js beside this file (the single-file bundle). */
export function setWorkerScript(script: URL): void {
  workerScript = script;
}

export interface WorkerRequest {
  readonly configPath?: string;
  readonly fingerprintKey?: string;
  /** Workspace root: where the walk for environment files stops. */
  readonly root?: string;
  readonly files: readonly string[];
}

export type WorkerMessage =
  | { readonly type: 'result'; readonly index: number; readonly result: FileResult }
  | { readonly type: 'fatal'; readonly message: string };

/** Files each worker holds at once: the next one is queued while the main thread is busy. */
const IN_FLIGHT = 2;

/**
 * Scan `files` on the main thread (with `scanHere`) and `count` workers. Files are handed out
 * one at a time from one queue (large notebooks do not pile up on one thread); each worker holds
 * IN_FLIGHT of them, so it is not idle while the main thread, busy scanning, cannot answer.
 * Resolves with results in the order of `files`.
 */
export async function scanInWorkers(
  files: readonly string[],
  count: number,
  configPath: string | undefined,
  fingerprintKey: string | undefined,
  scanHere: (file: string) => Promise<FileResult>,
  root?: string,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array<FileResult>(files.length);
  let next = 0;
  const workerUrl = workerScript ?? new URL('./worker.js', import.meta.url);
  const runOne = (): Promise<void> =>
    new Promise((resolvePromise, reject) => {
      const worker = new Worker(workerUrl, {
        workerData: { configPath, fingerprintKey, root } satisfies Omit<WorkerRequest, 'files'>,
      });
      let held = 0;
      const handOut = (): void => {
        while (held < IN_FLIGHT && next < files.length) {
          const index = next++;
          held++;
          worker.postMessage({ index, path: files[index] });
        }
        if (held === 0) {
          void worker.terminate();
          resolvePromise();
        }
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'fatal') {
          void worker.terminate();
          reject(new Error(message.message));
          return;
        }
        results[message.index] = message.result;
        held--;
        handOut();
      });
      worker.on('error', reject);
      worker.on('online', handOut);
    });
  const here = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await scanHere(files[index]!);
      // Let worker messages in between two files.
      await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
    }
  };
  await Promise.all([here(), ...Array.from({ length: count }, runOne)]);
  return results;
}
