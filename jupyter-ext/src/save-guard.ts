/**
 * Save-time checks (`onSave`: warn / redact / clear / off) on every save path.
 *
 * Why this design: `context.saveState` only *reports* a save, it cannot act before one. Every
 * save of a notebook — Ctrl+S, File > Save, the toolbar button (all `docmanager:save`), Save All,
 * the close-with-unsaved-changes dialog and autosave (`SaveHandler`) — ends in the document
 * context's `save()`; Save As ends in `saveAs()`. So the guard wraps those two methods on each
 * notebook context it tracks: the check runs on the live model *before* the original method,
 * and the original then writes whatever the model holds. Policies that change data do so
 * through the shared model (`applyEditsToModel`), so what is on screen is what is on disk.
 *
 * Who started a save matters only for `warn`: a dialog on a user's save, never on autosave.
 * Lumino has no pre-execution hook for commands, so the guard wraps `commands.execute` of the
 * application's registry (used by keybindings, menus, toolbars and the palette alike) and notes
 * the contexts a save command is about to save; any other `save()` is a background save, which
 * proceeds unchanged with a non-modal notification — autosave is never blocked, nothing is lost.
 *
 * Cancel rejects with an error named `ModalCancelError`: `docmanager:save` and `SaveHandler`
 * both treat that name as "the user cancelled" and stay silent; the model stays dirty.
 */
import {
  describeFindings,
  displayCellIndex,
  locationLabel,
  outputEdits,
  saveCheck,
  type Finding,
} from '@cellguard/core';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { DocumentRegistry } from '@jupyterlab/docregistry';
import type { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import type { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import type { CellAnalyzer } from './analysis';
import { applyEditsToModel, docFromModel } from './convert';
import type { SavePolicy } from './tokens';

type NotebookContext = DocumentRegistry.IContext<INotebookModel>;

/** Commands through which a user saves documents. */
export const USER_SAVE_COMMANDS = new Set([
  'docmanager:save',
  'docmanager:save-all',
  'docmanager:save-as',
]);

/** What the user chose in the warn dialog. */
export type WarnChoice = 'redact' | 'save' | 'cancel';

export interface SaveGuardOptions {
  readonly policy: () => SavePolicy;
  /** The notebook's analyzer; undefined when the notebook is excluded (nothing to check). */
  readonly analyzer: (context: NotebookContext) => CellAnalyzer | undefined;
  /** Ask the user (warn policy, user-started save). Replaceable in tests. */
  readonly ask?: (findings: readonly Finding[], path: string) => Promise<WarnChoice>;
  /** Tell about a background save that kept findings (warn policy). Replaceable in tests. */
  readonly notify?: (findings: readonly Finding[], path: string) => void;
}

/** Findings a save warns about — the core's `saveCheck` decides, the same as in VS Code. */
export function leakFindings(findings: readonly Finding[]): Finding[] {
  return [...saveCheck(findings, 'warn').warn];
}

function cancelError(): Error {
  const error = new Error('Save cancelled (Cellguard)');
  error.name = 'ModalCancelError';
  return error;
}

export class SaveGuard {
  constructor(private readonly options: SaveGuardOptions) {}

  /** Last decision per context (for tests and the status bar). */
  readonly log: {
    path: string;
    policy: SavePolicy;
    user: boolean;
    findings: number;
    action: string;
    /** The core's decision (`saveCheck`): findings to tell about, and edits applied. */
    warned: number;
    edits: number;
  }[] = [];

  /**
   * Note which contexts the command `id` is about to save. Called by the `commands.execute`
   * wrapper just before the command runs; `done` clears the note when it settles.
   */
  noteUserSave(contexts: readonly NotebookContext[]): () => void {
    for (const context of contexts) this.userSaves.add(context);
    return () => {
      for (const context of contexts) this.userSaves.delete(context);
    };
  }

  /** Wrap `save` and `saveAs` of a notebook panel's context (once). */
  attach(panel: NotebookPanel): void {
    const context = panel.context as NotebookContext & {
      save: () => Promise<void>;
      saveAs: () => Promise<boolean>;
    };
    if (this.attached.has(context)) return;
    this.attached.add(context);
    const originalSave = context.save.bind(context);
    const originalSaveAs = context.saveAs.bind(context);
    context.save = async () => {
      if (this.bypass.has(context)) return originalSave();
      await context.ready;
      await this.check(context);
      return originalSave();
    };
    context.saveAs = async () => {
      await context.ready;
      await this.check(context);
      // Save As to the same path calls save(): that save was just checked.
      this.bypass.add(context);
      try {
        return await originalSaveAs();
      } finally {
        this.bypass.delete(context);
      }
    };
  }

  /**
   * Run the policy on the live model. Resolves when the save may proceed (the model may have
   * been redacted or cleared), rejects with `ModalCancelError` when the user cancelled.
   */
  async check(context: NotebookContext): Promise<void> {
    const policy = this.options.policy();
    // The note is consumed by the first save it announced: a save that comes later (autosave
    // right after a user's save, before the command's promise settled) is a background save.
    const user = this.userSaves.delete(context);
    const model = context.model;
    const record = (findings: number, action: string, warned = 0, edits = 0): void => {
      this.log.push({ path: context.path, policy, user, findings, action, warned, edits });
      if (this.log.length > 50) this.log.shift();
    };
    const analyzer = this.options.analyzer(context);
    if (policy === 'off' || model.isDisposed || !analyzer) {
      record(0, 'save');
      return;
    }
    let all: readonly Finding[];
    try {
      ({ findings: all } = await analyzer.analyzeNotebook(docFromModel(model)));
    } catch (error) {
      // A failing check must never stop a save: that would lose work.
      console.error('cellguard: save-time check failed; saving unchanged', error);
      record(0, 'error');
      return;
    }
    // The core decides what the policy warns about and which edits it applies.
    const decision = saveCheck(all, policy);
    if (policy === 'redact' || policy === 'clear') {
      if (decision.edits.length > 0)
        applyEditsToModel(model, decision.edits, cellIds(decision.fixed));
      const count = decision.fixed.length + decision.warn.length;
      record(count, count > 0 ? policy : 'save', decision.warn.length, decision.edits.length);
      return;
    }
    // warn
    const findings = decision.warn;
    if (findings.length === 0) {
      record(0, 'save');
      return;
    }
    if (!user) {
      (this.options.notify ?? notifyBackgroundSave)(findings, context.path);
      record(findings.length, 'save-background', findings.length);
      return;
    }
    const choice = await (this.options.ask ?? askUser)(findings, context.path);
    if (choice === 'cancel') {
      record(findings.length, 'cancel', findings.length);
      throw cancelError();
    }
    if (choice === 'redact') {
      const outputs = findings.filter((f) => f.location.kind === 'output');
      applyEditsToModel(model, outputEdits(outputs, 'redact'), cellIds(outputs));
    }
    record(findings.length, choice, findings.length);
  }

  private readonly attached = new WeakSet<NotebookContext>();
  private readonly bypass = new WeakSet<NotebookContext>();
  private readonly userSaves = new Set<NotebookContext>();
}

function cellIds(findings: readonly Finding[]): Map<number, string | undefined> {
  return new Map(findings.map((f) => [displayCellIndex(f.location), f.location.cellId]));
}

/**
 * Wrap `commands.execute` so the guard knows which saves a user started. `contextsFor` maps a
 * save command to the notebook contexts it will save.
 */
export function watchSaveCommands(
  commands: CommandRegistry,
  guard: SaveGuard,
  contextsFor: (id: string) => NotebookContext[],
): void {
  const execute = commands.execute.bind(commands);
  commands.execute = (id: string, args?: Parameters<CommandRegistry['execute']>[1]) => {
    if (!USER_SAVE_COMMANDS.has(id)) return execute(id, args);
    const done = guard.noteUserSave(contextsFor(id));
    const result = execute(id, args);
    void result.then(done, done);
    return result;
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describe(findings: readonly Finding[]): HTMLElement {
  const body = document.createElement('div');
  body.className = 'cg-save-dialog';
  const outputs = findings.filter((f) => f.location.kind === 'output').length;
  const intro = document.createElement('p');
  intro.textContent = `This notebook contains ${describeFindings(findings)}.`;
  const list = document.createElement('ul');
  for (const f of findings.slice(0, 8)) {
    const item = document.createElement('li');
    item.textContent = `${capitalised(locationLabel(f.location))}: ${f.ruleId} — ${f.message}`;
    list.append(item);
  }
  if (findings.length > 8) {
    const more = document.createElement('li');
    more.textContent = `… and ${findings.length - 8} more (see the Cellguard panel)`;
    list.append(more);
  }
  const note = document.createElement('p');
  note.className = 'cg-save-dialog-note';
  note.textContent = outputs
    ? '"Redact and save" replaces the sensitive values in outputs; secrets in code stay — use the quick fixes for those.'
    : 'Secrets in code are not changed on save — use the quick fixes (hover the marked text).';
  body.append(intro, list, note);
  return body;
}

/** The warn dialog: "Redact and save" (when outputs are flagged), "Save anyway", "Cancel". */
export async function askUser(findings: readonly Finding[], path: string): Promise<WarnChoice> {
  const hasOutputs = findings.some((f) => f.location.kind === 'output');
  const buttons = [
    Dialog.cancelButton({ label: 'Cancel' }),
    Dialog.warnButton({ label: 'Save anyway', actions: ['cg-save-anyway'] }),
    ...(hasOutputs
      ? [Dialog.okButton({ label: 'Redact and save', actions: ['cg-redact-save'] })]
      : []),
  ];
  const result = await showDialog({
    title: `Cellguard: sensitive data in ${path.split('/').pop() ?? path}`,
    body: new DialogBody(describe(findings)),
    buttons,
    defaultButton: hasOutputs ? 2 : 0,
  });
  if (!result.button.accept) return 'cancel';
  return result.button.actions.includes('cg-redact-save') ? 'redact' : 'save';
}

class DialogBody extends Widget {
  constructor(node: HTMLElement) {
    super({ node });
  }
}

const notified = new Map<string, string>();

/** A background save kept findings: say so once per set of findings, without blocking. */
export function notifyBackgroundSave(findings: readonly Finding[], path: string): void {
  const signature = findings.map((f) => f.fingerprint).join(',');
  if (notified.get(path) === signature) return;
  notified.set(path, signature);
  Notification.warning(`Cellguard: ${path} was autosaved with ${describeFindings(findings)}.`, {
    autoClose: 8000,
  });
}
