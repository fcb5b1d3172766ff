/**
 * Scanning files from disk: the shared path of the CLI (and anything else in Node that wants the
 * same results). Each file is read, parsed and analysed on its own; a bad file is reported with
 * its reason and never stops the others.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Analyzer, Notice } from '../engine/analyze.js';
import { CONFIG_FILE_NAME, parseConfig, type ResolvedConfig } from '../engine/config.js';
import type { Finding } from '../model/finding.js';
import { fromPythonSource, parseNotebook } from '../notebook/parse.js';
import type { NotebookDoc } from '../model/notebook.js';
import { readText } from './files.js';

export interface FileResult {
  readonly path: string;
  readonly kind: 'notebook' | 'python';
  /** The file's text (kept for locating findings in the raw JSON). */
  readonly text?: string;
  readonly doc?: NotebookDoc;
  readonly findings: readonly Finding[];
  readonly notices: readonly Notice[];
  /** Set when the file could not be read or parsed. */
  readonly error?: string;
}

export async function scanFile(analyzer: Analyzer, path: string): Promise<FileResult> {
  const kind = path.endsWith('.ipynb') ? 'notebook' : 'python';
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    return {
      path,
      kind,
      findings: [],
      notices: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
  try {
    const doc = kind === 'notebook' ? parseNotebook(text) : fromPythonSource(text);
    const { findings, notices } = await analyzer.analyzeNotebook(doc);
    return { path, kind, text, doc, findings, notices };
  } catch (error) {
    return {
      path,
      kind,
      findings: [],
      notices: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The config that applies: an explicit file, else `.cellguard.json` in `start` or a parent. */
export function findConfig(
  start: string,
  explicit?: string,
): { config?: ResolvedConfig; path?: string; dir: string } {
  if (explicit) {
    const path = resolve(explicit);
    return { config: parseConfig(readFileSync(path, 'utf8'), path), path, dir: dirname(path) };
  }
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate))
      return {
        config: parseConfig(readFileSync(candidate, 'utf8'), candidate),
        path: candidate,
        dir,
      };
    if (existsSync(join(dir, '.git'))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { dir: resolve(start) };
}
