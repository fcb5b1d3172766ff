import { createAnalyzer } from '@cellguard/core';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { SaveGuard, type WarnChoice } from '../src/save-guard';
import type { SavePolicy } from '../src/tokens';
import { codeCell, notebookJson, PEM, SOURCE_SECRET, stream } from './fixtures';

const analyzer = createAnalyzer();

async function setup(policy: SavePolicy, choice: WarnChoice = 'save') {
  const context = await NBTestUtils.createMockContext();
  await context.initialize(true);
  context.model.fromJSON(
    notebookJson([
      codeCell('s', SOURCE_SECRET),
      codeCell('o', 'print(k)', [
        stream(`${PEM}\n`),
        {
          output_type: 'execute_result',
          data: { 'text/plain': 'ok\n' },
          metadata: {},
          execution_count: 1,
        },
      ]),
    ]),
  );
  const asked: number[] = [];
  const notified: number[] = [];
  const guard = new SaveGuard({
    policy: () => policy,
    analyzer: () => analyzer,
    ask: async (findings) => {
      asked.push(findings.length);
      return choice;
    },
    notify: (findings) => notified.push(findings.length),
  });
  guard.attach({ context } as unknown as NotebookPanel);
  // What the (mock) contents manager received.
  const saved = async (): Promise<{ cells: SavedCell[] }> => {
    const manager = (
      context as unknown as {
        _manager: { contents: { get(path: string): Promise<{ content: unknown }> } };
      }
    )._manager;
    return (await manager.contents.get(context.path)).content as { cells: SavedCell[] };
  };
  return { context, guard, asked, notified, saved };
}

interface SavedCell {
  source: string | string[];
  outputs?: { text?: string | string[]; data?: Record<string, string | string[]> }[];
}

const outputText = (cell: SavedCell) =>
  (cell.outputs ?? []).map((o) => [o.text ?? o.data?.['text/plain'] ?? ''].flat().join(''));

describe('SaveGuard', () => {
  it('redact: the save writes redacted outputs, sources untouched', async () => {
    const { context, saved } = await setup('redact');
    await context.save();
    const content = await saved();
    expect(outputText(content.cells[1]!)).toEqual(['[REDACTED:private-key]\n', 'ok\n']);
    expect([content.cells[0]!.source].flat().join('')).toBe(SOURCE_SECRET);
  });

  it('clear: the flagged output is removed, the clean one kept', async () => {
    const { context, saved } = await setup('clear');
    await context.save();
    expect(outputText((await saved()).cells[1]!)).toEqual(['ok\n']);
  });

  it('warn on a user save: asks; cancel rejects as ModalCancelError and keeps the model', async () => {
    const { context, guard, asked } = await setup('warn', 'cancel');
    const done = guard.noteUserSave([context]);
    await expect(context.save()).rejects.toMatchObject({ name: 'ModalCancelError' });
    done();
    expect(asked).toEqual([2]);
    expect(
      outputText((context.model.toJSON() as unknown as { cells: SavedCell[] }).cells[1]!)[0],
    ).toContain('BEGIN RSA PRIVATE KEY');
  });

  it("warn: a save after the user's save, before its command settled, is a background save", async () => {
    const { context, guard, asked, notified } = await setup('warn', 'cancel');
    const done = guard.noteUserSave([context]);
    await expect(context.save()).rejects.toMatchObject({ name: 'ModalCancelError' });
    await context.save(); // e.g. autosave firing while the save command is still settling
    done();
    expect(asked).toEqual([2]);
    expect(notified).toEqual([2]);
  });

  it('warn on a background save (autosave): never asks, saves unchanged, notifies', async () => {
    const { context, asked, notified, saved } = await setup('warn', 'cancel');
    await context.save();
    expect(asked).toEqual([]);
    expect(notified).toEqual([2]);
    expect(outputText((await saved()).cells[1]!)[0]).toContain('BEGIN RSA PRIVATE KEY');
  });

  it('off: no analysis at all', async () => {
    const { context, guard } = await setup('off');
    await context.save();
    expect(guard.log.at(-1)).toMatchObject({ policy: 'off', action: 'save' });
  });
});

describe('watchSaveCommands', () => {
  it('marks saves started through the save commands as user saves, others as background', async () => {
    const { CommandRegistry } = await import('@lumino/commands');
    const { watchSaveCommands } = await import('../src/save-guard');
    const { context, guard, asked, notified } = await setup('warn', 'save');
    const commands = new CommandRegistry();
    commands.addCommand('docmanager:save', { execute: () => context.save() });
    watchSaveCommands(commands, guard, () => [context]);
    await commands.execute('docmanager:save');
    expect(asked).toEqual([2]);
    expect(guard.log.at(-1)).toMatchObject({ user: true, action: 'save' });
    await context.save(); // e.g. autosave, after the command settled
    expect(asked).toEqual([2]);
    expect(notified).toEqual([2]);
    expect(guard.log.at(-1)).toMatchObject({ user: false, action: 'save-background' });
  });
});
