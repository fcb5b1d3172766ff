/**
 * Regular-expression safety: find every regex the analysis can run, build adversarial inputs
 * from each pattern's own alphabet, and time them. Enumeration is by construction, not by list:
 *   1. every compiled module under shared/dist/{rules,engine,notebook,python} (those with a
 *      source file) is parsed with acorn: regex literals and `RegExp(…)` / `new RegExp(…)` calls;
 *   2. the same modules are imported and RegExp values among their exports (one level into
 *      arrays and objects) are collected;
 *   3. the secretlint preset that the secret rules run on cell text is scanned like (1), and so
 *      are the parsers the environment files go through (`@renovatebot/pep440`, `smol-toml`,
 *      `js-yaml`); the patterns pep440 builds at import are captured at run time.
 * A `RegExp(…)` built from a non-literal is listed as dynamic; each must be justified in
 * `DYNAMIC_JUSTIFIED` (see regex-safety.test.ts), so a new one cannot slip through.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as acorn from 'acorn';
import { prng } from './fuzz-gen.js';
import { repoRoot } from './paths.js';

export interface FoundRegex {
  readonly source: string;
  readonly flags: string;
  /** Where it was found: `rules/secrets/providers.js:12` or `export detectors.PATTERN`. */
  readonly where: string;
  readonly family: string;
}

export interface DynamicRegex {
  readonly where: string;
  readonly code: string;
}

const DIST = join(repoRoot, 'shared', 'dist');
const SRC = join(repoRoot, 'shared', 'src');
export const CORE_FOLDERS = ['rules', 'engine', 'notebook', 'python', 'env'];

/** Compiled core modules that still have a source file (stale outputs of deleted files are skipped). */
export function coreModules(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.js')) {
        const rel = relative(DIST, full);
        if (existsSync(join(SRC, rel.replace(/\.js$/, '.ts')))) out.push(full);
      }
    }
  };
  for (const folder of CORE_FOLDERS) walk(join(DIST, folder));
  return out;
}

/** Third-party code that runs the core's patterns on notebook text or on environment files. */
export function thirdPartyModules(): string[] {
  const require = createRequire(join(SRC, 'index.ts'));
  const out: string[] = [];
  const add = (pkg: string, folder: string, filter: (name: string) => boolean): void => {
    let dir: string;
    try {
      dir = join(require.resolve(`${pkg}/package.json`), '..', folder);
    } catch {
      return; // Not installed: nothing of the core uses it then.
    }
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) if (filter(name)) out.push(join(dir, name));
  };
  add('@secretlint/secretlint-rule-preset-recommend', 'module', (name) => name === 'index.js');
  add('@renovatebot/pep440', 'lib', (name) => name.endsWith('.js'));
  add('smol-toml', 'dist', (name) => name.endsWith('.js'));
  add('js-yaml', 'dist', (name) => name === 'js-yaml.mjs');
  return out;
}

function familyOf(file: string): string {
  const rel = relative(DIST, file);
  if (rel.startsWith('..')) return file.includes('@secretlint') ? 'third-party' : 'env-third-party';
  const parts = rel.split(/[\\/]/);
  return parts[0] === 'rules' ? `rules/${parts[1]}` : parts[0]!;
}

type Node = acorn.Node & Record<string, unknown>;

function walkAst(node: unknown, visit: (n: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) walkAst(child, visit);
    return;
  }
  const n = node as Node;
  if (typeof n.type === 'string') visit(n);
  for (const key of Object.keys(n)) {
    if (key === 'loc' || key === 'start' || key === 'end') continue;
    const value = n[key];
    if (value && typeof value === 'object') walkAst(value, visit);
  }
}

function literalString(node: unknown): string | undefined {
  const n = node as Node | undefined;
  if (!n) return undefined;
  if (n.type === 'Literal' && typeof n['value'] === 'string') return n['value'];
  const quasis = n['quasis'] as { value: { cooked: string } }[] | undefined;
  const expressions = n['expressions'] as unknown[] | undefined;
  if (n.type === 'TemplateLiteral' && quasis && expressions?.length === 0)
    return quasis[0]?.value.cooked;
  return undefined;
}

/** Regex literals and RegExp constructions in one compiled module. */
export function regexesInSource(file: string): { found: FoundRegex[]; dynamic: DynamicRegex[] } {
  const code = readFileSync(file, 'utf8');
  const ast = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  const found: FoundRegex[] = [];
  const dynamic: DynamicRegex[] = [];
  const rel = relative(repoRoot, file);
  const family = familyOf(file);
  walkAst(ast, (node) => {
    const line = (node.loc?.start.line ?? 0).toString();
    const regex = node['regex'] as { pattern: string; flags: string } | undefined;
    if (node.type === 'Literal' && regex) {
      found.push({ source: regex.pattern, flags: regex.flags, where: `${rel}:${line}`, family });
      return;
    }
    if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return;
    const callee = node['callee'] as Node;
    if (callee.type !== 'Identifier' || callee['name'] !== 'RegExp') return;
    const args = node['arguments'] as Node[];
    const pattern = literalString(args[0]);
    const flags = args[1] === undefined ? '' : literalString(args[1]);
    if (pattern !== undefined && flags !== undefined)
      found.push({ source: pattern, flags, where: `${rel}:${line}`, family });
    else
      dynamic.push({
        where: `${rel}:${line}`,
        code: code.slice(node.start, Math.min(node.end, node.start + 160)),
      });
  });
  return { found, dynamic };
}

/** RegExp values among a module's exports (one level into arrays and plain objects). */
export async function regexesInExports(file: string): Promise<FoundRegex[]> {
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const found: FoundRegex[] = [];
  const rel = relative(repoRoot, file);
  const add = (value: unknown, name: string): void => {
    if (value instanceof RegExp)
      found.push({
        source: value.source,
        flags: value.flags,
        where: `${rel} export ${name}`,
        family: familyOf(file),
      });
  };
  for (const [name, value] of Object.entries(module)) {
    add(value, name);
    if (Array.isArray(value)) value.forEach((v, i) => add(v, `${name}[${i}]`));
    else if (
      value &&
      typeof value === 'object' &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      for (const [k, v] of Object.entries(value)) {
        add(v, `${name}.${k}`);
        if (v && typeof v === 'object')
          for (const [k2, v2] of Object.entries(v)) add(v2, `${name}.${k}.${k2}`);
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Adversarial inputs from a pattern's own alphabet

interface Atom {
  /** Characters this atom can match (a sample). */
  readonly chars: string[];
  readonly repeats: boolean;
}

const CLASS_ESCAPES: Record<string, string[]> = {
  d: ['0', '7'],
  D: ['a', '-'],
  w: ['a', 'Z', '_', '5'],
  W: ['-', ' ', '.'],
  s: [' ', '\t', '\n'],
  S: ['a', '-', '0'],
};
const CONTROL: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

function escapeAt(pattern: string, i: number): { chars: string[]; length: number } {
  const c = pattern[i + 1] ?? '';
  if (CLASS_ESCAPES[c]) return { chars: CLASS_ESCAPES[c]!, length: 2 };
  if (CONTROL[c]) return { chars: [CONTROL[c]!], length: 2 };
  if (c === 'x')
    return {
      chars: [String.fromCharCode(parseInt(pattern.slice(i + 2, i + 4), 16) || 0x41)],
      length: 4,
    };
  if (c === 'u' && pattern[i + 2] === '{') {
    const close = pattern.indexOf('}', i);
    return {
      chars: [String.fromCodePoint(parseInt(pattern.slice(i + 3, close), 16) || 0x41)],
      length: close - i + 1,
    };
  }
  if (c === 'u')
    return {
      chars: [String.fromCharCode(parseInt(pattern.slice(i + 2, i + 6), 16) || 0x41)],
      length: 6,
    };
  if (c === 'p' || c === 'P') {
    const close = pattern.indexOf('}', i);
    return { chars: ['a', 'Z', 'é', '1'], length: close - i + 1 };
  }
  if (c === 'k') {
    const close = pattern.indexOf('>', i);
    return { chars: [], length: close - i + 1 };
  }
  if (c === 'b' || c === 'B' || /[1-9]/.test(c)) return { chars: [], length: 2 };
  if (c === 'c') return { chars: [], length: 3 };
  return { chars: [c], length: 2 };
}

function classMembers(pattern: string, i: number): { chars: string[]; length: number } {
  // pattern[i] === '['
  let j = i + 1;
  const negated = pattern[j] === '^';
  if (negated) j++;
  const chars: string[] = [];
  let first = true;
  while (j < pattern.length && (pattern[j] !== ']' || first)) {
    first = false;
    let cs: string[];
    let len: number;
    if (pattern[j] === '\\') {
      const e = escapeAt(pattern, j);
      cs = e.chars;
      len = e.length;
    } else {
      cs = [pattern[j]!];
      len = 1;
    }
    if (
      pattern[j + len] === '-' &&
      pattern[j + len + 1] !== ']' &&
      cs.length === 1 &&
      j + len + 1 < pattern.length
    ) {
      let hiChars: string[];
      let hiLen: number;
      if (pattern[j + len + 1] === '\\') {
        const e = escapeAt(pattern, j + len + 1);
        hiChars = e.chars;
        hiLen = e.length;
      } else {
        hiChars = [pattern[j + len + 1]!];
        hiLen = 1;
      }
      const lo = cs[0]!.codePointAt(0)!;
      const hi = hiChars[0]?.codePointAt(0) ?? lo;
      chars.push(
        String.fromCodePoint(lo),
        String.fromCodePoint(hi),
        String.fromCodePoint(Math.floor((lo + hi) / 2)),
      );
      j += len + 1 + hiLen;
      continue;
    }
    chars.push(...cs);
    j += len;
  }
  const length = j - i + 1;
  if (negated) {
    const excluded = new Set(chars);
    return { chars: ['a', ' ', '0', '"', '/', '\n', '-'].filter((c) => !excluded.has(c)), length };
  }
  return { chars, length };
}

/** The pattern's atoms in order (first alternative of each group, a coarse but useful walk). */
export function atomsOf(pattern: string): { atoms: Atom[]; alphabet: string[] } {
  const atoms: Atom[] = [];
  const alphabet = new Set<string>();
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    let chars: string[] = [];
    let length = 1;
    if (c === '\\') ({ chars, length } = escapeAt(pattern, i));
    else if (c === '[') ({ chars, length } = classMembers(pattern, i));
    else if (c === '(') {
      // Skip group syntax: (?: (?= (?! (?<= (?<! (?<name>
      const m = /^\(\?(?:[:=!]|<=|<!|<[A-Za-z_$][\w$]{0,40}>)?/.exec(pattern.slice(i, i + 48));
      length = m ? m[0].length : 1;
    } else if (c === '.') chars = ['a', ' ', '.'];
    else if ('^$)|'.includes(c)) chars = [];
    else if ('*+?'.includes(c)) {
      const last = atoms[atoms.length - 1];
      if (last && c !== '?') atoms[atoms.length - 1] = { ...last, repeats: true };
      i++;
      continue;
    } else if (c === '{' && /^\{\d{1,9}(?:,\d{0,9})?\}/.test(pattern.slice(i, i + 24))) {
      const close = pattern.indexOf('}', i);
      const last = atoms[atoms.length - 1];
      if (last) atoms[atoms.length - 1] = { ...last, repeats: true };
      i = close + 1;
      continue;
    } else chars = [c];
    for (const ch of chars) alphabet.add(ch);
    if (chars.length > 0) atoms.push({ chars, repeats: false });
    i += length;
  }
  return { atoms, alphabet: [...alphabet] };
}

/** A character the pattern's alphabet does not contain, used as a rejecting suffix. */
export function rejectingChar(alphabet: readonly string[]): string {
  const taken = new Set(alphabet);
  return ['\u0001', '!', '#', '~', '\u00a7', '\u2603'].find((c) => !taken.has(c)) ?? '\u2603';
}

function repeatTo(unit: string, size: number): string {
  if (unit.length === 0) return '';
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/**
 * Adversarial inputs of `size` chars for one pattern: near-match prefixes repeated, each atom's
 * characters in long runs after the prefix that leads to it, random mixes of the alphabet — each
 * ending in a rejecting character.
 */
export function adversarialInputs(
  source: string,
  size: number,
  seed = 1,
): { name: string; text: string }[] {
  const { atoms, alphabet } = atomsOf(source);
  const reject = rejectingChar(alphabet);
  const walk = atoms.map((a) => (a.repeats ? a.chars[0]!.repeat(3) : a.chars[0]!)).join('');
  const inputs: { name: string; text: string }[] = [];
  if (walk.length > 0) {
    inputs.push({ name: 'walk repeated', text: repeatTo(walk, size - 1) + reject });
    if (walk.length > 1)
      inputs.push({
        name: 'near-match (walk minus last) repeated',
        text: repeatTo(walk.slice(0, -1) + reject, size),
      });
  }
  // Each repeated atom (up to 8) pumped after the prefix that reaches it.
  let prefix = '';
  let pumped = 0;
  for (const atom of atoms) {
    if (atom.repeats && pumped < 8) {
      for (const ch of atom.chars.slice(0, 2))
        inputs.push({
          name: `prefix + ${JSON.stringify(ch)}×n`,
          text: (prefix + repeatTo(ch, size - prefix.length - 1) + reject).slice(0, size),
        });
      pumped++;
    }
    prefix += atom.chars[0]!;
    if (prefix.length > 200) break;
  }
  // Single characters of the alphabet (up to 8) in long runs.
  for (const ch of alphabet.slice(0, 8))
    inputs.push({ name: `${JSON.stringify(ch)}×n`, text: repeatTo(ch, size - 1) + reject });
  // A seeded random mix of the alphabet.
  if (alphabet.length > 0) {
    const rand = prng(seed);
    let mix = '';
    while (mix.length < 4096) mix += alphabet[Math.floor(rand() * alphabet.length)]!;
    inputs.push({ name: 'random alphabet mix', text: repeatTo(mix, size) });
  }
  const seen = new Set<string>();
  return inputs.filter((input) => {
    const key = input.text.slice(0, 256) + input.text.length;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Time one search of `text` with the pattern made non-global: on an input with no match (the
 * adversarial inputs end in a rejecting character) the engine tries every start position, which
 * is where super-linear backtracking shows. Inputs dense with matches return early; timing every
 * match of those would measure allocation, not backtracking.
 */
export function timeScan(re: RegExp, text: string): number {
  const scanner = new RegExp(re.source, re.flags.replace('g', '').replace('y', ''));
  const start = performance.now();
  scanner.test(text);
  return performance.now() - start;
}

// ---------------------------------------------------------------------------------------------
// Running jobs in killable workers

export type JobResult<T> =
  { ok: true; outcome: T } | { ok: false; stuckOn: string; afterMs: number };

/**
 * Run jobs in `parallel` workers. A worker that posts nothing for `quietMs` (one input scanning
 * too long — catastrophic backtracking) is terminated: its current job is reported as stuck and
 * the rest of its queue goes to a fresh worker.
 */
export async function runJobsInWorkers<J extends { id: number }, T extends { id: number }>(
  jobs: readonly J[],
  quietMs: number,
  parallel = 2,
): Promise<Map<number, JobResult<T>>> {
  const { Worker } = await import('node:worker_threads');
  const results = new Map<number, JobResult<T>>();
  const lanes: J[][] = Array.from({ length: parallel }, () => []);
  jobs.forEach((job, i) => lanes[i % parallel]!.push(job));
  const runLane = async (queue: J[]): Promise<void> => {
    while (queue.length > 0) {
      await new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL('./fuzz-regex-worker.js', import.meta.url), {
          workerData: { jobs: queue },
        });
        let current = queue[0]!.id;
        let what = 'start-up';
        let since = performance.now();
        let timer: NodeJS.Timeout;
        const arm = (): void => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            results.set(current, { ok: false, stuckOn: what, afterMs: performance.now() - since });
            queue.splice(0, queue.findIndex((j) => j.id === current) + 1);
            void worker.terminate().then(() => resolve());
          }, quietMs);
        };
        arm();
        worker.on('message', (message: { kind: string; id: number; what?: string }) => {
          if (message.kind === 'progress') {
            current = message.id;
            what = message.what ?? '';
            since = performance.now();
          } else {
            results.set(message.id, { ok: true, outcome: message as unknown as T });
          }
          arm();
        });
        worker.once('exit', () => {
          clearTimeout(timer);
          // Drop what this worker finished; a kill already trimmed the queue.
          const done = queue.filter((j) => results.has(j.id)).length;
          if (done === queue.length) queue.length = 0;
          else queue.splice(0, queue.length, ...queue.filter((j) => !results.has(j.id)));
          resolve();
        });
        worker.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
    }
  };
  await Promise.all(lanes.map(runLane));
  return results;
}
