/**
 * Where JupyterLab's analysis runs: in a dedicated web worker, so no notebook — an 800 KB hostile
 * output, a 400 KB cell — can block the tab (issue #17). The worker is the core bundled on its
 * own (`scripts/build-worker.mjs`, esbuild) and started from a Blob URL, which needs no server
 * route and no module federation. Requests are plain data (nbformat-shaped `NotebookDoc`s, the
 * layered config); answers are the core's findings, which are plain data too.
 *
 * The extension talks to a `CellAnalyzer`: the worker client below, or — where a worker cannot
 * start (no `Worker`, a Content-Security-Policy that forbids `blob:`) — the core's in-thread
 * `Analyzer`, with a console warning.
 */
import {
  createAnalyzer,
  resolveLayers,
  type AnalysisResult,
  type AnalyzeOptions,
  type CellguardConfig,
  type EditorConfigLayer,
  type NotebookDoc,
} from '@cellguard/core';

/** The analysis calls the extension makes (the core's `Analyzer` has them all). */
export interface CellAnalyzer {
  analyzeCell(
    doc: NotebookDoc,
    cellIndex: number,
    options?: AnalyzeOptions,
  ): Promise<AnalysisResult>;
  analyzeNotebook(doc: NotebookDoc, options?: AnalyzeOptions): Promise<AnalysisResult>;
  analyzePython(text: string): Promise<AnalysisResult>;
  readonly ruleIds: readonly string[];
}

/** The config a worker builds its analyzer from: the file's layer and the settings' layer. */
export interface AnalyzerConfig {
  readonly file: CellguardConfig | undefined;
  readonly settings: EditorConfigLayer;
}

/** What the page sends. Analysis options carry no functions (structured clone). */
export type WorkerRequest =
  | {
      readonly id: number;
      readonly op: 'configure';
      readonly key: string;
      readonly config: AnalyzerConfig;
    }
  | {
      readonly id: number;
      readonly op: 'analyzeCell';
      readonly key: string;
      readonly doc: NotebookDoc;
      readonly cellIndex: number;
      readonly options?: AnalyzeOptions;
    }
  | {
      readonly id: number;
      readonly op: 'analyzeNotebook';
      readonly key: string;
      readonly doc: NotebookDoc;
      readonly options?: AnalyzeOptions;
    }
  | {
      readonly id: number;
      readonly op: 'analyzePython';
      readonly key: string;
      readonly text: string;
    };

/** What the worker answers. */
export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: AnalysisResult | null }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** The core's analyzer for a layered config (the worker and the in-thread fallback alike). */
export function analyzerFor(config: AnalyzerConfig): ReturnType<typeof createAnalyzer> {
  return createAnalyzer(resolveLayers(config.file, config.settings).resolved);
}

/** The answer to one request, computed by the core (used inside the worker). */
export async function answer(
  analyzers: Map<string, ReturnType<typeof createAnalyzer>>,
  request: WorkerRequest,
): Promise<WorkerResponse> {
  try {
    if (request.op === 'configure') {
      analyzers.set(request.key, analyzerFor(request.config));
      return { id: request.id, ok: true, result: null };
    }
    const analyzer = analyzers.get(request.key);
    if (!analyzer) throw new Error(`no analyzer configured for ${request.key}`);
    const result =
      request.op === 'analyzeCell'
        ? await analyzer.analyzeCell(request.doc, request.cellIndex, request.options)
        : request.op === 'analyzeNotebook'
          ? await analyzer.analyzeNotebook(request.doc, request.options)
          : await analyzer.analyzePython(request.text);
    return { id: request.id, ok: true, result };
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The minimum of the DOM `Worker` the client uses (replaceable in tests). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: { data: WorkerResponse }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

interface Pending {
  readonly resolve: (result: AnalysisResult | null) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * One worker shared by every open notebook; one analyzer per config inside it. A request that
 * has not been answered within `timeoutMs` (a regression that made some input slow) restarts the
 * worker and fails the requests in flight — their cells keep their previous findings — so one
 * bad input never stalls analysis for good.
 */
export class AnalysisWorker {
  constructor(
    private readonly start: () => WorkerLike,
    private readonly timeoutMs = 60_000,
  ) {}

  /** Times the worker was (re)started; for the stats command and tests. */
  starts = 0;

  /** Register (or replace) the analyzer for `key`. */
  configure(key: string, config: AnalyzerConfig): Promise<void> {
    // Start (or replay the other configs into) the worker first, then send this one once.
    this.ensure();
    this.configs.set(key, config);
    return this.request({ op: 'configure', key, config }).then(() => undefined);
  }

  /** A `CellAnalyzer` for the config registered as `key` (`ruleIds` is asked for lazily). */
  analyzer(key: string, ruleIds: () => readonly string[]): CellAnalyzer {
    const run = async (body: DistributiveOmit<WorkerRequest, 'id'>): Promise<AnalysisResult> =>
      (await this.request(body)) ?? { findings: [], notices: [] };
    return {
      get ruleIds() {
        return ruleIds();
      },
      analyzeCell: (doc, cellIndex, options) =>
        run({ op: 'analyzeCell', key, doc, cellIndex, ...(options ? { options } : {}) }),
      analyzeNotebook: (doc, options) =>
        run({ op: 'analyzeNotebook', key, doc, ...(options ? { options } : {}) }),
      analyzePython: (text) => run({ op: 'analyzePython', key, text }),
    };
  }

  dispose(): void {
    this.stop(new Error('the analysis worker was stopped'));
    this.configs.clear();
  }

  private request(body: DistributiveOmit<WorkerRequest, 'id'>): Promise<AnalysisResult | null> {
    const worker = this.ensure();
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop(new Error(`Cellguard analysis took longer than ${this.timeoutMs} ms; restarted`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  private ensure(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.start();
    this.starts++;
    worker.onmessage = ({ data }) => {
      const pending = this.pending.get(data.id);
      if (!pending) return;
      this.pending.delete(data.id);
      clearTimeout(pending.timer);
      if (data.ok) pending.resolve(data.result);
      else pending.reject(new Error(data.error));
    };
    worker.onerror = (event) => {
      const message = (event as { message?: unknown } | null)?.message;
      this.stop(
        new Error(`Cellguard analysis worker failed: ${String(message ?? 'unknown error')}`),
      );
    };
    this.worker = worker;
    // A restarted worker gets every analyzer back before any new request (messages keep order).
    for (const [key, config] of this.configs) {
      const id = ++this.nextId;
      worker.postMessage({ id, op: 'configure', key, config });
    }
    return worker;
  }

  private stop(error: Error): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }

  private worker: WorkerLike | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly configs = new Map<string, AnalyzerConfig>();
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Start the bundled worker from its source text (a Blob URL), or return undefined when this
 * browser cannot (then the caller analyses in the page).
 */
export function blobWorkerFactory(source: string): (() => WorkerLike) | undefined {
  if (typeof Worker === 'undefined' || typeof Blob === 'undefined' || !source) return undefined;
  let url: string | undefined;
  return () => {
    url ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    return new Worker(url, { name: 'cellguard-analysis' }) as unknown as WorkerLike;
  };
}
