// `node:perf_hooks` for the web worker build: secretlint only reads `performance.now()`.
export const performance = globalThis.performance;
export default { performance };
