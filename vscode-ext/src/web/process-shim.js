// Minimal `process` for dependencies that peek at process.env in the web worker build.
const processShim = {
  env: {},
  platform: 'browser',
  version: '',
  versions: {},
  cwd: () => '/',
  nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),
};
export default processShim;
