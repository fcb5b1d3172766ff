// Browser stand-in for Node's `perf_hooks` (secretlint times its rules with it).
export const performance = globalThis.performance;
export default { performance };
