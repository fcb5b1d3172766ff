/**
 * The tool's own safety: Cellguard never runs notebook code, never unpickles, never touches the
 * network. Dynamic half: every way Node can open a connection, resolve a name or start a process
 * is replaced by a recorder that throws, before the CLI is loaded; then the CLI scans the
 * fixtures, a corpus subset and secret-laden notebooks, and nothing may have been called.
 * Static half: the built core (shared/dist without cli/ and tools/) and every package it
 * depends on are searched for process, eval and network APIs; each third-party hit needs a
 * justification below.
 */
import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import dns from 'node:dns';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import vm from 'node:vm';
import { corpusSubset, countTried, fakeSecrets, reportTried } from '../support/fuzz-gen.js';
import { fixturesDir, repoRoot } from '../support/paths.js';

const calls: string[] = [];
/**
 * Node's own web streams (behind `DecompressionStream`, which the model reader inflates ZIP
 * members with) make a cross-realm RegExp once through `vm.runInNewContext('this')` from
 * `getInternalGlobal` in node:internal/util. That call is Node's, not Cellguard's or a
 * dependency's, and evaluates no input: it alone is let through to the real function.
 */
function isNodeInternalGlobal(): boolean {
  const frames = (new Error().stack ?? '').split('\n').slice(3, 4);
  return frames.some((f) => /\bgetInternalGlobal \(node:internal\/util:/.test(f));
}
function trap<T extends object>(target: T, name: string, label: string): void {
  const record = target as Record<string, unknown>;
  const original = record[name];
  if (typeof original !== 'function') return;
  record[name] = (...args: unknown[]): unknown => {
    if (label.startsWith('vm.') && args[0] === 'this' && isNodeInternalGlobal())
      return (original as (...a: unknown[]) => unknown).apply(target, args);
    calls.push(
      `${label}(${args
        .map((a) => (typeof a === 'string' ? a : typeof a))
        .join(', ')
        .slice(0, 120)})`,
    );
    throw new Error(`no-network test: ${label} was called`);
  };
}
trap(net.Socket.prototype, 'connect', 'net.Socket.connect');
trap(net, 'connect', 'net.connect');
trap(net, 'createConnection', 'net.createConnection');
for (const [mod, label] of [
  [http, 'http'],
  [https, 'https'],
] as const) {
  trap(mod, 'request', `${label}.request`);
  trap(mod, 'get', `${label}.get`);
}
trap(globalThis, 'fetch', 'fetch');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'])
  trap(dns, name, `dns.${name}`);
for (const name of ['lookup', 'resolve']) trap(dns.promises, name, `dns.promises.${name}`);
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'])
  trap(childProcess, name, `child_process.${name}`);
for (const name of ['runInThisContext', 'runInNewContext', 'runInContext', 'compileFunction'])
  trap(vm, name, `vm.${name}`);
// ES module imports of built-ins are live views of these objects once synced.
syncBuiltinESMExports();

const { main } = (await import(join(repoRoot, 'shared', 'dist', 'cli', 'main.js'))) as {
  main(
    argv: string[],
    io: { cwd: string; isTTY: boolean; stdout(t: string): void; stderr(t: string): void },
  ): Promise<number>;
};
const core = await import('@cellguard/core');

after(() => reportTried('no-network'));

async function scan(cwd: string, paths: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['scan', '--format', 'json', '--fail-on', 'none', ...paths], {
    cwd,
    isTTY: false,
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
  });
  return { code, out };
}

describe('nothing is connected, resolved, spawned or evaluated while scanning', () => {
  it('the traps work (a direct call is recorded)', () => {
    assert.throws(() => childProcess.execSync('true'));
    assert.throws(() => http.request('http://127.0.0.1:9/'));
    assert.deepEqual(calls.splice(0), [
      'child_process.execSync(true)',
      'http.request(http://127.0.0.1:9/)',
    ]);
  });

  it('CLI over the test fixtures', async () => {
    const { out } = await scan(repoRoot, [fixturesDir]);
    countTried(
      'net-files',
      (JSON.parse(out.slice(0, out.lastIndexOf('}') + 1)) as { files: unknown[] }).files.length,
    );
    assert.deepEqual(calls, []);
  });

  it('CLI over a corpus subset and over notebooks that load models and hold secrets', async () => {
    const files = corpusSubset(40);
    const dir = mkdtempSync(join(tmpdir(), 'cellguard-no-network-'));
    const secrets = fakeSecrets(5);
    const source = [
      'import pickle, torch, joblib, yaml, subprocess, os, requests',
      'model = pickle.load(open("model.pkl", "rb"))',
      'net = torch.load("weights.pt")',
      'clf = joblib.load("clf.joblib")',
      'cfg = yaml.load(open("c.yaml"), Loader=yaml.Loader)',
      'subprocess.run(["curl", "https://example.com"])',
      'os.system("rm -rf /tmp/x")',
      'requests.get("https://example.com")',
      '__import__("os").system("id")',
      ...secrets.map((s, i) => `k${i} = ${JSON.stringify(s.value)}`),
    ].join('\n');
    writeFileSync(
      join(dir, 'loads.ipynb'),
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [{ cell_type: 'code', source, metadata: {}, outputs: [] }],
      }),
    );
    writeFileSync(join(dir, 'loads.py'), source);
    // A pickle that would run a command if anything unpickled it.
    writeFileSync(
      join(dir, 'evil.pkl'),
      Buffer.from("cos\nsystem\n(S'touch /tmp/cellguard-unpickled'\ntR.", 'latin1'),
    );
    writeFileSync(
      join(dir, 'evil.ipynb'),
      Buffer.from("cos\nsystem\n(S'touch /tmp/cellguard-unpickled'\ntR.", 'latin1'),
    );
    const { out } = await scan(dir, [...files, dir]);
    countTried('net-files', files.length + 3);
    assert.match(out, /pickle-load/);
    assert.deepEqual(calls, []);
    assert.ok(!existsSync('/tmp/cellguard-unpickled'));
    rmSync(dir, { recursive: true, force: true });
  });

  it('the core API (every rule) over the same notebooks', async () => {
    const analyzer = core.createAnalyzer();
    for (const file of corpusSubset(20)) {
      countTried('net-api-notebooks');
      await analyzer.analyzeNotebook(core.parseNotebook(readFileSync(file, 'utf8')));
    }
    assert.deepEqual(calls, []);
  });
});

// ---------------------------------------------------------------------------------------------
// Static: what the built core and its dependencies could call.

const FORBIDDEN: readonly { name: string; re: RegExp }[] = [
  { name: 'child_process', re: /\bchild_process\b/ },
  { name: 'eval(', re: /(?<![\w.$])eval\s*\(/ },
  { name: 'new Function(', re: /\bnew\s+Function\s*\(/ },
  { name: 'fetch(', re: /(?<![\w.$])fetch\s*\(/ },
  { name: 'XMLHttpRequest', re: /\bXMLHttpRequest\b/ },
  { name: 'WebSocket', re: /\bWebSocket\b/ },
  { name: 'vm', re: /\b(?:require\(\s*["'](?:node:)?vm["']\s*\)|from\s*["'](?:node:)?vm["'])/ },
  {
    name: 'net/http/dns',
    re: /\b(?:require\(\s*["'](?:node:)?(?:net|http|https|dns|http2|tls|dgram)["']\s*\)|from\s*["'](?:node:)?(?:net|http|https|dns|http2|tls|dgram)["'])/,
  },
  { name: 'worker', re: /\bnew\s+Worker\s*\(/ },
];

/** Third-party hits that were read and are not reachable from analysis, with the reason. */
const THIRD_PARTY_JUSTIFIED: readonly { file: RegExp; name: string; why: string }[] = [];

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      if (
        entry === 'node_modules' ||
        entry === 'test' ||
        entry === 'tests' ||
        entry === '__tests__'
      )
        continue;
      const full = join(d, entry);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (/\.(?:c|m)?js$/.test(entry)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** The dependency closure of @cellguard/core, as installed. */
function dependencyDirs(): string[] {
  const seen = new Map<string, string>();
  const visit = (pkgJsonPath: string): void => {
    const pkg = JSON.parse(readFileSync(pkgJsonPath, 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const require = createRequire(pkgJsonPath);
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      if (seen.has(name)) continue;
      let resolved: string | undefined;
      try {
        resolved = require.resolve(`${name}/package.json`);
      } catch {
        // Packages whose exports hide package.json: find it next to the entry point.
        try {
          let dir = dirname(require.resolve(name));
          while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
          resolved = join(dir, 'package.json');
        } catch {
          resolved = undefined;
        }
      }
      if (!resolved) continue;
      seen.set(name, dirname(resolved));
      visit(resolved);
    }
  };
  visit(join(repoRoot, 'shared', 'package.json'));
  return [...seen.values()];
}

describe('static: no process, eval or network API in the built core or its dependencies', () => {
  it('shared/dist (without cli/ and tools/) uses none of them', () => {
    const dist = join(repoRoot, 'shared', 'dist');
    const files = jsFiles(dist).filter((f) => !/^(?:cli|tools)[\\/]/.test(relative(dist, f)));
    assert.ok(files.length > 20);
    const hits: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const { name, re } of FORBIDDEN)
        if (re.test(text)) hits.push(`${relative(repoRoot, file)}: ${name}`);
    }
    countTried('static-files', files.length);
    assert.deepEqual(hits, []);
  });

  it('the packages the core depends on use none of them (or are justified)', () => {
    const dirs = dependencyDirs();
    assert.ok(
      dirs.some((d) => d.includes('secretlint')),
      `dependency closure: ${dirs.join(', ')}`,
    );
    const hits: string[] = [];
    let count = 0;
    for (const dir of dirs) {
      for (const file of jsFiles(dir)) {
        count++;
        const text = readFileSync(file, 'utf8');
        for (const { name, re } of FORBIDDEN) {
          if (!re.test(text)) continue;
          const rel = relative(repoRoot, file);
          if (!THIRD_PARTY_JUSTIFIED.some((j) => j.name === name && j.file.test(rel)))
            hits.push(`${rel}: ${name}`);
        }
      }
    }
    countTried('static-files', count);
    console.log(`# no-network: ${dirs.length} dependency packages, ${count} files searched`);
    assert.deepEqual(hits, []);
  });
});
