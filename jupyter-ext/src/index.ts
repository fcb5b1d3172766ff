/**
 * Cellguard for JupyterLab 4: wires the core's analysis into lint marks, output flags, a findings
 * panel, a status bar item and save-time checks. See the other modules for each feature.
 */
import type { Finding } from '@cellguard/core';
import {
  ILabShell,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin,
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import type { CodeEditor } from '@jupyterlab/codeeditor';
import {
  EditorExtensionRegistry,
  IEditorExtensionRegistry,
  type CodeMirrorEditor,
} from '@jupyterlab/codemirror';
import type { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookTracker, type INotebookModel, type NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { Signal } from '@lumino/signaling';
import { AnalysisWorker, analyzerFor, blobWorkerFactory, type CellAnalyzer } from './analysis';
import { ConfigFiles, notebookConfig, type NotebookConfig } from './config';
import { docFromModel } from './convert';
import { AnalysisStats, NotebookFindings } from './findings';
import { cellguardLinter, relint, type CellLocator } from './lint';
import { fixOutputs, OutputFlags } from './outputs';
import {
  adjacentFinding,
  cellguardIcon,
  FindingsPanel,
  FindingsStatus,
  revealFinding,
  type PanelHost,
} from './panel';
import { SaveGuard, watchSaveCommands } from './save-guard';
import { DEFAULT_SETTINGS, readSettings, settingsLayer, type CellguardSettings } from './settings';
import { WORKER_SOURCE } from './worker-source';
import {
  CommandIDs,
  ICellguardFindings,
  PLUGIN_ID,
  SAVE_POLICIES,
  type SavePolicy,
} from './tokens';

export * from './tokens';
export { readSettings } from './settings';

class FindingsService implements ICellguardFindings {
  constructor(readonly findingsFor: (panel: NotebookPanel) => readonly Finding[]) {}
  readonly changed: Signal<ICellguardFindings, NotebookPanel> = new Signal<
    ICellguardFindings,
    NotebookPanel
  >(this);
}

interface Tracked {
  readonly store: NotebookFindings;
  readonly flags: OutputFlags;
  /** The notebook's `.cellguard.json` layered under the settings, and its analyzer. */
  config: NotebookConfig;
  analyzer: CellAnalyzer;
}

const plugin: JupyterFrontEndPlugin<ICellguardFindings> = {
  id: PLUGIN_ID,
  description: 'Cellguard: secrets, sensitive outputs and unsafe model loading in notebooks.',
  autoStart: true,
  requires: [INotebookTracker, IEditorExtensionRegistry, ISettingRegistry],
  optional: [ICommandPalette, IStatusBar, ILabShell],
  provides: ICellguardFindings,
  activate: async (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    editorExtensions: IEditorExtensionRegistry,
    settingRegistry: ISettingRegistry,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null,
    labShell: ILabShell | null,
  ): Promise<ICellguardFindings> => {
    let settings: CellguardSettings = DEFAULT_SETTINGS;
    // --- analysis: in a web worker (never on the page's thread), one analyzer per config -----
    const startWorker = blobWorkerFactory(WORKER_SOURCE);
    if (!startWorker) console.warn('cellguard: no web worker available; analysing in the page');
    const worker = startWorker ? new AnalysisWorker(startWorker) : undefined;
    const analyzers = new Map<string, CellAnalyzer>();
    const analyzerOf = (config: NotebookConfig): CellAnalyzer => {
      let analyzer = analyzers.get(config.key);
      if (analyzer) return analyzer;
      if (worker) {
        void worker.configure(config.key, config.analyzer).catch((error: unknown) => {
          console.warn('cellguard: the analysis worker rejected its config', error);
        });
        let ids: readonly string[] | undefined;
        analyzer = worker.analyzer(
          config.key,
          () => (ids ??= analyzerFor(config.analyzer).ruleIds),
        );
      } else {
        analyzer = analyzerFor(config.analyzer);
      }
      // Configs change rarely; keep the few most recent.
      if (analyzers.size > 20) analyzers.delete(analyzers.keys().next().value as string);
      analyzers.set(config.key, analyzer);
      return analyzer;
    };
    let defaultConfig = notebookConfig('', undefined, settingsLayer(settings));
    const defaultAnalyzer = (): CellAnalyzer => analyzerOf(defaultConfig);
    const configs = new ConfigFiles(app.serviceManager.contents, settingsLayer(settings));
    const reported = new Set<string>();
    const reportProblems = (config: NotebookConfig): void => {
      for (const problem of config.problems) {
        if (reported.has(problem)) continue;
        reported.add(problem);
        console.warn(`cellguard: ${problem}`);
        Notification.warning(`Cellguard: ${problem}`, { autoClose: 10000 });
      }
    };
    const stats = new AnalysisStats();
    const tracked = new Map<NotebookPanel, Tracked>();
    const findingsFor = (panel: NotebookPanel | null | undefined): readonly Finding[] =>
      (panel && tracked.get(panel)?.store.findings) || [];
    const service = new FindingsService((panel) => findingsFor(panel));

    // --- lint marks ------------------------------------------------------------------------
    const locator: CellLocator = {
      locate(model: CodeEditor.IModel) {
        for (const [panel, { store }] of tracked) {
          const notebookModel = panel.content.model;
          if (!notebookModel) continue;
          for (let i = 0; i < notebookModel.cells.length; i++) {
            if (notebookModel.cells.get(i) === (model as unknown))
              return { panel, store, cellIndex: i };
          }
        }
        return undefined;
      },
    };
    const openUrl = (url: string): void => {
      window.open(url, '_blank', 'noopener,noreferrer');
    };
    editorExtensions.addExtension({
      name: 'cellguard:lint',
      factory: (options) =>
        EditorExtensionRegistry.createImmutableExtension(
          cellguardLinter(options.model, {
            locator,
            analyzer: defaultAnalyzer,
            enabled: () => settings.enabled,
            delay: () => settings.lintDelay,
            onRun: () => stats.lintRuns++,
            openUrl,
          }),
        ),
    });

    const relintPanel = (panel: NotebookPanel): void => {
      if (panel.isDisposed) return;
      for (const cell of panel.content.widgets) {
        const view = (cell.editor as CodeMirrorEditor | null)?.editor;
        if (view) relint(view);
      }
    };
    const relintAll = (): void => tracker.forEach(relintPanel);

    // --- panel and status bar --------------------------------------------------------------
    const host: PanelHost = {
      current: () => {
        const panel = tracker.currentWidget;
        if (!panel) return undefined;
        const config = tracked.get(panel)?.config;
        return {
          panel,
          findings: findingsFor(panel),
          ...(config?.path ? { configPath: config.path } : {}),
          excluded: config?.excluded === true,
        };
      },
      rescan: () => void app.commands.execute(CommandIDs.rescan),
    };
    const findingsPanel = new FindingsPanel(host);
    findingsPanel.title.label = '';
    app.shell.add(findingsPanel, settings.panelArea, { rank: 700 });

    const showPanel = (): void => {
      if (labShell) labShell.activateById(findingsPanel.id);
      else app.shell.activateById(findingsPanel.id);
    };
    const status = new FindingsStatus(host, showPanel);
    const statusActiveChanged = new Signal<FindingsStatus, void>(status);
    tracker.currentChanged.connect(() => statusActiveChanged.emit());
    statusBar?.registerStatusItem(`${PLUGIN_ID}:status`, {
      item: status,
      align: 'left',
      rank: 5,
      isActive: () => tracker.currentWidget !== null,
      activeStateChanged: statusActiveChanged,
    });
    const refreshViews = (): void => {
      findingsPanel.update();
      status.update();
    };
    tracker.currentChanged.connect(refreshViews);

    // --- save guard ------------------------------------------------------------------------
    const guard = new SaveGuard({
      policy: () => settings.onSave,
      analyzer: (context) => {
        for (const [panel, entry] of tracked)
          if (panel.context === context) return entry.config.excluded ? undefined : entry.analyzer;
        return defaultAnalyzer();
      },
    });
    watchSaveCommands(app.commands, guard, (id) => {
      type Ctx = DocumentRegistry.IContext<INotebookModel>;
      const current = tracker.currentWidget;
      if (id === 'docmanager:save-all') {
        const all: Ctx[] = [];
        tracker.forEach((panel) => all.push(panel.context));
        return all;
      }
      // docmanager:save / save-as act on the shell's current widget.
      const widget = app.shell.currentWidget;
      const panel =
        widget && tracked.has(widget as NotebookPanel) ? (widget as NotebookPanel) : current;
      return panel ? [panel.context] : [];
    });

    // --- per notebook ----------------------------------------------------------------------
    const track = (panel: NotebookPanel): void => {
      guard.attach(panel);
      void panel.context.ready.then(() => {
        const model = panel.content.model;
        if (!model || panel.isDisposed) return;
        let entry: Tracked | undefined;
        // The first call gives the initial config; later ones follow `.cellguard.json` edits.
        const watch = configs.watch(
          () => panel.context.path,
          (config) => {
            reportProblems(config);
            if (entry) {
              entry.config = config;
              entry.analyzer = analyzerOf(config);
              void entry.store.rescan().then(() => {
                entry?.flags.render();
                relintPanel(panel);
              });
              return;
            }
            if (panel.isDisposed) return;
            entry = start(panel, model, config);
          },
        );
        panel.disposed.connect(() => watch.dispose());
      });
    };
    const start = (
      panel: NotebookPanel,
      model: INotebookModel,
      config: NotebookConfig,
    ): Tracked => {
      const store = new NotebookFindings({
        model,
        analyzer: () => entry.analyzer,
        enabled: () => settings.enabled && !entry.config.excluded,
        stats,
        debounceMs: Math.max(200, settings.lintDelay),
      });
      const flags = new OutputFlags(panel, store, () => settings.enabled && settings.outputFlags);
      const entry: Tracked = { store, flags, config, analyzer: analyzerOf(config) };
      tracked.set(panel, entry);
      store.changed.connect(() => {
        // Findings can change without an edit in that editor (an import in an earlier cell,
        // the kernel's language arriving): marks follow, answered from the store's cache.
        relintPanel(panel);
        service.changed.emit(panel);
        if (tracker.currentWidget === panel) refreshViews();
      });
      panel.disposed.connect(() => {
        flags.dispose();
        store.dispose();
        tracked.delete(panel);
      });
      // Editors created before the store existed linted with no notebook context.
      void store.rescan().then(() => relintPanel(panel));
      return entry;
    };
    tracker.forEach(track);
    tracker.widgetAdded.connect((_, panel) => track(panel));

    // --- settings --------------------------------------------------------------------------
    const applySettings = (composite: unknown): void => {
      const previous = settings;
      settings = readSettings(composite);
      defaultConfig = notebookConfig('', undefined, settingsLayer(settings));
      // Every notebook gets its config again (and re-scans) through its config watch.
      configs.setSettings(settingsLayer(settings));
      if (previous.panelArea !== settings.panelArea)
        app.shell.add(findingsPanel, settings.panelArea, { rank: 700 });
      relintAll();
      refreshViews();
    };
    let setting: ISettingRegistry.ISettings | undefined;
    try {
      setting = await settingRegistry.load(PLUGIN_ID);
      applySettings(setting.composite);
      setting.changed.connect(() => applySettings(setting!.composite));
    } catch (error) {
      console.warn('cellguard: settings could not be loaded; using the defaults', error);
    }

    // --- commands --------------------------------------------------------------------------
    const hasNotebook = (): boolean => tracker.currentWidget !== null;
    const { commands } = app;
    commands.addCommand(CommandIDs.showPanel, {
      label: 'Cellguard: Show Findings',
      caption: 'Show the Cellguard findings of the current notebook',
      icon: cellguardIcon,
      execute: showPanel,
    });
    commands.addCommand(CommandIDs.rescan, {
      label: 'Cellguard: Re-scan Notebook',
      isEnabled: hasNotebook,
      execute: async () => {
        const panel = tracker.currentWidget;
        const entry = panel && tracked.get(panel);
        if (!entry) return;
        await entry.store.rescan();
        entry.flags.render();
        refreshViews();
      },
    });
    const outputCommand = (mode: 'redact' | 'clear') => async () => {
      const panel = tracker.currentWidget;
      if (!panel) return 0;
      const outputs = findingsPanelOutputs(panel);
      return fixOutputs(panel, outputs, mode);
    };
    const findingsPanelOutputs = (panel: NotebookPanel): Finding[] =>
      findingsFor(panel).filter((f) => f.location.kind === 'output');
    commands.addCommand(CommandIDs.redactOutputs, {
      label: 'Cellguard: Redact Sensitive Outputs',
      caption: 'Replace sensitive values in every flagged output of this notebook',
      isEnabled: hasNotebook,
      execute: outputCommand('redact'),
    });
    commands.addCommand(CommandIDs.clearFlaggedOutputs, {
      label: 'Cellguard: Clear Flagged Outputs',
      caption: 'Remove every output Cellguard flagged in this notebook',
      isEnabled: hasNotebook,
      execute: outputCommand('clear'),
    });
    const step = (direction: 1 | -1) => async () => {
      const panel = tracker.currentWidget;
      if (!panel) return;
      const notebook = panel.content;
      const editor = notebook.activeCell?.editor;
      const cursor = editor ? editor.getOffsetAt(editor.getCursorPosition()) : 0;
      const target = adjacentFinding(
        findingsFor(panel),
        notebook.activeCellIndex,
        notebook.mode === 'edit' ? cursor : -1,
        direction,
      );
      if (target) await revealFinding(panel, target);
    };
    commands.addCommand(CommandIDs.nextFinding, {
      label: 'Cellguard: Go to Next Finding',
      isEnabled: hasNotebook,
      execute: step(1),
    });
    commands.addCommand(CommandIDs.previousFinding, {
      label: 'Cellguard: Go to Previous Finding',
      isEnabled: hasNotebook,
      execute: step(-1),
    });
    commands.addCommand(CommandIDs.setSavePolicy, {
      label: (args) =>
        args['policy']
          ? `Cellguard: On Save, ${String(args['policy'])}`
          : 'Cellguard: Set Save Policy',
      isToggled: (args) => args['policy'] === settings.onSave,
      execute: async (args) => {
        const policy = args['policy'] as SavePolicy;
        if (!SAVE_POLICIES.includes(policy)) return;
        if (setting) await setting.set('onSave', policy);
        else settings = { ...settings, onSave: policy };
      },
    });
    commands.addCommand(CommandIDs.stats, {
      label: 'Cellguard: Analysis Statistics',
      execute: async (args) => {
        if (args['debug'] && tracker.currentWidget?.content.model) {
          const doc = docFromModel(tracker.currentWidget.content.model);
          const r = await defaultAnalyzer().analyzeNotebook(doc);
          const one = await defaultAnalyzer().analyzeCell(
            docFromModel(tracker.currentWidget.content.model, { outputs: 'none' }),
            1,
            { outputs: false },
          );
          return {
            one: one.findings.map((f) => f.ruleId),
            language: doc.language,
            cells: doc.cells.map((c) => c.source.slice(0, 40)),
            findings: r.findings.map((f) => f.ruleId),
            notices: r.notices,
          };
        }
        return {
          ...stats.toJSON(),
          findings: [...tracked.values()].map((t) =>
            t.store.findings.map((f) => `${f.location.cellIndex}:${f.ruleId}`),
          ),
          rules: defaultAnalyzer().ruleIds,
          saves: guard.log.slice(-10),
          policy: settings.onSave,
          worker: { enabled: worker !== undefined, starts: worker?.starts ?? 0 },
          configs: [...tracked].map(([panel, t]) => ({
            notebook: panel.context.path,
            config: t.config.path ?? null,
            excluded: t.config.excluded,
            rules: t.config.analyzer.file?.rules ?? {},
          })),
          configReads: configs.counts.reads,
        };
      },
    });
    if (palette) {
      const category = 'Cellguard';
      for (const command of [
        CommandIDs.showPanel,
        CommandIDs.rescan,
        CommandIDs.redactOutputs,
        CommandIDs.clearFlaggedOutputs,
        CommandIDs.nextFinding,
        CommandIDs.previousFinding,
      ]) {
        palette.addItem({ command, category });
      }
      for (const policy of SAVE_POLICIES)
        palette.addItem({ command: CommandIDs.setSavePolicy, args: { policy }, category });
    }

    refreshViews();
    return service;
  },
};

export default plugin;
