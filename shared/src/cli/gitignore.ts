/**
 * What git ignores, the walk skips — as ruff and ripgrep do: every `.gitignore` from the
 * repository root down to the folder being walked, and `.git/info/exclude`, with git's rules
 * (deeper files win, `!` re-includes) through the `ignore` library, which implements the
 * gitignore(5) pattern syntax. Paths named on the command line are never filtered. Outside a git
 * repository nothing is ignored. Patterns only ever run against one relative path.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface Layer {
  readonly dir: string;
  readonly rules: Ignore;
}

function readRules(path: string): Ignore | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return ignore().add(text);
}

/** The git repository root above `dir` (a folder holding `.git`), if any. */
export function gitRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** Answers "does git ignore this path?" for paths inside one or more repositories. */
export class GitIgnore {
  /** Layers per folder: that folder's `.gitignore` and those of its parents up to the root. */
  private readonly layers = new Map<string, readonly Layer[]>();

  private layersOf(dir: string): readonly Layer[] {
    const known = this.layers.get(dir);
    if (known) return known;
    let result: readonly Layer[];
    if (existsSync(join(dir, '.git'))) {
      const own: Layer[] = [];
      // .git/info/exclude has the lowest priority, then the root's .gitignore.
      let gitDir = join(dir, '.git');
      try {
        if (!statSync(gitDir).isDirectory()) gitDir = ''; // a worktree's .git file: no info/
      } catch {
        gitDir = '';
      }
      const exclude = gitDir ? readRules(join(gitDir, 'info', 'exclude')) : undefined;
      if (exclude) own.push({ dir, rules: exclude });
      const rules = readRules(join(dir, '.gitignore'));
      if (rules) own.push({ dir, rules });
      result = own;
    } else {
      const parent = dirname(dir);
      const above = parent === dir ? undefined : this.layersOf(parent);
      if (above === undefined || (above.length === 0 && !gitRoot(parent))) result = [];
      else {
        const rules = readRules(join(dir, '.gitignore'));
        result = rules ? [...above, { dir, rules }] : above;
      }
    }
    this.layers.set(dir, result);
    return result;
  }

  /** Is `full` (a file, or a folder when `isDir`) ignored by git? */
  ignores(full: string, isDir: boolean): boolean {
    let ignored = false;
    for (const layer of this.layersOf(dirname(full))) {
      const rel = relative(layer.dir, full).split(sep).join('/');
      if (!rel || rel.startsWith('..')) continue;
      const verdict = layer.rules.test(isDir ? `${rel}/` : rel);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}
