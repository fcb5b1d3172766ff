/**
 * The CLI end to end: formats, exit codes, bad files, excludes, config, SARIF validated against
 * the SARIF 2.1.0 JSON schema. Runs `main()` in-process and the linked bin as a child process.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';

const require = createRequire(import.meta.url);
const Ajv4 = require('ajv-draft-04') as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
};
const SARIF_SCHEMA = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;

const BODY =
  'MIIEowIBAAKCAQEAx7vQf3dZ8kqR2mT5pLw9sN4yH6cJ1bV0gU3eK8oXrA2iD5fW7zQYt4nM9lP0sR6uE3wB8vC1xZ5kJ2hG7f';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${BODY}\n-----END RSA PRIVATE KEY-----`;

function nb(cells: unknown[]): string {
  return (
    JSON.stringify(
      { nbformat: 4, nbformat_minor: 5, metadata: { language_info: { name: 'python' } }, cells },
      null,
      1,
    ) + '\n'
  );
}

let work = '';
before(() => {
  work = mkdtempSync(join(tmpdir(), 'cellguard-cli-'));
  mkdirSync(join(work, 'project', 'sub'), { recursive: true });
  mkdirSync(join(work, 'project', 'node_modules', 'pkg'), { recursive: true });
  mkdirSync(join(work, 'project', '.venv', 'lib'), { recursive: true });
  mkdirSync(join(work, 'project', 'myenv'), { recursive: true });
  mkdirSync(join(work, 'project', 'generated'), { recursive: true });
  const leaky = nb([
    {
      cell_type: 'code',
      id: 'imp',
      metadata: {},
      execution_count: 1,
      source: ['import pickle\n'],
      outputs: [],
    },
    {
      cell_type: 'code',
      id: 'load',
      metadata: {},
      execution_count: 2,
      source: ['model = pickle.load(open("m.pkl", "rb"))\n', `KEY = """${PEM}"""\n`],
      outputs: [],
    },
    {
      cell_type: 'code',
      id: 'show',
      metadata: {},
      execution_count: 3,
      source: ['print(KEY)\n'],
      outputs: [{ output_type: 'stream', name: 'stdout', text: [`${PEM}\n`] }],
    },
  ]);
  writeFileSync(join(work, 'project', 'leaky.ipynb'), leaky);
  writeFileSync(
    join(work, 'project', 'clean.ipynb'),
    nb([{ cell_type: 'code', metadata: {}, source: 'x = 1', outputs: [] }]),
  );
  writeFileSync(
    join(work, 'project', 'sub', 'train.py'),
    'import torch\nimport pickle as p\n\nstate = p.loads(blob)\n',
  );
  writeFileSync(
    join(work, 'project', 'node_modules', 'pkg', 'x.py'),
    'import pickle\npickle.load(f)\n',
  );
  writeFileSync(join(work, 'project', '.venv', 'lib', 'x.py'), 'import pickle\npickle.load(f)\n');
  writeFileSync(join(work, 'project', 'myenv', 'pyvenv.cfg'), 'home = /usr/bin\n');
  writeFileSync(join(work, 'project', 'myenv', 'x.py'), 'import pickle\npickle.load(f)\n');
  writeFileSync(join(work, 'project', 'generated', 'x.py'), 'import pickle\npickle.load(f)\n');
  writeFileSync(
    join(work, 'project', '.cellguard.json'),
    JSON.stringify({ exclude: ['generated/'] }),
  );
  mkdirSync(join(work, 'bad'), { recursive: true });
  writeFileSync(join(work, 'bad', 'truncated.ipynb'), leaky.slice(0, 200));
  writeFileSync(
    join(work, 'bad', 'binary.ipynb'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]),
  );
  writeFileSync(join(work, 'bad', 'latin1.py'), Buffer.from('x = "caf\xe9"\n', 'latin1'));
  writeFileSync(
    join(work, 'bad', 'v3.ipynb'),
    JSON.stringify({ nbformat: 3, nbformat_minor: 0, worksheets: [] }),
  );
  writeFileSync(join(work, 'bad', 'ok.py'), 'import pickle\npickle.load(f)\n');
});

describe('cellguard CLI', () => {
  it('prints the version and help', async () => {
    const version = await cli(work, '--version');
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const help = await cli(work, '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: cellguard scan/);
  });

  it('rejects usage errors with exit 2', async () => {
    assert.equal((await cli(work, 'scan', '--format', 'xml')).code, 2);
    assert.equal((await cli(work, 'scan', '--fail-on', 'loud')).code, 2);
    assert.equal((await cli(work, 'frobnicate')).code, 2);
    assert.equal((await cli(work, 'scan', '--bogus')).code, 2);
    const missing = await cli(work, 'scan', 'does-not-exist');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or directory/);
  });

  it('scans a directory in eslint style, skipping dependencies, virtualenvs and excludes', async () => {
    const run = await cli(join(work, 'project'), 'scan');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^leaky\.ipynb$/m);
    assert.match(run.stdout, /cell 2, 1:9 +warning .*pickle-load/);
    assert.match(run.stdout, /cell 3 output 1 +error .*private-key/);
    assert.match(run.stdout, /^sub\/train\.py$/m);
    assert.match(run.stdout, /4:9 +warning/);
    assert.doesNotMatch(run.stdout, /node_modules|\.venv|myenv|generated/);
    assert.match(run.stdout, /✖ 4 problems \(2 errors, 2 warnings, 0 notes\) in 2 file\(s\)/);
    assert.ok(!run.stdout.includes(BODY.slice(0, 10)), 'no raw secret in text output');
  });

  it('respects --fail-on', async () => {
    const cwd = join(work, 'project');
    assert.equal(
      (await cli(cwd, 'scan', 'sub', '--fail-on', 'error')).code,
      0,
      'only warnings in sub/',
    );
    assert.equal((await cli(cwd, 'scan', 'sub', '--fail-on', 'warning')).code, 1);
    assert.equal((await cli(cwd, 'scan', '--fail-on', 'none')).code, 0);
    assert.equal((await cli(cwd, 'scan', 'clean.ipynb')).code, 0);
  });

  it('names every bad file with its reason, still scans the rest, exits 2', async () => {
    const run = await cli(join(work, 'bad'), 'scan');
    assert.equal(run.code, 2);
    assert.match(run.stdout, /truncated\.ipynb\n {2}error {2}could not be scanned: invalid JSON/);
    assert.match(run.stdout, /binary\.ipynb\n {2}error {2}could not be scanned: binary file/);
    assert.match(run.stdout, /latin1\.py\n {2}error {2}could not be scanned: not valid UTF-8/);
    assert.match(
      run.stdout,
      /v3\.ipynb\n {2}error {2}could not be scanned: nbformat 3 is not supported/,
    );
    assert.match(run.stdout, /ok\.py\n {2}2:1 +warning/);
    assert.match(run.stdout, /4 file\(s\) could not be scanned/);
  });

  it('writes JSON with locations and masked messages', async () => {
    const out = join(work, 'report.json');
    const run = await cli(join(work, 'project'), 'scan', '--format', 'json', '--output', out);
    assert.equal(run.code, 1);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      files: {
        path: string;
        findings: { ruleId: string; cellLine?: number; location: { cellIndex: number } }[];
      }[];
    };
    const leaky = report.files.find((f) => f.path === 'leaky.ipynb')!;
    assert.deepEqual(
      leaky.findings.map((f) => [f.ruleId, f.location.cellIndex, f.cellLine]),
      [
        ['pickle-load', 1, 1],
        ['private-key', 1, 2],
        ['private-key', 2, undefined],
      ],
    );
    assert.ok(!readFileSync(out, 'utf8').includes(BODY.slice(0, 10)));
  });

  it('writes SARIF 2.1.0 that validates against the schema and points into the raw JSON', async () => {
    const run = await cli(join(work, 'project'), 'scan', '--format', 'sarif');
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as {
      version: string;
      runs: {
        tool: {
          driver: {
            name: string;
            version: string;
            informationUri: string;
            rules: {
              id: string;
              helpUri: string;
              defaultConfiguration: { level: string };
              properties: { category: string };
            }[];
          };
        };
        results: {
          ruleId: string;
          level: string;
          message: { text: string };
          partialFingerprints: Record<string, string>;
          properties: Record<string, unknown>;
          locations: {
            physicalLocation: {
              artifactLocation: { uri: string };
              region: { startLine: number; startColumn: number };
            };
          }[];
        }[];
      }[];
    };
    const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(SARIF_SCHEMA);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    const driver = log.runs[0]!.tool.driver;
    assert.equal(driver.name, 'Cellguard');
    assert.match(driver.informationUri, /^https:\/\//);
    for (const rule of driver.rules) {
      assert.match(rule.helpUri, new RegExp(`${rule.id}\\.md$`));
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      assert.ok(['secret', 'sensitive-output', 'unsafe-load'].includes(rule.properties.category));
    }
    const results = log.runs[0]!.results;
    const raw = readFileSync(join(work, 'project', 'leaky.ipynb'), 'utf8').split('\n');
    for (const result of results) {
      const { uri } = result.locations[0]!.physicalLocation.artifactLocation;
      const { startLine, startColumn } = result.locations[0]!.physicalLocation.region;
      assert.ok(!uri.includes('\\') && !uri.startsWith('/'), uri);
      assert.ok(result.partialFingerprints['cellguardFingerprint/v2']);
      if (uri !== 'leaky.ipynb') continue;
      const line = raw[startLine - 1]!.slice(startColumn - 1);
      if (result.ruleId === 'pickle-load') assert.ok(line.startsWith('pickle.load('), line);
      if (result.ruleId === 'private-key')
        assert.ok(line.startsWith('-----BEGIN RSA PRIVATE KEY-----'), line);
    }
    const output = results.find((r) => r.properties['outputIndex'] !== undefined)!;
    assert.deepEqual(
      [
        output.properties['category'],
        output.properties['cellIndex'],
        output.properties['outputIndex'],
        output.properties['cellId'],
      ],
      ['sensitive-output', 2, 0, 'show'],
    );
    const source = results.find(
      (r) =>
        r.ruleId === 'pickle-load' &&
        r.locations[0]!.physicalLocation.artifactLocation.uri === 'leaky.ipynb',
    )!;
    assert.deepEqual(
      [source.properties['cellIndex'], source.properties['cellLine'], source.properties['cellId']],
      [1, 1, 'load'],
    );
  });

  it('lists unreadable files as tool execution notifications in SARIF', async () => {
    const run = await cli(join(work, 'bad'), 'scan', '-f', 'sarif');
    assert.equal(run.code, 2);
    const log = JSON.parse(run.stdout) as {
      runs: {
        invocations: {
          executionSuccessful: boolean;
          toolExecutionNotifications: { message: { text: string } }[];
        }[];
      }[];
    };
    const invocation = log.runs[0]!.invocations[0]!;
    assert.equal(invocation.executionSuccessful, false);
    assert.equal(invocation.toolExecutionNotifications.length, 4);
  });

  it('reports a broken config file clearly', async () => {
    const dir = join(work, 'badconfig');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.cellguard.json'), '{"rules": {"pickle-load": "loud"}}');
    const run = await cli(dir, 'scan');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /rules\.pickle-load: must be one of off, error, warning, note/);
  });

  it('gives the same report with worker threads as on one thread', async () => {
    const cwd = join(work, 'project');
    const one = await cli(cwd, 'scan', '--format', 'json', '--jobs', '1');
    // --jobs 2: the main thread and one worker; --jobs 3: and two workers.
    const two = await cli(cwd, 'scan', '--format', 'json', '--jobs', '2');
    const three = await cli(cwd, 'scan', '--format', 'json', '--jobs', '3');
    assert.equal(one.code, 1);
    assert.equal(two.code, one.code);
    assert.equal(two.stdout, one.stdout);
    assert.equal(three.code, one.code);
    assert.equal(three.stdout, one.stdout);
    assert.equal((await cli(cwd, 'scan', '--jobs', '0')).code, 2);
  });

  it('runs as `npx cellguard` from the repository root', () => {
    const version = execFileSync(
      join(repoRoot, 'node_modules', '.bin', 'cellguard'),
      ['--version'],
      { encoding: 'utf8' },
    );
    assert.match(version, /^\d+\.\d+\.\d+\n$/);
    const scan = spawnSync(
      join(repoRoot, 'node_modules', '.bin', 'cellguard'),
      ['scan', join(work, 'project', 'sub')],
      { encoding: 'utf8' },
    );
    assert.equal(scan.status, 1);
    assert.match(scan.stdout, /pickle-load/);
  });
});
