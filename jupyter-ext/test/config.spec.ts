import { createAnalyzer } from '@cellguard/core';
import { Signal } from '@lumino/signaling';
import { AnalysisWorker, answer, type WorkerLike, type WorkerRequest } from '../src/analysis';
import { ConfigFiles, notebookConfig, type ContentsLike } from '../src/config';

/** A Contents API over an in-memory folder tree; 404 for what is not there. */
class FakeContents implements ContentsLike {
  files = new Map<string, { text: string; date: string }>();
  gets: string[] = [];
  readonly fileChanged = new Signal<unknown, { newValue?: { path?: string } | null }>(this);
  async get(path: string, options?: { content?: boolean }) {
    this.gets.push(`${path}${options?.content ? ' (content)' : ''}`);
    const file = this.files.get(path);
    if (!file) throw Object.assign(new Error('not found'), { response: { status: 404 } });
    return { path, last_modified: file.date, ...(options?.content ? { content: file.text } : {}) };
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('.cellguard.json through the Contents API', () => {
  it('takes the nearest file from the notebook folder up to the root, layered under settings', () => {
    const config = notebookConfig(
      'a/b/nb.ipynb',
      {
        path: 'a/.cellguard.json',
        lastModified: '1',
        text: '\ufeff{"rules": {"pickle-load": "off"}, "exclude": ["b/"]}',
      },
      { categories: { 'unsafe-load': true } },
    );
    expect(config.path).toBe('a/.cellguard.json');
    expect(config.analyzer.file?.rules).toEqual({ 'pickle-load': 'off' });
    // exclude globs are relative to the config's folder.
    expect(config.excluded).toBe(true);
    expect(config.problems).toEqual([]);
  });

  it('an invalid file is ignored with a clear problem, never fatal', () => {
    const config = notebookConfig(
      'nb.ipynb',
      { path: '.cellguard.json', lastModified: '1', text: '{"rules": ' },
      {},
    );
    expect(config.path).toBeUndefined();
    expect(config.problems[0]).toMatch(/\.cellguard\.json: invalid JSON.*file ignored/);
  });

  it('watches: initial config, then a change seen by polling dates (content fetched only on change)', async () => {
    const contents = new FakeContents();
    contents.files.set('proj/.cellguard.json', {
      text: '{"rules": {"pickle-load": "off"}}',
      date: '1',
    });
    const files = new ConfigFiles(contents, {}, 0);
    const seen: (string | undefined)[] = [];
    const watch = files.watch(
      () => 'proj/deep/nb.ipynb',
      (c) => seen.push(`${c.path}:${JSON.stringify(c.analyzer.file?.rules ?? {})}`),
    );
    for (let i = 0; i < 10; i++) await tick();
    expect(seen).toEqual(['proj/.cellguard.json:{"pickle-load":"off"}']);
    expect(contents.gets.slice(0, 3)).toEqual([
      'proj/deep/.cellguard.json',
      'proj/.cellguard.json',
      'proj/.cellguard.json (content)',
    ]);
    // Saved from this JupyterLab: fileChanged reloads at once.
    contents.files.set('proj/.cellguard.json', { text: '{"rules": {}}', date: '2' });
    contents.fileChanged.emit({ newValue: { path: 'proj/.cellguard.json' } });
    for (let i = 0; i < 10; i++) await tick();
    expect(seen[seen.length - 1]).toBe('proj/.cellguard.json:{}');
    // A nearer file appears: it wins.
    contents.files.set('proj/deep/.cellguard.json', {
      text: '{"exclude": ["nb.ipynb"]}',
      date: '3',
    });
    files.setSettings({});
    for (let i = 0; i < 10; i++) await tick();
    expect(seen[seen.length - 1]).toBe('proj/deep/.cellguard.json:{}');
    watch.dispose();
    files.dispose();
  });
});

describe('the analysis worker client', () => {
  /** A worker that answers through the same `answer` the real worker runs, asynchronously. */
  function fakeWorker(log: WorkerRequest[], hang = false): () => WorkerLike {
    return () => {
      const analyzers = new Map<string, ReturnType<typeof createAnalyzer>>();
      const worker: WorkerLike = {
        onmessage: null,
        onerror: null,
        terminate: () => undefined,
        postMessage: (request) => {
          log.push(request);
          if (hang && request.op !== 'configure') return;
          void answer(analyzers, request).then((data) => worker.onmessage?.({ data }));
        },
      };
      return worker;
    };
  }

  it('answers with the core, per config, the same findings as the in-page analyzer', async () => {
    const log: WorkerRequest[] = [];
    const pool = new AnalysisWorker(fakeWorker(log));
    await pool.configure('k', { file: { rules: { 'pickle-load': 'off' } }, settings: {} });
    const analyzer = pool.analyzer('k', () => []);
    const doc = {
      language: 'python',
      cells: [
        {
          kind: 'code' as const,
          source: 'import pickle, yaml\npickle.load(f)\nyaml.load(s)',
          outputs: [],
        },
      ],
    };
    const viaWorker = await analyzer.analyzeNotebook(doc);
    const inPage = await createAnalyzer().analyzeNotebook(doc);
    expect(viaWorker.findings.map((f) => f.ruleId)).toEqual(['yaml-unsafe-load']);
    expect(inPage.findings.map((f) => f.ruleId).sort()).toEqual([
      'pickle-load',
      'yaml-unsafe-load',
    ]);
    expect(log.map((r) => r.op)).toEqual(['configure', 'analyzeNotebook']);
  });

  it('a request that never returns restarts the worker and fails, so analysis never stalls for good', async () => {
    const log: WorkerRequest[] = [];
    const pool = new AnalysisWorker(fakeWorker(log, true), 50);
    await pool.configure('k', { file: undefined, settings: {} });
    await expect(pool.analyzer('k', () => []).analyzePython('x = 1')).rejects.toThrow(
      /longer than 50 ms/,
    );
    expect(pool.starts).toBe(1);
    // The next request starts a new worker, which gets its config back first.
    void pool
      .analyzer('k', () => [])
      .analyzePython('y = 2')
      .catch(() => undefined);
    expect(pool.starts).toBe(2);
    expect(log.slice(-2).map((r) => r.op)).toEqual(['configure', 'analyzePython']);
    pool.dispose();
  });
});
