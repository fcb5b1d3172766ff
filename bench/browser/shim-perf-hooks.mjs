/** `node:perf_hooks` for the browser bundle (as jupyter-ext/shims does): the page's own clock. */
export const performance = globalThis.performance;
export default { performance };
