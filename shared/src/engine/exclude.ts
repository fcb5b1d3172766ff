/**
 * `exclude` globs of `.cellguard.json`, matched the same way by the CLI, VS Code and JupyterLab.
 *
 * A glob is compiled to a small NFA and run as a set of states over the path (Thompson's
 * construction), so matching costs O(path length × pattern length) whatever the pattern: a
 * cloned repository's `**a**a**a…!` cannot hang an editor. (picomatch and minimatch compile to a
 * backtracking JavaScript RegExp, which such globs drive into exponential time.)
 *
 * Syntax: `*` any run of characters within a path segment, `?` one character other than `/`,
 * `**` any run of characters including `/` (`**` followed by `/` also matches no folder at all),
 * `[abc]` / `[a-z]` / `[!a]` one character of (or not of) a set, `{a,b}` alternatives. A pattern
 * without a `/` (other than a trailing one) matches a file or folder name at any depth; a pattern
 * with one is relative to the folder holding the config. A pattern that matches a folder
 * excludes everything below it, so `build/`, `build` and `build/**` all exclude `build/x.ipynb`.
 */

/** Why a glob could not be compiled (an unbalanced `{`, too many alternatives). */
export class GlobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlobError';
  }
}

const MAX_GLOB_CHARS = 1000;
const MAX_ALTERNATIVE_DEPTH = 8;

interface NfaNode {
  /** Epsilon moves. */
  readonly eps: number[];
  /** Moves that consume one character. */
  readonly edges: { readonly test: (c: string) => boolean; readonly to: number }[];
}

const notSlash = (c: string): boolean => c !== '/';
const anyChar = (): boolean => true;

class Nfa {
  readonly nodes: NfaNode[] = [];

  node(): number {
    this.nodes.push({ eps: [], edges: [] });
    return this.nodes.length - 1;
  }

  eps(from: number, to: number): void {
    this.nodes[from]!.eps.push(to);
  }

  edge(from: number, test: (c: string) => boolean, to: number): void {
    this.nodes[from]!.edges.push({ test, to });
  }
}

/** A compiled exclude glob. */
export class Glob {
  private readonly nfa = new Nfa();
  private readonly start: number;
  private readonly accept: number;

  constructor(readonly source: string) {
    if (source.length > MAX_GLOB_CHARS)
      throw new GlobError(`exclude pattern is longer than ${MAX_GLOB_CHARS} characters`);
    let pattern = source.trim().replace(/\\/g, '/').replace(/^\.\//, '');
    if (pattern.length === 0) throw new GlobError('exclude pattern is empty');
    while (pattern.endsWith('/')) pattern = pattern.slice(0, -1);
    const anchored = pattern.includes('/') && !pattern.startsWith('**/');
    const nfa = this.nfa;
    this.start = nfa.node();
    let at = this.start;
    if (!anchored && !pattern.startsWith('**/')) at = this.globstarDir(at);
    const parser = new Parser(pattern, nfa, this);
    at = parser.sequence(at, 0);
    if (parser.pos < pattern.length)
      throw new GlobError(`exclude pattern ${JSON.stringify(source)}: unbalanced "}"`);
    // A matched folder excludes everything below it: an optional "/…" tail.
    this.accept = nfa.node();
    nfa.eps(at, this.accept);
    const below = nfa.node();
    nfa.edge(at, (c) => c === '/', below);
    nfa.edge(below, anyChar, below);
    nfa.eps(below, this.accept);
  }

  /** `**` followed by `/`: no folder, or any run of characters ending in `/`. */
  globstarDir(from: number): number {
    const nfa = this.nfa;
    const inside = nfa.node();
    const out = nfa.node();
    nfa.eps(from, out);
    nfa.edge(from, anyChar, inside);
    nfa.edge(inside, anyChar, inside);
    nfa.edge(from, (c) => c === '/', out);
    nfa.edge(inside, (c) => c === '/', out);
    return out;
  }

  /** True when `path` (relative, `/`-separated) or one of its parent folders matches. */
  matches(path: string): boolean {
    const normalised = path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
    const { nodes } = this.nfa;
    let current = this.closure([this.start]);
    for (let i = 0; i < normalised.length; i++) {
      const c = normalised[i]!;
      const next: number[] = [];
      for (const state of current)
        for (const edge of nodes[state]!.edges) if (edge.test(c)) next.push(edge.to);
      if (next.length === 0) return false;
      current = this.closure(next);
    }
    return current.includes(this.accept);
  }

  private closure(states: readonly number[]): number[] {
    const { nodes } = this.nfa;
    const seen = new Uint8Array(nodes.length);
    const stack = [...states];
    const out: number[] = [];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen[s]) continue;
      seen[s] = 1;
      out.push(s);
      for (const e of nodes[s]!.eps) if (!seen[e]) stack.push(e);
    }
    return out;
  }
}

/** Recursive-descent glob parser emitting NFA fragments (depth bounded by `{` nesting). */
class Parser {
  pos = 0;
  constructor(
    private readonly p: string,
    private readonly nfa: Nfa,
    private readonly glob: Glob,
  ) {}

  /** Parse until the end, or an unnested `,` / `}` when inside alternatives. */
  sequence(from: number, depth: number): number {
    const { p, nfa } = this;
    let at = from;
    while (this.pos < p.length) {
      const c = p[this.pos]!;
      if (depth > 0 && (c === ',' || c === '}')) return at;
      if (c === '*' && p[this.pos + 1] === '*') {
        this.pos += 2;
        if (p[this.pos] === '/') {
          this.pos++;
          at = this.glob.globstarDir(at);
        } else {
          const loop = nfa.node();
          nfa.eps(at, loop);
          nfa.edge(loop, anyChar, loop);
          at = loop;
        }
      } else if (c === '*') {
        this.pos++;
        const loop = nfa.node();
        nfa.eps(at, loop);
        nfa.edge(loop, notSlash, loop);
        at = loop;
      } else if (c === '?') {
        this.pos++;
        const next = nfa.node();
        nfa.edge(at, notSlash, next);
        at = next;
      } else if (c === '[' && p.indexOf(']', this.pos + 2) > this.pos) {
        const close = p.indexOf(']', this.pos + 2);
        const test = charClass(p.slice(this.pos + 1, close));
        this.pos = close + 1;
        const next = nfa.node();
        nfa.edge(at, test, next);
        at = next;
      } else if (c === '{') {
        if (depth >= MAX_ALTERNATIVE_DEPTH)
          throw new GlobError(`exclude pattern ${JSON.stringify(p)}: "{" nested too deeply`);
        this.pos++;
        const end = nfa.node();
        for (;;) {
          const branch = nfa.node();
          nfa.eps(at, branch);
          nfa.eps(this.sequence(branch, depth + 1), end);
          if (p[this.pos] === ',') {
            this.pos++;
            continue;
          }
          if (p[this.pos] !== '}')
            throw new GlobError(`exclude pattern ${JSON.stringify(p)}: "{" is not closed`);
          this.pos++;
          break;
        }
        at = end;
      } else {
        this.pos++;
        const next = nfa.node();
        nfa.edge(at, (x) => x === c, next);
        at = next;
      }
    }
    if (depth > 0) throw new GlobError(`exclude pattern ${JSON.stringify(p)}: "{" is not closed`);
    return at;
  }
}

/** `[abc]`, `[a-z0-9]`, `[!x]` / `[^x]` → a character test (never matches `/`). */
function charClass(body: string): (c: string) => boolean {
  const negated = body.startsWith('!') || body.startsWith('^');
  const chars = [...(negated ? body.slice(1) : body)];
  const singles = new Set<string>();
  const ranges: [string, string][] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      ranges.push([chars[i]!, chars[i + 2]!]);
      i += 2;
    } else singles.add(chars[i]!);
  }
  return (c) => {
    if (c === '/') return false;
    const inSet = singles.has(c) || ranges.some(([lo, hi]) => c >= lo && c <= hi);
    return negated ? !inSet : inSet;
  };
}

/** Compiled exclude globs; invalid ones are reported, never thrown at match time. */
export class ExcludeSet {
  readonly globs: readonly Glob[];
  readonly errors: readonly string[];

  constructor(patterns: readonly string[]) {
    const globs: Glob[] = [];
    const errors: string[] = [];
    for (const pattern of patterns) {
      try {
        globs.push(new Glob(pattern));
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
    this.globs = globs;
    this.errors = errors;
  }

  /** True when the relative `path` (or a folder above it) matches one of the globs. */
  isExcluded(path: string): boolean {
    return this.globs.some((glob) => glob.matches(path));
  }
}

/** One-off check: is the relative `path` excluded by `patterns`? (Invalid globs match nothing.) */
export function isExcluded(path: string, patterns: readonly string[]): boolean {
  return new ExcludeSet(patterns).isExcluded(path);
}
