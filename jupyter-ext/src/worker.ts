/**
 * The analysis worker's entry: answers `WorkerRequest`s with the core (see `analysis.ts`).
 * Bundled on its own by `scripts/build-worker.mjs`; never imported by the page.
 */
import type { createAnalyzer } from '@cellguard/core';
import { answer, type WorkerRequest, type WorkerResponse } from './analysis';

const scope = globalThis as unknown as {
  onmessage: ((event: { data: WorkerRequest }) => void) | null;
  postMessage(message: WorkerResponse): void;
};
const analyzers = new Map<string, ReturnType<typeof createAnalyzer>>();
// Requests are answered in order: a configure is applied before the analyses sent after it.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = ({ data }) => {
  queue = queue.then(async () => scope.postMessage(await answer(analyzers, data)));
};
