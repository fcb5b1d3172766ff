/**
 * The CLI joins each load call to the model file it names: real pickle bytes on disk, scanned by
 * the core's model scanner (never unpickled), and the call's finding changes with the file.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../support/cli.js';

/** Protocol 0: `posix.system('id')` — what `pickle.dumps` of an object whose __reduce__ runs a command writes. */
const MALICIOUS = Buffer.from("cposix\nsystem\n(S'id'\ntR.", 'latin1');
/** Protocol 2: `{'w': 1}`. */
const SAFE = Buffer.from('80027d710058010000007771014b01732e', 'hex');

function notebook(source: string): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source }],
  });
}

interface Report {
  files: { findings: { ruleId: string; severity: string; message: string }[] }[];
}

describe('cellguard scan joins load calls to model files', () => {
  it('a malicious pickle beside the notebook makes the load an error; a safe one does not', async () => {
    const work = mkdtempSync(join(tmpdir(), 'cellguard-join-'));
    mkdirSync(join(work, 'nb', 'models'), { recursive: true });
    writeFileSync(
      join(work, 'nb', 'a.ipynb'),
      notebook('import pickle\nwith open("models/m.pkl", "rb") as f:\n    obj = pickle.load(f)\n'),
    );
    writeFileSync(join(work, 'nb', 'models', 'm.pkl'), MALICIOUS);
    const first = await cli(work, 'scan', '.', '--format', 'json');
    const [finding] = (JSON.parse(first.stdout) as Report).files[0]!.findings;
    assert.equal(finding?.ruleId, 'pickle-load');
    assert.equal(finding?.severity, 'error');
    assert.match(finding!.message, /models\/m\.pkl, runs code when unpickled: `posix\.system`/);

    writeFileSync(join(work, 'nb', 'models', 'm.pkl'), SAFE);
    const second = await cli(work, 'scan', '.', '--format', 'json');
    const [after] = (JSON.parse(second.stdout) as Report).files[0]!.findings;
    assert.equal(after?.severity, 'warning');
    assert.doesNotMatch(after!.message, /runs code when unpickled/);
    assert.match(after!.message, /The file it loads, models\/m\.pkl/);
  });
});
