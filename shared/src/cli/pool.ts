/**
 * Scanning many files on every core. Each worker thread builds its own analyzer from the same
 * config file and scans the files it is handed; results (already located, texts dropped) come
 * back in file order. Small scans stay on the main thread: a worker costs ~0.3 s to start.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileResult } from './scan.js';

/** Below this many bytes in total, one thread finishes before workers would have started. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** How many workers a scan of these files deserves (0: scan on the main thread). */
export function workerCount(files: readonly string[], requested?: number): number {
  if (requested !== undefined) return requested <= 1 ? 0 : Math.min(requested, files.length);
  const cores = availableParallelism();
  if (cores < 2 || files.length < 4) return 0;
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // unreadable: the scan itself reports it
    }
    if (bytes >= PARALLEL_MIN_BYTES) return Math.min(cores, files.length, 8);
  }
  return 0;
}

export interface WorkerRequest {
  readonly configPath?: string;
  readonly fingerprintKey?: string;
  readonly files: readonly string[];
}

export type WorkerMessage =
  | { readonly type: 'result'; readonly index: number; readonly result: FileResult }
  | { readonly type: 'fatal'; readonly message: string };

/**
 * Scan `files` with `count` workers. Files are handed out one at a time (largest notebooks do not
 * pile up on one worker). Resolves with results in the order of `files`.
 */
export async function scanInWorkers(
  files: readonly string[],
  count: number,
  configPath: string | undefined,
  fingerprintKey?: string,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array<FileResult>(files.length);
  let next = 0;
  const workerUrl = new URL('./worker.js', import.meta.url);
  const runOne = (): Promise<void> =>
    new Promise((resolvePromise, reject) => {
      const worker = new Worker(workerUrl, {
        workerData: { configPath, fingerprintKey } satisfies Omit<WorkerRequest, 'files'>,
      });
      const handOut = (): void => {
        if (next >= files.length) {
          void worker.terminate();
          resolvePromise();
          return;
        }
        const index = next++;
        worker.postMessage({ index, path: files[index] });
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'fatal') {
          void worker.terminate();
          reject(new Error(message.message));
          return;
        }
        results[message.index] = message.result;
        handOut();
      });
      worker.on('error', reject);
      worker.on('online', handOut);
    });
  await Promise.all(Array.from({ length: count }, runOne));
  return results;
}
