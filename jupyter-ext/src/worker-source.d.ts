/**
 * The analysis worker bundled into one script (written to `lib/worker-source.js` by
 * `scripts/build-worker.mjs` before the labextension build). Empty when it was not built
 * (jest, a bare `tsc`): the extension then analyses in the page.
 */
export declare const WORKER_SOURCE: string;
