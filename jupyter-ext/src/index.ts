/**
 * Cellguard for JupyterLab 4: wires the core's analysis into lint marks, output flags, a findings
 * panel, a status bar item and save-time checks. See the other modules for each feature.
 */
import { createAnalyzer, type Analyzer, type Finding } from '@cellguard/core';
import {
  ILabShell,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin,
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
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
import { DEFAULT_SETTINGS, readSettings, toCoreConfig, type CellguardSettings } from './settings';
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
    let analyzer: Analyzer = createAnalyzer(toCoreConfig(settings));
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
            analyzer: () => analyzer,
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
        return panel ? { panel, findings: findingsFor(panel) } : undefined;
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
    const guard = new SaveGuard({ policy: () => settings.onSave, analyzer: () => analyzer });
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
        const store = new NotebookFindings({
          model,
          analyzer: () => analyzer,
          enabled: () => settings.enabled,
          stats,
          debounceMs: Math.max(200, settings.lintDelay),
        });
        const flags = new OutputFlags(panel, store, () => settings.enabled && settings.outputFlags);
        tracked.set(panel, { store, flags });
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
      });
    };
    tracker.forEach(track);
    tracker.widgetAdded.connect((_, panel) => track(panel));

    // --- settings --------------------------------------------------------------------------
    const applySettings = (composite: unknown): void => {
      const previous = settings;
      settings = readSettings(composite);
      analyzer = createAnalyzer(toCoreConfig(settings));
      if (previous.panelArea !== settings.panelArea)
        app.shell.add(findingsPanel, settings.panelArea, { rank: 700 });
      for (const { store, flags } of tracked.values()) {
        void store.rescan().then(() => flags.render());
      }
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
          const r = await analyzer.analyzeNotebook(doc);
          const one = await analyzer.analyzeCell(
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
          rules: analyzer.ruleIds,
          saves: guard.log.slice(-10),
          policy: settings.onSave,
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
