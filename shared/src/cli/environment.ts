/**
 * The CLI's side of version-aware rules: the core decides which folders and files make up a
 * notebook's environment (`collectEnvironment`); this reads them from disk, once per folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { collectEnvironment, type PythonEnvironment } from '../env/environment.js';

/** Paths for the core use `/`. */
function toCorePath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function fromCorePath(path: string): string {
  return sep === '/' ? path : path.split('/').join(sep);
}

/** Environments of the notebooks of one scan, keyed by folder (notebooks of a folder share one). */
export class EnvironmentCache {
  private readonly byDir = new Map<string, Promise<PythonEnvironment>>();

  /** @param root the workspace root (config folder or the current directory): the walk stops there. */
  constructor(private readonly root?: string) {}

  get(notebookPath: string): Promise<PythonEnvironment> {
    const dir = dirname(notebookPath);
    let environment = this.byDir.get(dir);
    if (!environment) {
      const root = this.root !== undefined ? toCorePath(this.root) : undefined;
      environment = collectEnvironment(toCorePath(notebookPath), root, {
        list: (path) => Promise.resolve(readdirSync(fromCorePath(path) || '.')),
        read: (path, maxChars) => {
          const file = fromCorePath(path);
          // A lock file is text: a byte count over the limit is over it in characters too.
          if (!statSync(file).isFile() || statSync(file).size > maxChars * 4)
            return Promise.resolve(undefined);
          return Promise.resolve(readFileSync(file, 'utf8'));
        },
      });
      this.byDir.set(dir, environment);
    }
    return environment;
  }
}
