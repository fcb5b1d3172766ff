/**
 * Entry point: wires documents, settings and commands to the core. A thin client — all
 * detection happens in `@cellguard/core`; the modules here translate and display.
 */
import * as vscode from 'vscode';
import {
  allRules,
  CONFIG_FILE_NAME,
  createAnalyzer,
  displayCellIndex,
  docsUrlFor,
  fromPythonSource,
  LineIndex,
  ExcludeSet,
  parseNotebook,
  resolveLayers,
  type Analyzer,
  type CellguardConfig,
  type NotebookDoc,
} from '@cellguard/core';
import type { CellguardApi, ScanSummary } from './api';
import {
  APPLY_EDIT_COMMAND,
  CellguardCodeActionProvider,
  PendingEdits,
  safeFixEdits,
} from './code-actions';
import { editorSettings, readConfigFile, settingsLayer } from './config';
import {
  cellToCore,
  editsToWorkspaceEdit,
  findingToDiagnostic,
  notebookToCore,
  outputToCore,
  redactOutput,
  scanFindingToDiagnostic,
  toDiagnosticSeverity,
} from './convert';
import { DiagnosticsManager } from './diagnostics';
import { OutputStatusBarProvider, outputWorkspaceEdit, type OutputAction } from './outputs';
import { SaveGuard } from './save-guard';
import { StatusItem } from './status';

const NOTEBOOK_TYPE = 'jupyter-notebook';

interface FolderConfig {
  readonly analyzer: Analyzer;
  /** The core's exclude matcher (the same globs and semantics as the CLI and JupyterLab). */
  readonly exclude: ExcludeSet;
}

/**
 * Settings + `.cellguard.json` per workspace folder, rebuilt when either changes — layered by the
 * core (`resolveLayers`). In Restricted Mode (an untrusted workspace) the workspace's file is not
 * read at all: a cloned repository must not configure the tool that checks it.
 */
class ConfigStore {
  private folders = new Map<string, FolderConfig>();
  private fallback: FolderConfig | undefined;
  private readonly problems = vscode.languages.createDiagnosticCollection('cellguard-config');
  private readonly reported = new Set<string>();
  /** Config files present but ignored because the workspace is not trusted. */
  ignoredUntrusted = 0;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  async reload(): Promise<void> {
    const next = new Map<string, FolderConfig>();
    this.problems.clear();
    this.ignoredUntrusted = 0;
    const trusted = vscode.workspace.isTrusted;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const { config, problem, found } = await readConfigFile(folder.uri);
      if (!trusted) {
        if (found) {
          this.ignoredUntrusted++;
          this.log.info(
            `${folder.uri.toString(true)}: ${CONFIG_FILE_NAME} ignored (Restricted Mode); defaults and user settings apply`,
          );
        }
        next.set(folder.uri.toString(), this.build(undefined, folder.uri));
        continue;
      }
      if (problem) {
        this.problems.set(problem.uri, [
          new vscode.Diagnostic(
            new vscode.Range(0, 0, 0, 0),
            problem.message,
            vscode.DiagnosticSeverity.Error,
          ),
        ]);
        this.log.warn(`${problem.uri.toString(true)}: ${problem.message}`);
        if (!this.reported.has(problem.message)) {
          this.reported.add(problem.message);
          void vscode.window.showWarningMessage(
            `Cellguard: ${CONFIG_FILE_NAME} is invalid and was ignored: ${problem.message}`,
          );
        }
      }
      next.set(folder.uri.toString(), this.build(config, folder.uri));
    }
    this.folders = next;
    this.fallback = this.build(undefined, undefined);
  }

  private build(file: CellguardConfig | undefined, scope: vscode.Uri | undefined): FolderConfig {
    // In Restricted Mode only the user's own settings count, not the workspace's.
    const layer = settingsLayer(scope);
    const { resolved, problems } = resolveLayers(file, layer);
    for (const problem of problems)
      this.log.warn(
        `settings ignored for ${scope?.toString(true) ?? 'files outside folders'}: ${problem}`,
      );
    const exclude = new ExcludeSet(resolved.exclude);
    for (const error of exclude.errors) this.log.warn(error);
    return { analyzer: createAnalyzer(resolved), exclude };
  }

  private folderOf(uri: vscode.Uri): { config: FolderConfig | undefined; relative: string } {
    // Cell documents share the notebook's path; the folder lookup works on the file URI.
    const fileUri =
      uri.scheme === 'vscode-notebook-cell' ? uri.with({ scheme: 'file', fragment: '' }) : uri;
    const folder =
      vscode.workspace.getWorkspaceFolder(fileUri) ?? vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return { config: this.fallback, relative: uri.path.replace(/^\//, '') };
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
    const relative = fileUri.path.startsWith(base) ? fileUri.path.slice(base.length) : fileUri.path;
    return { config: this.folders.get(folder.uri.toString()) ?? this.fallback, relative };
  }

  isExcluded(uri: vscode.Uri): boolean {
    const { config, relative } = this.folderOf(uri);
    return !!config && config.exclude.isExcluded(relative);
  }

  analyzerFor(uri: vscode.Uri): Analyzer | undefined {
    if (!editorSettings(uri).enable || this.isExcluded(uri)) return undefined;
    return this.folderOf(uri).config?.analyzer;
  }

  dispose(): void {
    this.problems.dispose();
  }
}

function isAnalysedNotebook(notebook: vscode.NotebookDocument): boolean {
  return notebook.notebookType === NOTEBOOK_TYPE;
}

function cellOfDocument(document: vscode.TextDocument): vscode.NotebookCell | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  for (const notebook of vscode.workspace.notebookDocuments) {
    if (!isAnalysedNotebook(notebook)) continue;
    const cell = notebook.getCells().find((c) => c.document === document);
    if (cell) return cell;
  }
  return undefined;
}

function notebookFor(arg: unknown): vscode.NotebookDocument | undefined {
  if (arg instanceof vscode.Uri) {
    return vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === arg.toString());
  }
  return vscode.window.activeNotebookEditor?.notebook;
}

export function activate(context: vscode.ExtensionContext): CellguardApi {
  const log = vscode.window.createOutputChannel('Cellguard', { log: true });
  const configs = new ConfigStore(log);
  const diagnostics = new DiagnosticsManager({
    analyzerFor: (uri) => configs.analyzerFor(uri),
    debounceMs: (uri) => editorSettings(uri).debounceMs,
    log: (message) => log.error(message),
  });
  const scanResults = vscode.languages.createDiagnosticCollection('cellguard-scan');
  const cellItems = new OutputStatusBarProvider(diagnostics);
  const status = new StatusItem(
    diagnostics,
    () => editorSettings().enable,
    () => !vscode.workspace.isTrusted,
  );
  const pendingEdits = new PendingEdits();
  const saveGuard = new SaveGuard(
    diagnostics,
    (uri) => editorSettings(uri).enable && !configs.isExcluded(uri),
  );

  const openAll = (): void => {
    for (const notebook of vscode.workspace.notebookDocuments)
      if (isAnalysedNotebook(notebook)) diagnostics.openNotebook(notebook);
    for (const document of vscode.workspace.textDocuments)
      if (DiagnosticsManager.isPythonFile(document)) diagnostics.openText(document);
  };
  const reload = async (): Promise<void> => {
    await configs.reload();
    if (editorSettings().enable) {
      // Re-analyse in place: results are replaced as they come, so diagnostics do not flicker.
      // Documents now excluded or disabled get their diagnostics removed by the analysis itself.
      openAll();
    } else {
      diagnostics.clearAll();
      scanResults.clear();
    }
    status.update();
  };
  /** Settings that change what is found; `onSave` and `debounceMs` are read when used. */
  const analysisSettings = [
    'enable',
    'categories',
    'severityOverrides',
    'allowlist',
    'exclude',
  ].map((k) => `cellguard.${k}`);
  const ready = reload().catch((error: unknown) =>
    log.error(`loading configuration failed: ${String(error)}`),
  );

  const configWatcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
  const onConfigFile = (): void => void reload();

  context.subscriptions.push(
    log,
    configs,
    diagnostics,
    scanResults,
    cellItems,
    status,
    saveGuard,
    configWatcher,
    // Trust granted: the workspace's .cellguard.json now applies.
    vscode.workspace.onDidGrantWorkspaceTrust(onConfigFile),
    configWatcher.onDidCreate(onConfigFile),
    configWatcher.onDidChange(onConfigFile),
    configWatcher.onDidDelete(onConfigFile),
    diagnostics.onDidChange(() => cellItems.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (analysisSettings.some((key) => event.affectsConfiguration(key))) void reload();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void reload()),
    vscode.workspace.onDidOpenNotebookDocument((notebook) => {
      if (!isAnalysedNotebook(notebook)) return;
      scanResults.delete(notebook.uri);
      diagnostics.openNotebook(notebook);
    }),
    vscode.workspace.onDidCloseNotebookDocument((notebook) => diagnostics.closeNotebook(notebook)),
    vscode.workspace.onDidChangeNotebookDocument((event) => {
      if (isAnalysedNotebook(event.notebook)) diagnostics.notebookChanged(event);
    }),
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (!DiagnosticsManager.isPythonFile(document)) return;
      scanResults.delete(document.uri);
      diagnostics.openText(document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (DiagnosticsManager.isPythonFile(document)) diagnostics.closeText(document);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      const document = event.document;
      if (DiagnosticsManager.isPythonFile(document)) {
        diagnostics.textChanged(document);
        return;
      }
      const cell = cellOfDocument(document);
      if (cell) diagnostics.cellTextChanged(cell);
    }),
    vscode.languages.registerCodeActionsProvider(
      [{ scheme: 'vscode-notebook-cell' }, { language: 'python' }],
      new CellguardCodeActionProvider(diagnostics, pendingEdits),
      { providedCodeActionKinds: CellguardCodeActionProvider.providedCodeActionKinds },
    ),
    vscode.notebooks.registerNotebookCellStatusBarItemProvider(NOTEBOOK_TYPE, cellItems),
    vscode.commands.registerCommand('cellguard.scanWorkspace', () =>
      scanWorkspace(configs, scanResults, log, diagnostics),
    ),
    vscode.commands.registerCommand('cellguard.redactOutputs', (uri?: unknown) =>
      applyToOutputs(diagnostics, notebookFor(uri), 'redact'),
    ),
    vscode.commands.registerCommand('cellguard.clearSensitiveOutputs', (uri?: unknown) =>
      applyToOutputs(diagnostics, notebookFor(uri), 'clear'),
    ),
    vscode.commands.registerCommand(
      'cellguard.redactCellOutputs',
      (uri?: unknown, cellIndex?: unknown) =>
        applyToOutputs(
          diagnostics,
          notebookFor(uri),
          'redact',
          typeof cellIndex === 'number' ? cellIndex : undefined,
        ),
    ),
    vscode.commands.registerCommand(APPLY_EDIT_COMMAND, (key?: unknown) => pendingEdits.apply(key)),
    vscode.commands.registerCommand('cellguard.fixAll', (uri?: unknown) =>
      fixAll(diagnostics, uri),
    ),
    vscode.commands.registerCommand('cellguard.showRuleDocumentation', (ruleId?: unknown) =>
      showRuleDocumentation(ruleId),
    ),
  );

  log.info(`Cellguard activated (${allRules.length} rules)`);
  return {
    ready: ready.then(() => undefined),
    whenIdle: async () => {
      await ready;
      await diagnostics.whenIdle();
    },
    saveEvents: saveGuard.events,
    findings: (target) =>
      'getCells' in target
        ? diagnostics.notebookEntries(target).map((e) => e.finding)
        : diagnostics.entriesFor(target).map((e) => e.finding),
    statusText: () => status.text,
    cellStatusItems: (cell) => cellItems.provideCellStatusBarItems(cell),
    convert: {
      outputToCore,
      findingToDiagnostic,
      redactOutput,
      toDiagnosticSeverity,
      cellToCore,
      notebookToCore,
      editsToWorkspaceEdit,
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

async function applyToOutputs(
  diagnostics: DiagnosticsManager,
  notebook: vscode.NotebookDocument | undefined,
  action: OutputAction,
  cellIndex?: number,
): Promise<number> {
  if (!notebook) {
    void vscode.window.showInformationMessage('Cellguard: open a notebook first.');
    return 0;
  }
  await diagnostics.flush(notebook);
  const entries = diagnostics
    .notebookEntries(notebook)
    .filter((e) => e.finding.location.kind === 'output')
    .filter(
      (e) =>
        cellIndex === undefined ||
        (e.target.kind === 'notebook' &&
          e.target.cells[displayCellIndex(e.finding.location)]?.index === cellIndex),
    );
  const edit = outputWorkspaceEdit(entries, action);
  if (!edit) {
    void vscode.window.showInformationMessage('Cellguard: no sensitive values in outputs.');
    return 0;
  }
  const ok = await vscode.workspace.applyEdit(edit);
  return ok ? entries.length : 0;
}

async function fixAll(diagnostics: DiagnosticsManager, arg: unknown): Promise<number> {
  const notebook = notebookFor(arg);
  const document = notebook ? undefined : vscode.window.activeTextEditor?.document;
  const entries = notebook
    ? diagnostics.notebookEntries(notebook)
    : document
      ? diagnostics.entriesFor(document)
      : [];
  const groups = safeFixEdits(entries);
  if (groups.length === 0) {
    void vscode.window.showInformationMessage('Cellguard: nothing to fix automatically.');
    return 0;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const group of groups) editsToWorkspaceEdit(group.target, group.edits, edit);
  await vscode.workspace.applyEdit(edit);
  return groups.reduce((n, g) => n + g.edits.length, 0);
}

async function showRuleDocumentation(ruleId: unknown): Promise<string | undefined> {
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    const picked = await vscode.window.showQuickPick(
      allRules.map((rule) => ({
        label: rule.meta.id,
        description: rule.meta.category,
        detail: rule.meta.description,
      })),
      { placeHolder: 'Which rule?' },
    );
    id = picked?.label;
  }
  if (!id) return undefined;
  const url = docsUrlFor(id);
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}

/** Glob of excluded files for `findFiles`: `files.exclude` plus Cellguard's own excludes. */
function excludeGlob(folder: vscode.WorkspaceFolder): string | undefined {
  const filesExclude = vscode.workspace
    .getConfiguration('files', folder.uri)
    .get<Record<string, unknown>>('exclude', {});
  const globs = Object.entries(filesExclude ?? {})
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
  globs.push('**/node_modules/**', '**/.ipynb_checkpoints/**');
  return `{${globs.join(',')}}`;
}

/** Findings of an open notebook or `.py` file, once its pending analysis has run. */
async function liveFindings(diagnostics: DiagnosticsManager, uri: vscode.Uri): Promise<number> {
  const key = uri.toString();
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === key);
  if (notebook) {
    await diagnostics.flush(notebook);
    return diagnostics.notebookEntries(notebook).length;
  }
  const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === key);
  if (!document) return 0;
  await diagnostics.whenIdle();
  return diagnostics.textEntries(document).length;
}

async function scanWorkspace(
  configs: ConfigStore,
  results: vscode.DiagnosticCollection,
  log: vscode.LogOutputChannel,
  diagnostics: DiagnosticsManager,
): Promise<ScanSummary> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const decoder = new TextDecoder();
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Cellguard: scanning workspace',
      cancellable: true,
    },
    async (progress, token) => {
      const uris: vscode.Uri[] = [];
      for (const folder of folders) {
        const found = await vscode.workspace.findFiles(
          new vscode.RelativePattern(folder, '**/*.{ipynb,py}'),
          excludeGlob(folder),
          undefined,
          token,
        );
        uris.push(...found);
      }
      const openUris = new Set([
        ...vscode.workspace.notebookDocuments.map((nb) => nb.uri.toString()),
        ...vscode.workspace.textDocuments.map((doc) => doc.uri.toString()),
      ]);
      results.clear();
      let findings = 0;
      let files = 0;
      const skipped: { uri: string; reason: string }[] = [];
      const todo = uris
        .filter((uri) => configs.analyzerFor(uri) !== undefined)
        .sort((a, b) => a.path.localeCompare(b.path));
      for (const uri of todo) {
        if (token.isCancellationRequested) break;
        progress.report({
          increment: 100 / Math.max(1, todo.length),
          message: vscode.workspace.asRelativePath(uri),
        });
        files++;
        const analyzer = configs.analyzerFor(uri);
        if (!analyzer) continue;
        // Open documents are checked live: their live findings count (and the file too), so the
        // summary matches the Problems panel whichever files happen to be open.
        if (openUris.has(uri.toString())) {
          findings += await liveFindings(diagnostics, uri);
          continue;
        }
        try {
          const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
          const doc: NotebookDoc = uri.path.endsWith('.ipynb')
            ? parseNotebook(text)
            : fromPythonSource(text);
          const result = await analyzer.analyzeNotebook(doc);
          const indexes = new Map<number, LineIndex>();
          results.set(
            uri,
            result.findings.map((f) => scanFindingToDiagnostic(f, doc, indexes)),
          );
          findings += result.findings.length;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          skipped.push({ uri: uri.toString(), reason });
          log.warn(`scan: skipped ${uri.toString(true)}: ${reason}`);
        }
        // Let the extension host breathe between files.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const cancelled = token.isCancellationRequested;
      const summary = `Cellguard: ${findings} problem(s) in ${files} file(s)${cancelled ? ' (cancelled)' : ''}.`;
      void vscode.window.showInformationMessage(summary, 'Show problems').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return { files, findings, cancelled, skipped };
    },
  );
}
