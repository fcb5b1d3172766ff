/** esbuild bundles of the core for the browser, with Node built-ins mapped as the extensions map them. */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const shim = (name) => fileURLToPath(new URL(`../browser/${name}`, import.meta.url));

/** `node:path`/`path` → path-browserify, `node:perf_hooks` → the page clock, other built-ins → {}. */
const nodeShims = {
  name: 'node-shims',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(path|perf_hooks|fs|os|url|crypto|util)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (name === 'path') return { path: pathBrowserify() };
      if (name === 'perf_hooks') return { path: shim('shim-perf-hooks.mjs') };
      return { path: shim('shim-empty.mjs') };
    });
  },
};

/** path-browserify, as the extensions use it, else a small shim. */
function pathBrowserify() {
  try {
    return require.resolve('path-browserify');
  } catch {
    return shim('shim-path.mjs');
  }
}

async function esbuild() {
  return import('esbuild');
}

/** Bundle `entry` for a browser page; returns the code as a string. */
export async function bundleForBrowser(
  entry,
  { minify = false, format = 'iife', metafile = false } = {},
) {
  const { build } = await esbuild();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format,
    target: 'es2022',
    minify,
    legalComments: 'none',
    plugins: [nodeShims],
    logLevel: 'silent',
    metafile,
  });
  return metafile
    ? { text: result.outputFiles[0].text, metafile: result.metafile }
    : result.outputFiles[0].text;
}

/** The core alone (`shared/dist/index.js`), minified ESM: bytes raw, min, min+gz. */
export async function coreBundleSize() {
  const entry = fileURLToPath(new URL('../../shared/dist/index.js', import.meta.url));
  const plain = await bundleForBrowser(entry, { format: 'esm' });
  const { text: min, metafile } = await bundleForBrowser(entry, {
    format: 'esm',
    minify: true,
    metafile: true,
  });
  // Minified bytes by package (shared/ counts as @cellguard/core).
  const byPackage = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const nm = input.lastIndexOf('node_modules/');
      let name = '@cellguard/core';
      if (nm >= 0) {
        const rest = input.slice(nm + 'node_modules/'.length).split('/');
        name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
      } else if (input.includes('bench/browser/')) name = '(shims)';
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return {
    bundleBytes: Buffer.byteLength(plain),
    minBytes: Buffer.byteLength(min),
    minGzBytes: gzipSync(min, { level: 9 }).length,
    minBytesByPackage: [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => ({ name, bytes })),
  };
}
