/**
 * `modelFilesFor`: the one place that decides, for the CLI and both editors, which files a
 * notebook's load calls name, which candidate is read, and what the analyzer is given. A front end
 * supplies only a reader; here it is an in-memory file system, and the finding on the load call
 * follows the file: malicious → error, replaced by a safe file (cache entry dropped, as an editor
 * does on a change event) → the warning with the safe file's sentence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bytesSource,
  createAnalyzer,
  modelFilesFor,
  parseNotebook,
  type ModelScan,
} from '@cellguard/core';

const MALICIOUS = new TextEncoder().encode("cposix\nsystem\n(S'id'\ntR.");
const SAFE = Uint8Array.from(Buffer.from('80027d710058010000007771014b01732e', 'hex'));

function notebook(source: string) {
  return parseNotebook(
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { language_info: { name: 'python' } },
      cells: [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source }],
    }),
  );
}

describe('modelFilesFor (core, shared by the CLI and both editors)', () => {
  it('reads the first candidate that exists, lists what to watch, and follows file changes', async () => {
    const files = new Map<string, Uint8Array>([['/ws/nb/models/m.pkl', MALICIOUS]]);
    const opened: string[] = [];
    let closed = 0;
    const open = (path: string) => {
      opened.push(path);
      const bytes = files.get(path);
      return Promise.resolve(
        bytes ? { ...bytesSource(bytes), close: () => void closed++ } : undefined,
      );
    };
    const doc = notebook(
      'import pickle\nwith open("models/m.pkl", "rb") as f:\n    m = pickle.load(f)\n',
    );
    const cache = new Map<string, Promise<ModelScan | undefined>>();
    const analyzer = createAnalyzer();

    const first = await modelFilesFor(doc, '/ws/nb', '/ws', open, cache);
    assert.deepEqual([...first.modelFiles.keys()], ['models/m.pkl']);
    assert.equal(first.modelFiles.get('models/m.pkl')?.verdict, 'malicious');
    assert.ok(first.watch.includes('/ws/nb/models/m.pkl'));
    assert.equal(closed, 1, 'the reader is closed after the scan');
    const [before] = (await analyzer.analyzeNotebook(doc, { modelFiles: first.modelFiles }))
      .findings;
    assert.equal(before?.severity, 'error');
    assert.match(before!.message, /runs code when unpickled: `posix\.system`/);

    // Cached: no second read while the file is unchanged.
    const reads = opened.length;
    await modelFilesFor(doc, '/ws/nb', '/ws', open, cache);
    assert.equal(opened.length, reads);

    // The file is replaced by a safe one; the editor drops the cache entry on the change event.
    files.set('/ws/nb/models/m.pkl', SAFE);
    cache.delete('/ws/nb/models/m.pkl');
    const second = await modelFilesFor(doc, '/ws/nb', '/ws', open, cache);
    assert.equal(second.modelFiles.get('models/m.pkl')?.verdict, 'safe');
    const [after] = (await analyzer.analyzeNotebook(doc, { modelFiles: second.modelFiles }))
      .findings;
    assert.equal(after?.severity, 'warning');
    assert.doesNotMatch(after!.message, /runs code when unpickled/);
  });

  it('an absent file is watched (it may appear) and leaves the finding as it was', async () => {
    const doc = notebook('import torch\nsd = torch.load("ckpt/model.pt")\n');
    const result = await modelFilesFor(doc, '/ws/nb', '/ws', () => Promise.resolve(undefined));
    assert.equal(result.modelFiles.size, 0);
    assert.deepEqual(result.watch, ['/ws/nb/ckpt/model.pt', '/ws/ckpt/model.pt']);
  });
});
