/**
 * Finding the files to scan and reading them safely: directories recursed, `.ipynb` and `.py`
 * only, version control, dependency folders and virtualenvs skipped, config excludes honoured.
 */
import { ExcludeSet } from '../engine/exclude.js';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { LIMITS } from '../notebook/limits.js';
import { NotebookError } from '../notebook/errors.js';
import { GitIgnore } from './gitignore.js';

const SKIP_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.ipynb_checkpoints',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.venv',
  'venv',
]);

export interface FileWalk {
  readonly files: string[];
  /** Paths given on the command line that do not exist. */
  readonly missing: string[];
  /**
   * Every other file met while walking (not ignored, not excluded): candidates for the model-file
   * scan, which keeps those whose content is a model file (`pickModelFiles`).
   */
  readonly others: string[];
}

/**
 * Collect `.ipynb` and `.py` files under the given paths. Unless `gitignore` is false, what git
 * ignores (`.gitignore`, `.git/info/exclude`) is skipped while walking; named paths never are.
 */
export function collectFiles(
  paths: readonly string[],
  excludes: readonly string[],
  baseDir: string,
  gitignore = true,
): FileWalk {
  const git = gitignore ? new GitIgnore() : undefined;
  // The core's linear glob matcher, shared with both editors (invalid globs match nothing).
  const excludeSet = new ExcludeSet(excludes);
  const isExcluded = (full: string): boolean => {
    const rel = relative(baseDir, full).split(sep).join('/');
    return excludeSet.isExcluded(rel);
  };
  const files: string[] = [];
  const missing: string[] = [];
  const others: string[] = [];
  const seen = new Set<string>();
  const visit = (full: string, explicit: boolean): void => {
    let stat;
    try {
      // A path named on the command line is followed; a symbolic link met while walking is not:
      // it may point outside the workspace (~/.ssh) or back up the tree (an endless walk), and
      // git stores the link, not its target, so the target is not part of what is committed.
      stat = explicit ? statSync(full) : lstatSync(full);
    } catch {
      if (explicit) missing.push(full);
      return;
    }
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      if (
        !explicit &&
        (SKIP_DIRS.has(full.split(sep).pop()!) || existsSync(join(full, 'pyvenv.cfg')))
      )
        return;
      if (!explicit && (isExcluded(full) || git?.ignores(full, true))) return;
      let entries: string[];
      try {
        entries = readdirSync(full).sort();
      } catch {
        return;
      }
      for (const entry of entries) visit(join(full, entry), false);
    } else if (stat.isFile()) {
      const wanted = full.endsWith('.ipynb') || full.endsWith('.py');
      if (
        (explicit || (wanted && !git?.ignores(full, false))) &&
        !isExcluded(full) &&
        !seen.has(full)
      ) {
        seen.add(full);
        files.push(full);
      } else if (!wanted && !seen.has(full) && !git?.ignores(full, false) && !isExcluded(full)) {
        seen.add(full);
        others.push(full);
      }
    }
  };
  for (const path of paths) visit(resolve(path), true);
  return { files, missing, others };
}

/**
 * Read a file as text: UTF-8 (with or without BOM) or UTF-16 with a BOM. Binary files and
 * invalid UTF-8 get a clear `NotebookError`; nothing is guessed.
 */
export function readText(path: string): string {
  const size = statSync(path).size;
  if (size > LIMITS.maxFileBytes) {
    throw new NotebookError(
      `file is ${size} bytes, over the ${LIMITS.maxFileBytes}-byte limit`,
      'too-large',
    );
  }
  return decodeText(readFileSync(path));
}

/** Decode bytes as `readText` does (files and stdin alike). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length > LIMITS.maxFileBytes) {
    throw new NotebookError(
      `input is ${bytes.length} bytes, over the ${LIMITS.maxFileBytes}-byte limit`,
      'too-large',
    );
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.subarray(0, 8192).includes(0))
    throw new NotebookError('binary file (contains NUL bytes)', 'binary');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new NotebookError(
      'not valid UTF-8 text (notebooks are UTF-8 by specification)',
      'encoding',
    );
  }
}
