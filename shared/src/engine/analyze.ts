/**
 * Runs the rules over a notebook, a cell or a Python file. Pure: no I/O, no editor API, no
 * globals beyond caches — the same code runs in Node, a browser tab and a web worker.
 */
import type { Category, Finding, Location, Severity } from '../model/finding.js';
import type { Cell, MetadataText, NotebookDoc } from '../model/notebook.js';
import { fromPythonSource } from '../notebook/parse.js';
import { LIMITS } from '../notebook/limits.js';
import { PythonSource, type ImportMap } from '../python/source.js';
import { HmacSha256 } from '../util/sha256.js';
import { normaliseFixes } from '../editor/actions.js';
import { withNotebookInstalls, type PythonEnvironment } from '../env/environment.js';
import { joinModelFiles, type ModelFileScan } from '../loads/join.js';
import type { ModelScan } from '../models/scan.js';
import {
  modelFileFinding,
  UNSAFE_MODEL_FILE,
  type ModelFileFinding,
} from '../rules/model-files/unsafe-model-file.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from './config.js';
import { maskSecret } from './mask.js';
import {
  docsUrlFor,
  formatMessage,
  type ReportDescriptor,
  type Rule,
  type RuleContext,
  type RuleVisitor,
  type TextView,
} from './rule.js';
import {
  cellSuppressionList,
  cellSuppresses,
  LineSuppressions,
  suppressionProblem,
  suppressionStatus,
  todayUtc,
  type SuppressionPolicy,
} from './suppress.js';

/** Something the user should know that is not a finding (a cap was hit, a cell was skipped). */
export interface Notice {
  readonly cellIndex: number;
  readonly outputIndex?: number;
  readonly message: string;
}

export interface AnalysisResult {
  readonly findings: Finding[];
  readonly notices: Notice[];
}

export interface AnalyzeOptions {
  /** Analyse cell sources (default true). Editors turn this off when only outputs changed. */
  readonly sources?: boolean;
  /** Analyse outputs (default true). Editors turn this off on keystrokes. */
  readonly outputs?: boolean;
  /**
   * The environment files' requirements (`collectEnvironment`), for version-aware rules. The
   * notebook's own `%pip install` cells are added by the analyzer. Absent: versions unknown.
   */
  readonly environment?: PythonEnvironment;
  /**
   * Scans of the model files the notebook's load calls name, keyed by the path as the notebook
   * spells it (`modelFileRequests`): each unsafe-load finding on such a call carries the file's
   * verdict (`joinModelFiles`). Absent: findings say what the call does, not what the file holds.
   */
  readonly modelFiles?: ReadonlyMap<string, ModelFileScan>;
}

/** How an analyzer is set up beyond its rules and config. */
export interface AnalyzerOptions {
  /**
   * The secret that keys every finding's fingerprint (HMAC-SHA-256). Without a key of its own a
   * fingerprint is still one-way, but anyone can confirm a guessed value against it offline; the
   * CLI supplies a per-repository key (see `fingerprintKeyFor`), editors may supply one too. The
   * key itself never appears in a finding or a report.
   */
  readonly fingerprintKey?: string;
  /**
   * Today as `YYYY-MM-DD`, for suppressions with `until=`: the one injectable place the date
   * comes from (tests and reproducible CI runs pass it; the CLI reads `$CELLGUARD_TODAY`).
   * Default: `todayUtc()`.
   */
  readonly today?: string;
}

/**
 * The key used when none is given. Public, so fingerprints made with it resist nothing but a
 * casual look; documented in SECURITY.md.
 */
export const UNKEYED_FINGERPRINT_KEY = 'cellguard-fingerprint-v2';

interface BoundVisitor {
  readonly active: ActiveRule;
  readonly visitor: RuleVisitor;
}

interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: Record<string, unknown>;
}

const PYTHON_LANGUAGES = new Set(['python', 'python3', 'ipython', 'ipython3']);

function isAllowed(config: ResolvedConfig, value: string): boolean {
  if (config.allowValues.has(value)) return true;
  return config.allowPatterns.some((pattern) => pattern.test(value));
}

/** Analyses documents with a fixed rule set and config. Keeps small caches between calls. */
export class Analyzer {
  private readonly active: ActiveRule[];
  /** cell source → imports it defines, so per-keystroke analysis of cell N does not re-parse 0..N-1. */
  private readonly importCache = new Map<string, ImportMap>();
  private readonly hmac: HmacSha256;
  /** Whether fingerprints are keyed with a caller's key (false: the public default key). */
  readonly keyedFingerprints: boolean;
  private readonly today: string | undefined;

  constructor(
    rules: readonly Rule[],
    readonly config: ResolvedConfig = DEFAULT_CONFIG,
    options: AnalyzerOptions = {},
  ) {
    const key = options.fingerprintKey;
    this.keyedFingerprints = key !== undefined && key !== '';
    this.hmac = new HmacSha256(this.keyedFingerprints ? key! : UNKEYED_FINGERPRINT_KEY);
    this.today = options.today;
    this.active = [];
    for (const rule of rules) {
      if (!config.categories[rule.meta.category]) continue;
      const setting = config.rules[rule.meta.id];
      const severity = setting?.severity ?? rule.meta.defaultSeverity;
      if (severity === 'off') continue;
      this.active.push({ rule, severity, options: setting?.options ?? {} });
    }
  }

  /** Ids of the rules this analyzer runs. */
  get ruleIds(): string[] {
    return this.active.map((a) => a.rule.meta.id);
  }

  /**
   * The `unsafe-model-file` finding for a model file's scan, fingerprinted with this analyzer's
   * key; undefined for a safe file or when the config turns the rule (or `unsafe-load`) off.
   * `path` is the file as the report names it.
   */
  modelFileFinding(scan: ModelScan, path: string): ModelFileFinding | undefined {
    if (!this.active.some((a) => a.rule.meta.id === UNSAFE_MODEL_FILE)) return undefined;
    return modelFileFinding(scan, path, this.hmac);
  }

  async analyzeNotebook(
    notebook: NotebookDoc,
    options: AnalyzeOptions = {},
  ): Promise<AnalysisResult> {
    return this.run(
      notebook,
      notebook.cells.map((_, i) => i),
      options,
      true,
    );
  }

  /** Analyse one cell; imports of earlier cells still resolve. */
  async analyzeCell(
    notebook: NotebookDoc,
    cellIndex: number,
    options: AnalyzeOptions = {},
  ): Promise<AnalysisResult> {
    if (cellIndex < 0 || cellIndex >= notebook.cells.length) return { findings: [], notices: [] };
    return this.run(notebook, [cellIndex], options);
  }

  async analyzePython(text: string): Promise<AnalysisResult> {
    return this.analyzeNotebook(fromPythonSource(text));
  }

  private importsDefinedBy(source: string): ImportMap {
    let imports = this.importCache.get(source);
    if (!imports) {
      imports = /\bimport\b/.test(source) ? new PythonSource(source).definedImports : new Map();
      if (this.importCache.size > 5000) this.importCache.clear();
      this.importCache.set(source, imports);
    }
    return imports;
  }

  private contextBefore(notebook: NotebookDoc, cellIndex: number): ImportMap {
    let merged: Map<string, string> | undefined;
    for (let i = 0; i < cellIndex; i++) {
      const cell = notebook.cells[i]!;
      if (cell.kind !== 'code') continue;
      const own = this.importsDefinedBy(cell.source);
      if (own.size === 0) continue;
      merged ??= new Map();
      for (const [k, v] of own) merged.set(k, v);
    }
    return merged ?? new Map();
  }

  private async run(
    notebook: NotebookDoc,
    cellIndexes: number[],
    options: AnalyzeOptions,
    withNotebookMetadata = false,
  ): Promise<AnalysisResult> {
    const findings: Finding[] = [];
    const notices: Notice[] = [];
    // Read once per run (an editor's analyzer lives for days): the one place "today" comes from.
    const policy: SuppressionPolicy = {
      today: this.today ?? todayUtc(),
      requireReason: this.config.requireReason === true,
    };
    const isPython = PYTHON_LANGUAGES.has(notebook.language);
    const wantSources = options.sources !== false;
    const wantOutputs = options.outputs !== false;
    // Cells are walked in order so the import context grows as it does when the notebook runs.
    let imports: ImportMap =
      cellIndexes.length > 0 ? this.contextBefore(notebook, cellIndexes[0]!) : new Map();
    let nextExpected = cellIndexes[0] ?? 0;

    const occurrences = new Map<string, number>();
    // An output often carries the same text twice (text/plain and text/html of one DataFrame):
    // a value found in several representations of one output is one finding.
    const seenInOutput = new Set<string>();
    // Visitors are created once per run; reports go to the cell being analysed.
    let sink: (active: ActiveRule, descriptor: ReportDescriptor) => void = () => undefined;
    // Computed on first use: most cells never ask which versions the notebook runs on.
    let environment: PythonEnvironment | undefined;
    const environmentOf = (): PythonEnvironment =>
      (environment ??= withNotebookInstalls(notebook, options.environment));
    const visitors: BoundVisitor[] = this.active.map((active) => ({
      active,
      visitor: active.rule.create({
        meta: active.rule.meta,
        options: active.options,
        isAllowed: (value) => isAllowed(this.config, value),
        report: (descriptor) => sink(active, descriptor),
        get environment() {
          return environmentOf();
        },
      } satisfies RuleContext),
    }));
    const visitMetadata = async (
      texts: readonly MetadataText[],
      cell: Cell,
      cellIndex: number,
    ): Promise<void> => {
      for (const text of texts) {
        if (text.truncated) {
          notices.push({
            cellIndex,
            message: `${cellIndex === -1 ? 'notebook' : 'cell'} ${text.path.join('.').slice(0, 80)} is larger than ${LIMITS.maxOutputChars} characters; only the first ${LIMITS.maxOutputChars} were analysed`,
          });
        }
        const view = makeView(
          'metadata',
          text.text,
          notebook,
          cell,
          cellIndex,
          undefined,
          undefined,
          {
            text,
            ofCell: cellIndex !== -1,
          },
        );
        const pending = this.visit(visitors, 'markdown', view, notices);
        if (pending) await pending;
      }
    };
    if (withNotebookMetadata && wantSources && notebook.metadata) {
      const standIn: Cell = { kind: 'raw', source: '', outputs: [] };
      sink = (active, descriptor) => {
        if (descriptor.secret !== undefined && isAllowed(this.config, descriptor.secret)) return;
        findings.push(this.makeFinding(active, descriptor, standIn, -1, occurrences));
      };
      await visitMetadata(notebook.metadata, standIn, -1);
    }
    for (const cellIndex of cellIndexes) {
      const cell = notebook.cells[cellIndex]!;
      if (cellIndex !== nextExpected) imports = this.contextBefore(notebook, cellIndex);
      nextExpected = cellIndex + 1;

      const suppressions = new LineSuppressions(cell.source, cellIndex, policy);
      if (wantSources) {
        // A suppression that does not apply says so (once per analysis of its cell).
        const problems = suppressions.problems.map((p) =>
          suppressionProblem(p.suppression, p.status),
        );
        const meta = cell.suppression
          ? cellSuppressionList({ ...cell, source: '' }, cellIndex)[0]
          : undefined;
        const metaStatus = meta ? suppressionStatus(meta, policy) : 'active';
        if (meta && metaStatus !== 'active') problems.push(suppressionProblem(meta, metaStatus));
        for (const message of problems) notices.push({ cellIndex, message });
      }
      sink = (active: ActiveRule, descriptor: ReportDescriptor): void => {
        const { view } = descriptor;
        const ruleId = active.rule.meta.id;
        if (cellSuppresses(cell, ruleId, policy)) return;
        if (
          (view.kind === 'code' || view.kind === 'markdown' || view.kind === 'raw') &&
          suppressions.suppresses(ruleId, descriptor.range[0])
        )
          return;
        if (descriptor.secret !== undefined && isAllowed(this.config, descriptor.secret)) return;
        if (view.kind === 'output' && view.output) {
          const matched =
            descriptor.secret ??
            descriptor.properties?.['dedupeKey'] ??
            view.text.slice(descriptor.range[0], descriptor.range[1]);
          const key = `${ruleId}\u0000${cellIndex}\u0000${view.output.index}\u0000${String(matched)}`;
          if (seenInOutput.has(key)) return;
          seenInOutput.add(key);
        }
        findings.push(this.makeFinding(active, descriptor, cell, cellIndex, occurrences));
      };

      if (wantSources) {
        let source = cell.source;
        if (source.length > LIMITS.maxCellChars) {
          source = source.slice(0, LIMITS.maxCellChars);
          notices.push({
            cellIndex,
            message: `only the first ${LIMITS.maxCellChars} characters of this cell were analysed`,
          });
        }
        const kind = cell.kind === 'code' ? 'code' : cell.kind;
        const python = kind === 'code' && isPython ? new PythonSource(source, imports) : undefined;
        const view = makeView(kind, source, notebook, cell, cellIndex, python);
        const pending = this.visit(visitors, kind === 'code' ? 'code' : 'markdown', view, notices);
        if (pending) await pending;
        const stoppedAt = python?.parseStoppedAt;
        if (stoppedAt !== undefined)
          notices.push({
            cellIndex,
            message: `the Python parser gave up at offset ${stoppedAt} (a line it cannot read in linear time); the rest of this cell was checked without parsing`,
          });
        if (python && python.definedImports.size > 0) {
          const merged = new Map(imports);
          for (const [k, v] of python.definedImports) merged.set(k, v);
          imports = merged;
        }
      } else if (cell.kind === 'code') {
        const own = this.importsDefinedBy(cell.source);
        if (own.size > 0) imports = new Map([...imports, ...own]);
      }
      if (wantSources && cell.metadata) await visitMetadata(cell.metadata, cell, cellIndex);

      if (wantOutputs) {
        for (let outputIndex = 0; outputIndex < cell.outputs.length; outputIndex++) {
          const output = cell.outputs[outputIndex]!;
          for (const representation of output.texts) {
            if (representation.truncated) {
              notices.push({
                cellIndex,
                outputIndex,
                message: `output ${outputIndex} (${representation.mimeType}) is larger than ${LIMITS.maxOutputChars} characters; only the first ${LIMITS.maxOutputChars} were analysed`,
              });
            }
            const view = makeView(
              'output',
              representation.text,
              notebook,
              cell,
              cellIndex,
              undefined,
              {
                index: outputIndex,
                mimeType: representation.mimeType,
                outputType: output.outputType,
                truncated: representation.truncated === true,
              },
            );
            const pending = this.visit(visitors, 'output', view, notices);
            if (pending) await pending;
          }
        }
      }
    }
    const joined = options.modelFiles
      ? joinModelFiles(notebook, findings, options.modelFiles)
      : findings;
    joined.sort(compareFindings);
    return { findings: joined, notices };
  }

  /**
   * Run every visitor's handler for one view. Most handlers are synchronous: they run back to back
   * with no promise; only when one returns a promise (secretlint) is the rest chained after it.
   * Returns undefined when everything ran synchronously.
   */
  private visit(
    visitors: readonly BoundVisitor[],
    method: keyof RuleVisitor,
    view: TextView,
    notices: Notice[],
    from = 0,
  ): Promise<void> | undefined {
    // A rule bug must never take the editor or the scan down: it becomes a notice that names the
    // rule, never the text being analysed.
    const fail = (active: ActiveRule, error: unknown): void => {
      const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
      notices.push({
        cellIndex: view.cellIndex,
        message: `rule ${active.rule.meta.id} failed: ${reason}`,
      });
    };
    for (let i = from; i < visitors.length; i++) {
      const { active, visitor } = visitors[i]!;
      const handler = visitor[method];
      if (!handler) continue;
      let result: unknown;
      try {
        result = handler.call(visitor, view);
      } catch (error) {
        fail(active, error);
        continue;
      }
      // Anything but a thenable (a sync handler's stray return value) means "done".
      if (isThenable(result)) {
        return Promise.resolve(result).then(
          () => this.visit(visitors, method, view, notices, i + 1),
          (error: unknown) => {
            fail(active, error);
            return this.visit(visitors, method, view, notices, i + 1);
          },
        );
      }
    }
    return undefined;
  }

  private makeFinding(
    active: ActiveRule,
    descriptor: ReportDescriptor,
    cell: Cell,
    cellIndex: number,
    occurrences: Map<string, number>,
  ): Finding {
    const { meta } = active.rule;
    const { view, range } = descriptor;
    const template = meta.messages[descriptor.messageId] ?? descriptor.messageId;
    const data: Record<string, string | number> = { ...descriptor.data };
    if (descriptor.secret !== undefined) data['masked'] = maskSecret(descriptor.secret);
    const message = formatMessage(template, data);
    const location: Location =
      view.kind === 'metadata' && view.metadata
        ? metadataLocation(
            view.metadata.text,
            range,
            view.metadata.ofCell ? cellIndex : undefined,
            cell.id,
          )
        : view.kind === 'output' && view.output
          ? {
              kind: 'output',
              cellIndex,
              ...(cell.id !== undefined ? { cellId: cell.id } : {}),
              outputIndex: view.output.index,
              mimeType: view.output.mimeType,
              range,
            }
          : {
              kind: 'source',
              cellIndex,
              ...(cell.id !== undefined ? { cellId: cell.id } : {}),
              range,
            };
    const category: Category = view.kind === 'output' ? 'sensitive-output' : meta.category;
    // Content, never position: the rule, source or output, the cell's id where the notebook has
    // ids, a keyed digest of the value and which occurrence of it this is. Moving, inserting or
    // re-running cells changes none of these, and without the key no guess can be checked.
    const matched = descriptor.secret ?? view.text.slice(range[0], range[1]);
    const base = this.hmac.hex(
      `${meta.id}\u0000${location.kind}\u0000${cell.id ?? ''}\u0000${digestInput(matched)}`,
    );
    const seen = occurrences.get(base) ?? 0;
    occurrences.set(base, seen + 1);
    return {
      ruleId: meta.id,
      category,
      severity: descriptor.severity ?? active.severity,
      messageId: descriptor.messageId,
      message,
      location,
      fixes: normaliseFixes(meta.id, location, descriptor.fixes ?? []),
      fingerprint: this.hmac.hex(`${base}\u0000${seen}`).slice(0, 32),
      docsUrl: docsUrlFor(meta.id),
      ...(descriptor.properties ? { properties: descriptor.properties } : {}),
    };
  }
}

/**
 * Where a range of a metadata text is: the string value it starts in, with the range made
 * relative to that value as decoded; the value itself (`[0, 0]`) for a key or a non-string.
 */
export function metadataLocation(
  text: MetadataText,
  range: readonly [number, number],
  cellIndex: number | undefined,
  cellId: string | undefined,
): Location {
  const owner = {
    kind: 'metadata' as const,
    ...(cellIndex !== undefined ? { cellIndex } : {}),
    ...(cellIndex !== undefined && cellId !== undefined ? { cellId } : {}),
  };
  if (text.format === 'text') return { ...owner, path: text.path, range };
  // Binary search: string tokens are in text order.
  let lo = 0;
  let hi = text.strings.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const { range: token } = text.strings[mid]!;
    if (range[0] < token[0]) hi = mid - 1;
    else if (range[0] >= token[1]) lo = mid + 1;
    else {
      const raw = text.text.slice(token[0], token[1]);
      const start = decodedLength(raw, range[0] - token[0]);
      const end = decodedLength(raw, Math.min(range[1], token[1] - 1) - token[0]);
      return { ...owner, path: text.strings[mid]!.path, range: [start, Math.max(start, end)] };
    }
  }
  return { ...owner, path: text.path, range: [0, 0] };
}

/** Decoded characters of a JSON string token (quote included at 0) before raw offset `upTo`. */
function decodedLength(token: string, upTo: number): number {
  let count = 0;
  for (let i = 1; i < upTo && i < token.length - 1; count++) {
    i += token.charCodeAt(i) === 92 ? (token[i + 1] === 'u' ? 6 : 2) : 1;
  }
  return count;
}

function makeView(
  kind: TextView['kind'],
  text: string,
  notebook: NotebookDoc,
  cell: Cell,
  cellIndex: number,
  python?: PythonSource,
  output?: TextView['output'],
  metadata?: TextView['metadata'],
): TextView {
  const memo = new Map<string, unknown>();
  return {
    kind,
    text,
    notebook,
    cell,
    cellIndex,
    ...(python ? { python } : {}),
    ...(output ? { output } : {}),
    ...(metadata ? { metadata } : {}),
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  };
}

/**
 * What the fingerprint hashes of a matched span. Spans up to 1024 chars are hashed whole; longer
 * ones (a call that wraps a whole cell, nested thousands deep) by length, head and tail, so the
 * cost per finding is bounded and a cell of nested calls stays linear instead of quadratic.
 */
function digestInput(matched: string): string {
  return matched.length <= 1024
    ? matched
    : `${matched.length}\u0000${matched.slice(0, 512)}\u0000${matched.slice(-512)}`;
}

function isThenable(value: unknown): value is PromiseLike<void> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Within a cell: its source, its metadata and attachments, then its outputs. */
const KIND_ORDER: Record<Location['kind'], number> = { source: 0, metadata: 1, output: 2 };

/**
 * Document order: the notebook's metadata first, then cell by cell (source, metadata, outputs
 * by index), offset, severity, then rule id.
 */
export function compareFindings(a: Finding, b: Finding): number {
  const la = a.location;
  const lb = b.location;
  return (
    (la.cellIndex ?? -1) - (lb.cellIndex ?? -1) ||
    KIND_ORDER[la.kind] - KIND_ORDER[lb.kind] ||
    (la.kind === 'output' && lb.kind === 'output' ? la.outputIndex - lb.outputIndex : 0) ||
    la.range[0] - lb.range[0] ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
