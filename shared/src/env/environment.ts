/**
 * The Python environment a notebook runs on, as far as its project says: the requirements read
 * from environment files between the notebook's folder and the project root, overlaid with what
 * the notebook itself installs (`%pip install torch==2.5.1`, `!pip install …`).
 *
 * The walk is decided here, once, for the CLI and both editors: which folders (the notebook's,
 * then each parent up to the workspace root, stopping after a folder that holds `.git`), which
 * names (see `environmentFileNames`) and which order (nearer folder first; in one folder, lock
 * files before lists). Front ends only supply `list` and `read`.
 */
import type { NotebookDoc } from '../model/notebook.js';
import { environmentFileNames, MAX_ENVIRONMENT_FILE_CHARS, parseEnvironmentFile } from './files.js';
import { parsePep508, type Requirement } from './requirement.js';

export interface PythonEnvironment {
  /** By normalised name: the requirement that takes precedence for that package. */
  readonly requirements: ReadonlyMap<string, Requirement>;
  /** Environment files read, as shown in messages (relative to the notebook's folder). */
  readonly files: readonly string[];
  /** Files that could not be parsed, with the reason. */
  readonly problems: readonly string[];
}

export const EMPTY_ENVIRONMENT: PythonEnvironment = {
  requirements: new Map(),
  files: [],
  problems: [],
};

/** One environment file's text, handed in by a front end. */
export interface EnvironmentFileText {
  /** Base name (`requirements-dev.txt`): decides the parser. */
  readonly name: string;
  /** As shown in messages, relative to the notebook's folder (`../pyproject.toml`). */
  readonly displayPath: string;
  readonly text: string;
}

/**
 * Merge requirements in precedence order: the first one with a specifier wins; a bare name
 * (`torch`) only counts when nothing later pins the package.
 */
function merge(lists: readonly (readonly Requirement[])[]): Map<string, Requirement> {
  const out = new Map<string, Requirement>();
  for (const list of lists) {
    for (const requirement of list) {
      const seen = out.get(requirement.name);
      if (!seen || (seen.specifier === '' && requirement.specifier !== ''))
        out.set(requirement.name, requirement);
    }
  }
  return out;
}

/** The environment from files already in precedence order (see `collectEnvironment`). */
export function environmentFromFiles(files: readonly EnvironmentFileText[]): PythonEnvironment {
  const lists: Requirement[][] = [];
  const read: string[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const parsed = parseEnvironmentFile(file.name, file.text, file.displayPath);
    if (!parsed) continue;
    read.push(file.displayPath);
    if (parsed.problem) problems.push(`${file.displayPath}: ${parsed.problem}`);
    lists.push([...parsed.requirements]);
  }
  return { requirements: merge(lists), files: read, problems };
}

/** What the notebook installs itself: `%pip install`, `!pip install`, `%conda install`, `!uv pip install`. */
const INSTALL_LINE =
  /^[ \t]{0,64}[%!][ \t]{0,8}(?:\{[^}\n]{0,200}\}[ \t]{1,8}-m[ \t]{1,8}|python3?[ \t]{1,8}-m[ \t]{1,8})?(?:pip3?|uv[ \t]{1,8}pip|conda|mamba)[ \t]{1,8}install[ \t]([^\n]{0,2000})/;

/** pip options that take a value as the next word (which is then not a requirement). */
const OPTIONS_WITH_VALUE = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '-c',
  '--channel',
  '-n',
  '--name',
  '-p',
]);

/** Words of a shell line, single and double quotes removed (no expansion). */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else if (c === '#' && !inWord) break;
    else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** Requirements installed by the notebook's own cells, in cell order (later cells win). */
export function notebookInstalls(notebook: NotebookDoc): Requirement[] {
  const out: Requirement[] = [];
  notebook.cells.forEach((cell, cellIndex) => {
    if (cell.kind !== 'code' || !cell.source.includes('install')) return;
    const lines = cell.source.split('\n');
    lines.forEach((line, lineIndex) => {
      const match = INSTALL_LINE.exec(line);
      if (!match) return;
      const conda = /(?:conda|mamba)[ \t]{1,8}install/.test(line.slice(0, match.index + 64));
      const words = shellWords(match[1]!);
      for (let i = 0; i < words.length; i++) {
        const word = words[i]!;
        if (word.startsWith('-')) {
          if (OPTIONS_WITH_VALUE.has(word)) i++;
          continue;
        }
        // Shell glue (`&&`, `;`) ends the install command.
        if (word === '&&' || word === ';' || word === '|' || word === '||') break;
        const spec = conda ? condaToPep508(word) : word;
        const requirement = parsePep508(spec, {
          file: `cell ${cellIndex + 1}`,
          line: lineIndex + 1,
        });
        if (requirement) out.push(requirement);
      }
    });
  });
  // A later `%pip install` replaces what an earlier one installed.
  return out.reverse();
}

/** `pytorch=2.5.1` → `pytorch==2.5.1.*`, `keras>=3` unchanged. */
function condaToPep508(word: string): string {
  const eq = /^([A-Za-z0-9][\w.-]{0,200})=([^=]{1,100})/.exec(word);
  if (!eq) return word;
  const name = eq[1]!.toLowerCase() === 'pytorch' ? 'torch' : eq[1]!;
  const version = eq[2]!;
  return `${name}==${version.endsWith('*') ? version : `${version}.*`}`;
}

/** The environment the rules see: the notebook's own installs first, then the files. */
export function withNotebookInstalls(
  notebook: NotebookDoc,
  files: PythonEnvironment = EMPTY_ENVIRONMENT,
): PythonEnvironment {
  const installs = notebookInstalls(notebook);
  if (installs.length === 0) return files;
  return {
    requirements: merge([installs, [...files.requirements.values()]]),
    files: files.files,
    problems: files.problems,
  };
}

/** What a front end lends the walk. Both may fail: return undefined (not found, unreadable). */
export interface EnvironmentIO {
  /** Entry names of a folder. */
  list(dir: string): Promise<readonly string[] | undefined>;
  /** A file's text; undefined when it cannot be read or is larger than `maxChars`. */
  read(path: string, maxChars: number): Promise<string | undefined>;
}

/** Folders above the notebook that are looked at, at most. */
const MAX_LEVELS = 32;

/** `a/b/c.ipynb` → `a/b`; `c.ipynb` → ``; `/c.ipynb` → `/`. Paths use `/`. */
export function parentPath(path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const slash = trimmed.lastIndexOf('/');
  if (slash === -1) return '';
  if (slash === 0) return '/';
  // `C:/x` → `C:/`: a drive root keeps its slash.
  if (slash === 2 && trimmed[1] === ':') return trimmed.slice(0, 3);
  return trimmed.slice(0, slash);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function isWithin(dir: string, root: string): boolean {
  if (root === '') return true;
  const base = root.endsWith('/') ? root : `${root}/`;
  return dir === root || dir.startsWith(base);
}

/**
 * The folders whose environment files apply to a notebook, nearest first: its own folder, then
 * each parent while still inside `root` (the workspace root; undefined means no bound but the
 * `.git` stop and `MAX_LEVELS`). Paths use `/` (a JupyterLab contents path, a URI path, or a
 * file path with separators turned into `/`).
 */
export function environmentSearchPath(notebookPath: string, root?: string): string[] {
  const dirs: string[] = [];
  let dir = parentPath(notebookPath);
  for (let level = 0; level < MAX_LEVELS; level++) {
    dirs.push(dir);
    if (root !== undefined && (dir === root || !isWithin(dir, root))) break;
    const parent = parentPath(dir);
    if (parent === dir || (dir === '' && parent === '')) break;
    dir = parent;
  }
  return dirs;
}

/**
 * Read the environment of one notebook through a front end's `io`: the folders of
 * `environmentSearchPath`, stopping after one that holds `.git` (the repository root), the
 * files of `environmentFileNames` in each. Never throws; unreadable files are skipped.
 */
export async function collectEnvironment(
  notebookPath: string,
  root: string | undefined,
  io: EnvironmentIO,
): Promise<PythonEnvironment> {
  const files: EnvironmentFileText[] = [];
  const dirs = environmentSearchPath(notebookPath, root);
  for (const [level, dir] of dirs.entries()) {
    let entries: readonly string[] | undefined;
    try {
      entries = await io.list(dir);
    } catch {
      entries = undefined;
    }
    if (!entries) continue;
    for (const name of environmentFileNames(entries)) {
      let text: string | undefined;
      try {
        text = await io.read(joinPath(dir, name), MAX_ENVIRONMENT_FILE_CHARS);
      } catch {
        text = undefined;
      }
      if (text === undefined) continue;
      files.push({ name, displayPath: `${'../'.repeat(level)}${name}`, text });
    }
    if (entries.includes('.git')) break;
  }
  return environmentFromFiles(files);
}
