/** A tiny POSIX `path` for the browser bundle when path-browserify is not installed. */
const normalize = (p) => {
  const abs = p.startsWith('/');
  const out = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (abs ? '/' : '') + out.join('/') || (abs ? '/' : '.');
};
export const sep = '/';
export const delimiter = ':';
export const join = (...parts) => normalize(parts.filter(Boolean).join('/'));
export const resolve = (...parts) =>
  normalize(parts.reduce((acc, p) => (p.startsWith('/') ? p : `${acc}/${p}`), '/'));
export const dirname = (p) =>
  normalize(p).replace(/\/[^/]*$/, '') || (p.startsWith('/') ? '/' : '.');
export const basename = (p, ext) => {
  const base = normalize(p).split('/').pop() ?? '';
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
};
export const extname = (p) => {
  const base = basename(p);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
};
export const isAbsolute = (p) => p.startsWith('/');
export const relative = (from, to) => {
  const a = normalize(from).split('/').filter(Boolean);
  const b = normalize(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
};
export const posix = {
  sep,
  delimiter,
  join,
  resolve,
  dirname,
  basename,
  extname,
  isAbsolute,
  relative,
  normalize,
};
export { normalize };
export default posix;
