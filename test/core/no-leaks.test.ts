/**
 * No output path ever shows a secret. Fake credentials (built at run time from a seeded PRNG,
 * never real) are put in code, markdown, every kind of output and `.py` files, and in malformed
 * files; then every way Cellguard speaks is captured — `Finding.message`, fix titles and edits,
 * properties, notices, thrown errors, config errors, the CLI in text / JSON / SARIF in-process
 * and through the built bin — and searched for any 8-character window of any secret.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  allRules,
  createAnalyzer,
  fromPythonSource,
  NotebookError,
  notebookFromJson,
  parseConfig,
  parseNotebook,
  type AnalysisResult,
} from '@cellguard/core';
import {
  codeCell,
  countTried,
  fakeSecrets,
  leakedWindows,
  markdownCell,
  notebook,
  prng,
  reportTried,
  TEXT_MUTATIONS,
  type FakeSecret,
} from '../support/fuzz-gen.js';
import { BIN, main } from '../support/cli.js';

const SEEDS = [1, 2, 3];

function byKind(secrets: readonly FakeSecret[]): Record<string, string> {
  return Object.fromEntries(secrets.map((s) => [s.kind, s.value]));
}

/** Python that assigns every fake secret the way notebooks do. */
function pythonWith(secrets: readonly FakeSecret[]): string {
  const v = byKind(secrets);
  return [
    'import os',
    `OPENAI_API_KEY = "${v['openai']}"`,
    `aws_access_key_id = "${v['aws-id']}"`,
    `aws_secret_access_key = "${v['aws-secret']}"`,
    `GITHUB_TOKEN = '${v['github']}'`,
    `hf_token = "${v['huggingface']}"`,
    `SLACK_BOT_TOKEN = "${v['slack']}"`,
    `DATABASE_URL = "postgresql://admin:${v['url-password']}@db.internal:5432/app"`,
    `password = "${v['url-password']}"`,
    `client = OpenAI(api_key="${v['openai']}")`,
    `key = """${v['pem']}"""`,
    `sa = {"private_key": ${JSON.stringify(v['pem'])}}`,
    `contact = "${v['email']}"`,
    '',
  ].join('\n');
}

/** A notebook carrying the secrets in code, markdown and every kind of output. */
function notebookWith(secrets: readonly FakeSecret[]): Record<string, unknown> {
  const v = byKind(secrets);
  const code = pythonWith(secrets);
  const printed = `Using key ${v['openai']}\naws ${v['aws-id']} / ${v['aws-secret']}\ncontact: ${v['email']}\n${v['pem']}\n`;
  return notebook([
    codeCell(code, [
      { output_type: 'stream', name: 'stdout', text: printed },
      {
        output_type: 'execute_result',
        execution_count: 1,
        metadata: {},
        data: {
          'text/plain': [`'${v['github']}'`],
          'text/html': [
            `<table><tr><td>${v['email']}</td><td>${v['huggingface']}</td></tr></table>`,
          ],
        },
      },
      {
        output_type: 'display_data',
        metadata: {},
        data: {
          'application/json': {
            token: v['slack'],
            url: `https://admin:${v['url-password']}@example.net/`,
            email: v['email'],
          },
        },
      },
      {
        output_type: 'error',
        ename: 'AuthenticationError',
        evalue: `Incorrect API key provided: ${v['openai']}`,
        traceback: [
          `\u001b[0;31mAuthenticationError\u001b[0m: Incorrect API key provided: ${v['openai']}`,
          `password=${v['url-password']}`,
        ],
      },
    ]),
    markdownCell(
      `Our key is \`${v['openai']}\`, GitHub \`${v['github']}\`, mail ${v['email']}\n\n\`\`\`\n${v['pem']}\n\`\`\`\n`,
    ),
    codeCell(
      `requests.get("https://api.example.com", headers={"Authorization": "Bearer ${v['github']}"})`,
    ),
  ]);
}

function assertNoLeak(text: string, secrets: readonly FakeSecret[], where: string): void {
  countTried('leak-checks');
  const leaks = leakedWindows(text, secrets);
  assert.deepEqual(leaks, [], `${where} shows a secret:\n${leaks.join('\n')}`);
}

/** Everything an API caller can show from a result. */
function spoken(result: AnalysisResult): string {
  return JSON.stringify(result);
}

let ws: string;
before(() => {
  ws = mkdtempSync(join(tmpdir(), 'cellguard-no-leaks-'));
});
after(() => {
  rmSync(ws, { recursive: true, force: true });
  reportTried('no-leaks');
});

describe('the core API never returns a secret', () => {
  for (const seed of SEEDS) {
    it(`findings, messages, fixes, properties and notices (seed ${seed})`, async () => {
      const secrets = fakeSecrets(seed);
      const analyzer = createAnalyzer();
      const doc = notebookFromJson(notebookWith(secrets));
      const result = await analyzer.analyzeNotebook(doc);
      // Not vacuous: the secrets are found.
      const ids = new Set(result.findings.map((f) => f.ruleId));
      const registered = new Set(allRules.map((r) => r.meta.id));
      // (github-token checks the token's CRC32, which a random fake lacks, so it is not expected here.)
      for (const expected of [
        'private-key',
        'openai-api-key',
        'aws-access-key',
        'huggingface-token',
        'slack-token',
        'password-in-url',
        'email-address-in-output',
      ]) {
        if (registered.has(expected))
          assert.ok(ids.has(expected), `${expected} found (found: ${[...ids].join(', ')})`);
      }
      assert.ok(result.findings.length >= 10, `${result.findings.length} findings`);
      assertNoLeak(spoken(result), secrets, 'analyzeNotebook');
      for (let cell = 0; cell < doc.cells.length; cell++)
        assertNoLeak(
          spoken(await analyzer.analyzeCell(doc, cell)),
          secrets,
          `analyzeCell(${cell})`,
        );
      assertNoLeak(
        spoken(await analyzer.analyzePython(pythonWith(secrets))),
        secrets,
        'analyzePython',
      );
      countTried('leak-notebooks', 3);
    });
  }

  it('errors thrown for malformed notebooks never quote the secret', () => {
    const secrets = fakeSecrets(7);
    const text = JSON.stringify(notebookWith(secrets), null, 1);
    const rand = prng(7);
    const messages: string[] = [];
    // Damage the file right at and after each secret, where V8 would quote the neighbourhood.
    for (const { value } of secrets) {
      const at = text.indexOf(value.split('\n')[0]!.slice(0, 12));
      if (at < 0) continue;
      for (const offset of [0, 4, 10, 20, 40]) {
        for (const junk of ['x', '}', '"', '\u0000', '\\', ' ,'])
          messages.push(
            errorOf(() =>
              parseNotebook(text.slice(0, at + offset) + junk + text.slice(at + offset)),
            ),
          );
        messages.push(errorOf(() => parseNotebook(text.slice(0, at + offset))));
      }
    }
    for (const mutate of Object.values(TEXT_MUTATIONS))
      for (let i = 0; i < 20; i++) messages.push(errorOf(() => parseNotebook(mutate(text, rand))));
    // Secrets where a type or a name is expected.
    const v = byKind(secrets);
    for (const json of [
      { nbformat: 4, cells: [{ cell_type: v['openai'], source: '' }] },
      { nbformat: v['github'], cells: [] },
      { nbformat: 4, cells: [{ cell_type: 'code', source: [v['aws-secret'], 3] }] },
      { nbformat: 4, cells: v['slack'] },
      { nbformat: 4, cells: [{ cell_type: 'code', source: '', outputs: [v['huggingface']] }] },
      {
        nbformat: 4,
        cells: [
          {
            cell_type: 'code',
            source: '',
            outputs: [{ output_type: 'display_data', data: { [`text/${v['openai']}`]: { a: 1 } } }],
          },
        ],
      },
      v['pem'],
    ]) {
      messages.push(errorOf(() => notebookFromJson(json)));
      messages.push(errorOf(() => parseNotebook(JSON.stringify(json))));
    }
    messages.push(errorOf(() => fromPythonSource(`${v['openai']}\u0000`)));
    countTried('leak-malformed', messages.length);
    assert.ok(messages.filter(Boolean).length > 100, 'the damaged files were refused');
    assertNoLeak(messages.join('\n'), secrets, 'NotebookError messages');
  });

  it('config errors never quote a secret from the config file', () => {
    const secrets = fakeSecrets(8);
    const v = byKind(secrets);
    const messages: string[] = [];
    const good = JSON.stringify({ allowlist: { values: [v['openai'], v['github']] } });
    for (let cut = 1; cut < good.length; cut += 3)
      messages.push(errorOf(() => parseConfig(good.slice(0, cut))));
    for (let at = 0; at < good.length; at += 5)
      messages.push(errorOf(() => parseConfig(`${good.slice(0, at)}x${good.slice(at)}`)));
    messages.push(
      errorOf(() => parseConfig(JSON.stringify({ allowlist: { values: v['openai'] } }))),
    );
    messages.push(
      errorOf(() => parseConfig(JSON.stringify({ allowlist: { patterns: [`(${v['github']}`] } }))),
    );
    countTried('leak-config', messages.length);
    assertNoLeak(
      messages.join('\n'),
      secrets.filter((s) => s.kind === 'openai' || s.kind === 'github'),
      'ConfigError messages',
    );
  });
});

function errorOf(fn: () => unknown): string {
  try {
    fn();
    return '';
  } catch (error) {
    if (!(error instanceof Error)) return String(error);
    assert.ok(
      error instanceof NotebookError || error.name === 'ConfigError',
      `${error.name}: ${error.message.slice(0, 80)}`,
    );
    return `${error.name}: ${error.message}`;
  }
}

describe('the CLI never prints a secret', () => {
  let secrets: FakeSecret[];
  let dir: string;
  before(() => {
    secrets = fakeSecrets(11);
    dir = join(ws, 'cli');
    mkdirSync(dir);
    const nb = JSON.stringify(notebookWith(secrets), null, 1);
    writeFileSync(join(dir, 'leaky.ipynb'), nb);
    writeFileSync(join(dir, 'leaky.py'), pythonWith(secrets));
    writeFileSync(join(dir, 'leaky-lines.ipynb'), JSON.stringify(notebookWith(secrets)));
    // Broken files that contain secrets right where the parser stops.
    const at = nb.indexOf(byKind(secrets)['openai']!);
    writeFileSync(
      join(dir, 'broken-after-secret.ipynb'),
      `${nb.slice(0, at + 30)}x${nb.slice(at + 30)}`,
    );
    writeFileSync(join(dir, 'truncated-in-secret.ipynb'), nb.slice(0, at + 20));
    writeFileSync(
      join(dir, 'latin1-near-secret.ipynb'),
      Buffer.concat([
        Buffer.from(nb.slice(0, at + 16)),
        Buffer.from([0xe9]),
        Buffer.from(nb.slice(at + 16)),
      ]),
    );
    writeFileSync(join(dir, 'nul-near-secret.py'), `${pythonWith(secrets)}\u0000`);
  });

  for (const format of ['text', 'json', 'sarif'] as const) {
    for (const extra of [[], ['--no-color'], ['--fail-on', 'note']]) {
      it(`main() --format ${format} ${extra.join(' ')}: stdout and stderr`, async () => {
        let out = '';
        const code = await main(['scan', '--format', format, ...extra, '.'], {
          cwd: dir,
          isTTY: format === 'text',
          stdout: (t) => (out += t),
          stderr: (t) => (out += t),
        });
        assert.equal(code, 2);
        assert.ok(out.length > 500);
        assertNoLeak(out, secrets, `cellguard scan --format ${format}`);
      });
    }
  }

  it('main() -o report file', async () => {
    for (const format of ['json', 'sarif', 'text'] as const) {
      const report = join(ws, `report.${format}`);
      let out = '';
      await main(['scan', '--format', format, '-o', report, '.'], {
        cwd: dir,
        isTTY: false,
        stdout: (t) => (out += t),
        stderr: (t) => (out += t),
      });
      const { readFileSync } = await import('node:fs');
      assertNoLeak(out + readFileSync(report, 'utf8'), secrets, `-o report.${format}`);
    }
  });

  it('the built bin in a child process (json and text)', () => {
    for (const format of ['json', 'text']) {
      const run = spawnSync(process.execPath, [BIN, 'scan', '--format', format, '.'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(run.status, 2, run.stderr);
      assertNoLeak(run.stdout + run.stderr, secrets, `bin --format ${format}`);
    }
  });
});
