/** Summarise a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by file. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './corpus.mjs';

function where(url) {
  if (!url) return '(native)';
  let path = url;
  try {
    if (url.startsWith('file://')) path = fileURLToPath(url);
  } catch {
    /* keep the url */
  }
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    const file = rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/');
    return `${pkg}:${file}`;
  }
  if (path.startsWith('node:')) return path;
  return path.startsWith('/') ? relative(REPO_ROOT, path) : path;
}

/**
 * Self time (ms and % of sampled time, idle excluded) for the top functions and files.
 * `(garbage collector)` and `(program)` are kept as their own rows: they are part of the cost.
 */
export function summarise(profilePath, top = 12) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = timeDeltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  const fn = new Map();
  const file = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    const cf = node.callFrame;
    if (cf.functionName === '(idle)') continue;
    total += us;
    const loc = where(cf.url);
    const name = cf.functionName || '(anonymous)';
    const fnKey = cf.url ? `${loc}:${cf.lineNumber + 1} ${name}` : name;
    fn.set(fnKey, (fn.get(fnKey) ?? 0) + us);
    const fileKey = cf.url ? loc : name.startsWith('(') ? name : `(native) ${name}`;
    file.set(fileKey, (file.get(fileKey) ?? 0) + us);
  }
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, pct: (100 * us) / total }));
  return { totalMs: total / 1000, functions: rank(fn), files: rank(file) };
}
