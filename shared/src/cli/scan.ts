/**
 * Scanning files from disk: the shared path of the CLI (and anything else in Node that wants the
 * same results). Each file is read, parsed and analysed on its own; a bad file is reported with
 * its reason and never stops the others.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Analyzer, AnalyzerOptions, Notice } from '../engine/analyze.js';
import { isIsoDate, todayUtc } from '../engine/suppress.js';
import { CONFIG_FILE_NAME, type ResolvedConfig } from '../engine/config.js';
import { readConfigText } from '../editor/config-layers.js';
import { LineIndex } from '../engine/offsets.js';
import type { Finding } from '../model/finding.js';
import type { ModelFileFinding } from '../rules/model-files/unsafe-model-file.js';
import type { NotebookDoc } from '../model/notebook.js';
import { fromPythonSource, fromTextSource, parseNotebook } from '../notebook/parse.js';
import type { EnvironmentCache } from './environment.js';
import type { ModelFileCache } from './model-files.js';
import { readText } from './files.js';
import { NotebookJsonIndex } from './json-locate.js';

/** 1-based line and column (UTF-16) in a file. */
export interface FileRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/**
 * A finding with its positions resolved while the file's text is at hand, so a result is small,
 * self-contained and can cross a worker boundary: the texts are dropped after the scan.
 */
export interface LocatedFinding extends Finding {
  /** 1-based line / column of the start inside the cell source (source findings). */
  readonly cellLine?: number;
  readonly cellColumn?: number;
  /** Where the finding is in the file as stored on disk (raw JSON for notebooks). */
  readonly region?: FileRegion;
}

/**
 * How a file is read: a notebook, Python source, a model file (by content, see model-files.ts),
 * or any other text — `.md`, `.txt`, `.env`, `.yaml`, `.json`, … — read by the text rules as one
 * raw cell, never as Python. Walking a directory picks notebooks, `.py` and model files; a file
 * named explicitly (or `--stdin-filename`) is read by its kind.
 */
export type FileKind = 'notebook' | 'python' | 'model' | 'text';

const PYTHON_EXTENSIONS = ['.py', '.pyw', '.pyi', '.ipy'];

/** The kind a text file is read as, from its name (model files are told by content elsewhere). */
export function textKindOf(path: string): 'notebook' | 'python' | 'text' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.ipynb')) return 'notebook';
  if (PYTHON_EXTENSIONS.some((e) => lower.endsWith(e))) return 'python';
  return 'text';
}

export interface FileResult {
  readonly path: string;
  /** `model`: a model file found in the tree (see `model-files.ts`); its findings are on the file. */
  readonly kind: FileKind;
  readonly findings: readonly (LocatedFinding | ModelFileFinding)[];
  readonly notices: readonly Notice[];
  /** Set when the file could not be read or parsed. */
  readonly error?: string;
}

/** Resolve cell and file positions of each finding (the raw JSON is indexed only if needed). */
export function locateFindings(
  kind: FileResult['kind'],
  text: string,
  doc: NotebookDoc,
  findings: readonly Finding[],
): LocatedFinding[] {
  if (findings.length === 0) return [];
  const fileLines = new LineIndex(text);
  let jsonIndex: NotebookJsonIndex | undefined;
  if (kind === 'notebook') {
    try {
      jsonIndex = new NotebookJsonIndex(text);
    } catch {
      jsonIndex = undefined; // regions fall back to the file; findings are still reported
    }
  }
  const cellLines = new Map<number, LineIndex>();
  return findings.map((finding) => {
    const { location } = finding;
    let cellLine: number | undefined;
    let cellColumn: number | undefined;
    if (location.kind === 'source') {
      let index = cellLines.get(location.cellIndex);
      if (!index) {
        index = new LineIndex(doc.cells[location.cellIndex]?.source ?? '');
        cellLines.set(location.cellIndex, index);
      }
      const pos = index.positionAt(location.range[0]);
      cellLine = pos.line + 1;
      cellColumn = pos.character + 1;
    }
    let start: number | undefined;
    let end: number | undefined;
    if (kind === 'python' || kind === 'text') [start, end] = location.range;
    else if (jsonIndex) {
      start = jsonIndex.rawOffset(location);
      end = jsonIndex.rawOffset(location, location.range[1]);
      if (end !== undefined && start !== undefined && end < start) end = undefined;
    }
    let region: FileRegion | undefined;
    if (start !== undefined) {
      const s = fileLines.positionAt(start);
      const e = end !== undefined ? fileLines.positionAt(end) : undefined;
      region = {
        startLine: s.line + 1,
        startColumn: s.character + 1,
        ...(e ? { endLine: e.line + 1, endColumn: e.character + 1 } : {}),
      };
    }
    return {
      ...finding,
      ...(cellLine !== undefined ? { cellLine, cellColumn } : {}),
      ...(region ? { region } : {}),
    };
  });
}

export async function scanFile(
  analyzer: Analyzer,
  path: string,
  environments?: EnvironmentCache,
  models?: ModelFileCache,
): Promise<FileResult> {
  const kind = textKindOf(path);
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
  return (await analyzeText(analyzer, path, text, environments, models)).result;
}

/** What `analyzeText` found, with the parsed document (for `cellguard fix`). */
export interface TextAnalysis {
  readonly result: FileResult & { readonly findings: readonly LocatedFinding[] };
  /** Absent when the text could not be parsed (`result.error` says why). */
  readonly doc?: NotebookDoc;
}

/**
 * Analyse a file's text, already read (from disk or stdin): the one path of `scan` and `fix`.
 * A parse error is returned in `result.error`, never thrown.
 */
export async function analyzeText(
  analyzer: Analyzer,
  path: string,
  text: string,
  environments?: EnvironmentCache,
  models?: ModelFileCache,
): Promise<TextAnalysis> {
  const kind = textKindOf(path);
  try {
    const doc =
      kind === 'notebook'
        ? parseNotebook(text)
        : kind === 'python'
          ? fromPythonSource(text)
          : fromTextSource(text);
    const environment = environments ? await environments.get(path) : undefined;
    // Every file a load call names is scanned, so the call's finding carries its verdict.
    const modelFiles = models ? await models.forNotebook(doc, path) : undefined;
    const { findings, notices } = await analyzer.analyzeNotebook(doc, {
      ...(environment ? { environment } : {}),
      ...(modelFiles && modelFiles.size > 0 ? { modelFiles } : {}),
    });
    return {
      result: { path, kind, findings: locateFindings(kind, text, doc, findings), notices },
      doc,
    };
  } catch (error) {
    return {
      result: {
        path,
        kind,
        findings: [],
        notices: [],
        error: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

/** The config that applies: an explicit file, else `.cellguard.json` in `start` or a parent. */
export function findConfig(
  start: string,
  explicit?: string,
): { config?: ResolvedConfig; path?: string; dir: string; underRepository?: boolean } {
  if (explicit) {
    const path = resolve(explicit);
    return {
      config: readConfigText(readFileSync(path, 'utf8'), path).resolved,
      path,
      dir: dirname(path),
      underRepository: true,
    };
  }
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate))
      return {
        config: readConfigText(readFileSync(candidate, 'utf8'), candidate).resolved,
        path: candidate,
        dir,
        // Found at or below a repository root (a `.git` in this folder or one above it).
        underRepository: hasRepositoryAbove(dir),
      };
    if (existsSync(join(dir, '.git'))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { dir: resolve(start) };
}

function hasRepositoryAbove(dir: string): boolean {
  for (let at = dir; ;) {
    if (existsSync(join(at, '.git'))) return true;
    const parent = dirname(at);
    if (parent === at) return false;
    at = parent;
  }
}

/**
 * The analyzer options of every CLI analyzer (main thread and scan workers alike): the fingerprint
 * key, and "today" for expiring suppressions — `$CELLGUARD_TODAY` (`YYYY-MM-DD`, for reproducible
 * runs and tests) else the UTC date. Throws on a `$CELLGUARD_TODAY` that is not a date.
 */
export function cliAnalyzerOptions(fingerprintKey: string | undefined): AnalyzerOptions {
  const fromEnv = process.env['CELLGUARD_TODAY'];
  if (fromEnv !== undefined && fromEnv !== '' && !isIsoDate(fromEnv))
    throw new Error(
      `CELLGUARD_TODAY must be a date written YYYY-MM-DD (got "${fromEnv.slice(0, 40)}")`,
    );
  return {
    ...(fingerprintKey !== undefined ? { fingerprintKey } : {}),
    today: fromEnv || todayUtc(),
  };
}
