/**
 * `.cellguard.json` in JupyterLab: read through the Contents API from the notebook's folder up to
 * the server root (the nearest file wins, as in the CLI), layered under the user's settings by
 * the core (`configSearchPaths`, `readConfigText`, `resolveLayers`), and reloaded when it
 * changes — at once when it is saved from this JupyterLab (`fileChanged`), otherwise within one
 * poll of its `last_modified` (no content is fetched unless the date changed).
 */
import {
  CONFIG_FILE_NAME,
  configSearchPaths,
  ExcludeSet,
  readConfigText,
  relativeToConfig,
  resolveLayers,
  type CellguardConfig,
  type EditorConfigLayer,
} from '@cellguard/core';
import type { IDisposable } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';
import type { AnalyzerConfig } from './analysis';

/** The part of JupyterLab's `Contents.IManager` used here (structural, so tests can fake it). */
export interface ContentsLike {
  get(
    path: string,
    options?: { content?: boolean; type?: 'file'; format?: 'text' },
  ): Promise<{ path: string; last_modified?: string; content?: unknown }>;
  readonly fileChanged?: ISignal<
    unknown,
    { newValue?: { path?: string } | null; oldValue?: { path?: string } | null }
  >;
}

/** The config that applies to one notebook. */
export interface NotebookConfig {
  /** The `.cellguard.json` used (server-relative path), if any. */
  readonly path: string | undefined;
  /** What the worker builds its analyzer from. */
  readonly analyzer: AnalyzerConfig;
  /** Identifies `analyzer` (same text, same settings → same key). */
  readonly key: string;
  /** The notebook matches an `exclude` glob: it is not analysed. */
  readonly excluded: boolean;
  /** Why a layer was dropped (invalid file, invalid settings), for a warning. */
  readonly problems: readonly string[];
}

interface FileState {
  readonly path: string;
  readonly lastModified: string | undefined;
  readonly text: string;
}

function isNotFound(error: unknown): boolean {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  return status === 404;
}

/** Build the notebook's config from the file found (if any) and the settings layer. */
export function notebookConfig(
  notebookPath: string,
  file: FileState | undefined,
  settings: EditorConfigLayer,
): NotebookConfig {
  const problems: string[] = [];
  let parsed: CellguardConfig | undefined;
  if (file) {
    try {
      parsed = readConfigText(file.text, file.path).config;
    } catch (error) {
      problems.push(`${error instanceof Error ? error.message : String(error)}; file ignored`);
    }
  }
  const layered = resolveLayers(parsed, settings);
  problems.push(...layered.problems);
  const relative = file ? relativeToConfig(file.path, notebookPath) : notebookPath;
  const exclude = new ExcludeSet(layered.resolved.exclude);
  return {
    path: parsed ? file?.path : undefined,
    analyzer: { file: parsed, settings },
    key: JSON.stringify([parsed ? file?.text : null, settings]),
    excluded: exclude.isExcluded(relative),
    problems,
  };
}

/**
 * Finds and watches the `.cellguard.json` of each open notebook. `watch` calls `onChange` with
 * the new config whenever the file found (or its content, or the settings) changes.
 */
export class ConfigFiles implements IDisposable {
  constructor(
    private readonly contents: ContentsLike,
    private settings: EditorConfigLayer,
    private readonly pollMs = 5000,
  ) {
    contents.fileChanged?.connect(this.onFileChanged, this);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The current config of a notebook (fetches the files on the first call). */
  async configFor(notebookPath: string): Promise<NotebookConfig> {
    const file = await this.find(notebookPath, true);
    return notebookConfig(notebookPath, file, this.settings);
  }

  /** New settings: every watched notebook gets its config again. */
  setSettings(settings: EditorConfigLayer): void {
    this.settings = settings;
    for (const watch of this.watches) void this.check(watch, true);
  }

  /**
   * Follow a notebook's config until the returned handle is disposed: `onChange` is called once
   * with the initial config, then on every change.
   */
  watch(notebookPath: () => string, onChange: (config: NotebookConfig) => void): IDisposable {
    const watch: Watch = { notebookPath, onChange, signature: undefined };
    this.watches.add(watch);
    void this.check(watch, false);
    this.ensureTimer();
    return {
      isDisposed: false,
      dispose: () => {
        this.watches.delete(watch);
        if (this.watches.size === 0) this.stopTimer();
      },
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopTimer();
    this.watches.clear();
    this.contents.fileChanged?.disconnect(this.onFileChanged, this);
  }

  /** Polls and `fileChanged` events made (for tests and the stats command). */
  readonly counts = { polls: 0, reads: 0 };

  private async check(watch: Watch, force: boolean): Promise<void> {
    const path = watch.notebookPath();
    const file = await this.find(path, force);
    const signature = JSON.stringify([file?.path, file?.lastModified, file?.text, this.settings]);
    // The first check always reports: that is the notebook's initial config.
    if (!force && watch.signature !== undefined && signature === watch.signature) return;
    watch.signature = signature;
    if (this.watches.has(watch)) watch.onChange(notebookConfig(path, file, this.settings));
  }

  /**
   * The nearest `.cellguard.json` for a notebook. Dates are checked on every call; a file's text
   * is fetched again only when its date changed (or `fresh`).
   */
  private async find(notebookPath: string, fresh: boolean): Promise<FileState | undefined> {
    for (const path of configSearchPaths(notebookPath)) {
      let model: { path: string; last_modified?: string };
      try {
        model = await this.contents.get(path, { content: false });
      } catch (error) {
        if (isNotFound(error)) continue;
        // Unreadable (permissions, a folder named like the file): try the next folder up.
        continue;
      }
      const known = this.files.get(path);
      if (!fresh && known && known.lastModified === model.last_modified) return known;
      try {
        const full = await this.contents.get(path, { content: true, type: 'file', format: 'text' });
        this.counts.reads++;
        const state: FileState = {
          path,
          lastModified: full.last_modified ?? model.last_modified,
          text: typeof full.content === 'string' ? full.content : '',
        };
        this.files.set(path, state);
        return state;
      } catch {
        continue;
      }
    }
    return undefined;
  }

  private onFileChanged(
    _: unknown,
    change: { newValue?: { path?: string } | null; oldValue?: { path?: string } | null },
  ): void {
    const touched = [change.newValue?.path, change.oldValue?.path].some(
      (p) =>
        typeof p === 'string' && (p === CONFIG_FILE_NAME || p.endsWith(`/${CONFIG_FILE_NAME}`)),
    );
    if (!touched) return;
    for (const watch of this.watches) void this.check(watch, true).catch(() => undefined);
  }

  private ensureTimer(): void {
    if (this.timer !== undefined || this.pollMs <= 0) return;
    this.timer = setInterval(() => {
      this.counts.polls++;
      for (const watch of this.watches) void this.check(watch, false).catch(() => undefined);
    }, this.pollMs);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private disposed = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly watches = new Set<Watch>();
  private readonly files = new Map<string, FileState>();
}

interface Watch {
  readonly notebookPath: () => string;
  readonly onChange: (config: NotebookConfig) => void;
  signature: string | undefined;
}
