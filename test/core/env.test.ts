/**
 * Version-aware rules: the environment files a notebook runs on (parsed from their text), the
 * walk that finds them (decided in the core, driven here through an in-memory folder tree and
 * through the CLI on a real one), and what the torch / keras rules then say.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  collectEnvironment,
  createAnalyzer,
  environmentFileNames,
  environmentFromFiles,
  environmentSearchPath,
  notebookInstalls,
  parseEnvironmentFile,
  poetryConstraint,
  relationTo,
  type Finding,
  type NotebookDoc,
  type PythonEnvironment,
  type Requirement,
} from '@cellguard/core';
import { cli } from '../support/cli.js';

function specs(requirements: readonly Requirement[]): string[] {
  return requirements.map((r) => `${r.name}${r.specifier}@${r.source.line ?? '-'}`);
}

function parsed(name: string, text: string): string[] {
  const file = parseEnvironmentFile(name, text);
  assert.ok(file, `${name} is an environment file`);
  assert.equal(file.problem, undefined);
  return specs(file.requirements);
}

describe('environment files', () => {
  it('requirements.txt: comments, options, hashes, continuations, extras, markers, URLs', () => {
    const text = [
      '# pinned for the GPU box',
      '-r base.txt',
      '--extra-index-url https://download.pytorch.org/whl/cu121',
      'torch==2.5.1 \\',
      '    --hash=sha256:0123456789abcdef',
      'Keras[backend] >= 3.0, <3.9 ; python_version >= "3.9"  # Lambda layers',
      'numpy',
      'scikit_learn~=1.5.0',
      'transformers @ https://example.invalid/transformers-4.0.tar.gz',
      '-e .',
      'weird===1.0+local',
      'bad>=>=1',
    ].join('\n');
    assert.deepEqual(parsed('requirements-gpu.txt', text), [
      'torch==2.5.1@4',
      'keras>=3.0,<3.9@6',
      'numpy@7',
      'scikit-learn~=1.5.0@8',
      'transformers@9',
      'weird===1.0+local@11',
      'bad@12',
    ]);
  });

  it('pyproject.toml: PEP 621, optional dependencies, PEP 735 groups, Poetry', () => {
    const text = [
      '[project]',
      'name = "demo"',
      'dependencies = ["torch>=2.6", "numpy"]',
      '[project.optional-dependencies]',
      'keras = ["keras==3.8.0"]',
      '[dependency-groups]',
      'dev = ["pytest>=8", {include-group = "x"}]',
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      'pandas = "^2.1.4"',
      'joblib = {version = "~1.4", optional = true}',
      'scipy = "*"',
    ].join('\n');
    assert.deepEqual(parsed('pyproject.toml', text), [
      'torch>=2.6@3',
      'numpy@3',
      'keras==3.8.0@5',
      'pytest>=8@7',
      'pandas>=2.1.4,<3@10',
      'joblib>=1.4,<1.5@11',
      'scipy@12',
    ]);
  });

  it("Poetry's caret and tilde constraints become PEP 440 ranges", () => {
    assert.equal(poetryConstraint('^2.5.1'), '>=2.5.1,<3');
    assert.equal(poetryConstraint('^0.2.3'), '>=0.2.3,<0.3');
    assert.equal(poetryConstraint('~2.5.1'), '>=2.5.1,<2.6');
    assert.equal(poetryConstraint('~2'), '>=2,<3');
    assert.equal(poetryConstraint('2.5.1'), '==2.5.1');
    assert.equal(poetryConstraint('>=2.0, <2.6'), '>=2.0,<2.6');
    assert.equal(poetryConstraint('^1 || ^2'), '');
    assert.equal(poetryConstraint('*'), '');
  });

  it('environment.yml: conda specs (fuzzy =, build strings, channels, pytorch) and its pip list', () => {
    const text = [
      'name: demo',
      'channels: [pytorch, conda-forge]',
      'dependencies:',
      '  - python=3.11',
      '  - pytorch=2.5',
      '  - conda-forge::numpy==1.26.4=py311h64a7726_0',
      '  - keras>=3.9',
      '  - scipy 1.13.*',
      '  - pip:',
      '    - transformers==4.44.0',
    ].join('\n');
    assert.deepEqual(parsed('environment.yml', text), [
      'python==3.11.*@4',
      'torch==2.5.*@5',
      'numpy==1.26.4@6',
      'keras>=3.9@7',
      'scipy==1.13.*@8',
      'transformers==4.44.0@10',
    ]);
  });

  it('environment.yml is read with the failsafe schema: tags construct nothing, errors are problems', () => {
    const tagged = parseEnvironmentFile(
      'environment.yml',
      'dependencies:\n  - !!python/object/apply:os.system ["id"]\n',
    );
    assert.ok(tagged?.problem?.startsWith('not valid YAML'), tagged?.problem);
    const broken = parseEnvironmentFile('environment.yml', 'dependencies: [a, b\n');
    assert.ok(broken?.problem, 'an unclosed list is a problem, not a throw');
    assert.deepEqual(broken.requirements, []);
  });

  it('Pipfile.lock, poetry.lock and uv.lock give exact versions (uv forks give the range)', () => {
    const pipfile = JSON.stringify(
      {
        _meta: { hash: {} },
        default: { torch: { version: '==2.4.1', hashes: [] } },
        develop: { keras: { version: '==3.8.0' } },
      },
      null,
      4,
    );
    assert.deepEqual(parsed('Pipfile.lock', pipfile), ['torch==2.4.1@6', 'keras==3.8.0@12']);
    const poetry =
      '[[package]]\nname = "torch"\nversion = "2.6.0"\n\n[[package]]\nname = "Keras"\nversion = "3.10.0"\n';
    assert.deepEqual(parsed('poetry.lock', poetry), ['torch==2.6.0@2', 'keras==3.10.0@6']);
    const uv =
      'version = 1\n[[package]]\nname = "torch"\nversion = "2.7.0"\n[[package]]\nname = "torch"\nversion = "2.5.1"\n';
    assert.deepEqual(parsed('uv.lock', uv), ['torch>=2.5.1,<=2.7.0@3']);
    const bad = parseEnvironmentFile('uv.lock', '[[package]\nname =');
    assert.ok(bad?.problem?.startsWith('not valid TOML'), bad?.problem);
  });

  it('names and precedence in one folder: locks, then lists, then pyproject, then conda', () => {
    assert.deepEqual(
      environmentFileNames([
        'environment.yml',
        'README.md',
        'requirements-dev.txt',
        'pyproject.toml',
        'requirements.txt',
        'uv.lock',
        'requirements.in',
        'Pipfile',
        'Pipfile.lock',
        'setup.py',
      ]),
      [
        'uv.lock',
        'Pipfile.lock',
        'requirements.txt',
        'requirements-dev.txt',
        'pyproject.toml',
        'environment.yml',
      ],
    );
  });

  it('a bare name does not hide a pin further down the precedence order', () => {
    const environment = environmentFromFiles([
      { name: 'requirements.txt', displayPath: 'requirements.txt', text: 'torch\n' },
      {
        name: 'pyproject.toml',
        displayPath: '../pyproject.toml',
        text: '[project]\ndependencies = ["torch==2.4.0"]\n',
      },
    ]);
    const torch = environment.requirements.get('torch');
    assert.equal(torch?.specifier, '==2.4.0');
    assert.equal(torch?.source.file, '../pyproject.toml');
    assert.deepEqual(environment.files, ['requirements.txt', '../pyproject.toml']);
  });
});

describe('the walk from the notebook folder to the project root', () => {
  it('search path: nearest first, bounded by the root, relative and absolute paths', () => {
    assert.deepEqual(environmentSearchPath('/w/proj/nb/a.ipynb', '/w/proj'), [
      '/w/proj/nb',
      '/w/proj',
    ]);
    assert.deepEqual(environmentSearchPath('/w/proj/a.ipynb', '/w/proj'), ['/w/proj']);
    // A notebook outside the root: only its own folder.
    assert.deepEqual(environmentSearchPath('/elsewhere/a.ipynb', '/w/proj'), ['/elsewhere']);
    // JupyterLab contents paths are relative to the server root ``.
    assert.deepEqual(environmentSearchPath('team/nb/a.ipynb', ''), ['team/nb', 'team', '']);
    assert.deepEqual(environmentSearchPath('a.ipynb', ''), ['']);
    assert.deepEqual(environmentSearchPath('/a/b.ipynb'), ['/a', '/']);
    assert.deepEqual(environmentSearchPath('C:/p/a.ipynb', 'C:/p'), ['C:/p']);
  });

  /** An in-memory folder tree; it records what was listed and read. */
  function tree(files: Record<string, string>, dirs: Record<string, string[]>) {
    const listed: string[] = [];
    const read: string[] = [];
    return {
      listed,
      read,
      io: {
        list: (dir: string) => {
          listed.push(dir);
          return Promise.resolve(dirs[dir]);
        },
        read: (path: string) => {
          read.push(path);
          return Promise.resolve(files[path]);
        },
      },
    };
  }

  it('nearer files win, each folder is read in precedence order, the walk stops after .git', async () => {
    const fs = tree(
      {
        'repo/nb/requirements.txt': 'keras==3.8.0\n',
        'repo/uv.lock': '[[package]]\nname = "torch"\nversion = "2.6.0"\n',
        'repo/requirements.txt': 'torch==2.4.0\nkeras==3.10.0\n',
      },
      {
        'repo/nb': ['a.ipynb', 'requirements.txt'],
        repo: ['.git', 'nb', 'requirements.txt', 'uv.lock'],
        '': ['repo', 'requirements.txt'],
      },
    );
    const environment = await collectEnvironment('repo/nb/a.ipynb', '', fs.io);
    assert.deepEqual(fs.listed, ['repo/nb', 'repo'], 'stopped after the folder holding .git');
    assert.deepEqual(fs.read, [
      'repo/nb/requirements.txt',
      'repo/uv.lock',
      'repo/requirements.txt',
    ]);
    assert.equal(environment.requirements.get('keras')?.specifier, '==3.8.0');
    const torch = environment.requirements.get('torch');
    assert.equal(torch?.specifier, '==2.6.0', 'the lock file beats the list in the same folder');
    assert.equal(torch?.source.file, '../uv.lock');
  });

  it('unreadable folders and files are skipped, never thrown', async () => {
    const environment = await collectEnvironment('p/a.ipynb', undefined, {
      list: (dir) =>
        dir === 'p' ? Promise.reject(new Error('EACCES')) : Promise.resolve(['requirements.txt']),
      read: () => Promise.reject(new Error('EIO')),
    });
    assert.equal(environment.requirements.size, 0);
  });
});

describe('%pip install cells', () => {
  const doc = (...sources: string[]): NotebookDoc => ({
    language: 'python',
    cells: sources.map((source) => ({ kind: 'code', source, outputs: [] })),
  });

  it('reads pip, uv pip, conda and {sys.executable} -m pip installs; skips options and their values', () => {
    const installs = notebookInstalls(
      doc(
        '%pip install -q -U "torch==2.5.1" numpy -r req.txt --index-url https://x.invalid/simple',
        'import sys\n!{sys.executable} -m pip install keras>=3.9  # newest',
        '!uv pip install scipy==1.13.0 && echo done pandas==9',
        '%conda install -c pytorch pytorch=2.6',
        'print("pip install torch==1.0")',
      ),
    );
    assert.deepEqual(specs(installs).sort(), [
      'keras>=3.9@2',
      'numpy@1',
      'scipy==1.13.0@1',
      'torch==2.5.1@1',
      'torch==2.6.*@1',
    ]);
    // Later cells first: the last install of a package is what the notebook runs on.
    assert.equal(installs[0]!.specifier, '==2.6.*');
  });
});

describe('version relations', () => {
  const req = (specifier: string): Requirement => ({
    name: 'torch',
    specifier,
    source: { file: 'requirements.txt', line: 1 },
  });
  for (const [specifier, relation] of [
    ['==2.5.1', 'below'],
    ['==2.6.0', 'at-or-above'],
    ['==2.5.*', 'below'],
    ['==2.6.*', 'at-or-above'],
    ['>=2.6', 'at-or-above'],
    ['>2.5.1', 'both'],
    ['>=2.0', 'both'],
    ['<2.6', 'below'],
    ['<=2.5.1', 'below'],
    ['<=2.6', 'both'],
    ['~=2.5.0', 'below'],
    ['~=2.5', 'both'],
    ['!=2.0', 'unknown'],
    ['', 'unknown'],
    ['==2.5.1+cu121', 'below'],
    ['==2.6.0rc1', 'below'],
  ] as const) {
    it(`torch${specifier || ' (no version)'} is ${relation} 2.6.0`, () => {
      assert.equal(relationTo(req(specifier), '2.6.0'), relation);
    });
  }
});

describe('torch and keras rules read the environment', () => {
  const analyzer = createAnalyzer();
  const CODE =
    'import torch, keras\nm = torch.load("a.pt")\nn = torch.load("b.pt", weights_only=True)\nk = keras.models.load_model("m.keras")';
  const run = async (
    environment: PythonEnvironment | undefined,
    ...sources: string[]
  ): Promise<Finding[]> => {
    const notebook: NotebookDoc = {
      language: 'python',
      cells: [...sources, CODE].map((source) => ({ kind: 'code', source, outputs: [] })),
    };
    const { findings } = await analyzer.analyzeNotebook(
      notebook,
      environment ? { environment } : {},
    );
    return findings.filter((f) => f.category === 'unsafe-load');
  };
  const summary = (findings: Finding[]): string[] =>
    findings.map((f) => `${f.ruleId}:${f.severity}:${f.message.slice(0, 40)}`);
  const files = (name: string, text: string): PythonEnvironment =>
    environmentFromFiles([{ name, displayPath: name, text }]);

  it('no pin: bare torch.load is flagged and the message says PyTorch < 2.6 was assumed', async () => {
    const findings = await run(undefined);
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /no torch version is pinned .* PyTorch < 2\.6 was assumed/);
  });

  it('a bare requirement names its file and still assumes < 2.6', async () => {
    const [finding] = await run(files('requirements.txt', 'torch\n'));
    assert.match(
      finding!.message,
      /`torch` \(requirements\.txt line 1\) gives no version, so PyTorch < 2\.6 was assumed/,
    );
  });

  it('torch>=2.6 everywhere: bare torch.load is the safe default, nothing is flagged', async () => {
    assert.deepEqual(summary(await run(files('requirements.txt', 'torch>=2.6\n'))), []);
    assert.deepEqual(
      summary(await run(files('uv.lock', '[[package]]\nname = "torch"\nversion = "2.7.1"\n'))),
      [],
    );
  });

  it('torch==2.5.1: bare load says to upgrade, weights_only=True is flagged for CVE-2025-32434', async () => {
    const findings = await run(files('requirements.txt', 'numpy\ntorch==2.5.1\n'));
    assert.deepEqual(summary(findings), [
      'torch-load-without-weights-only:warning:`torch.load` without `weights_only=True`',
      'torch-load-without-weights-only:warning:`torch.load(weights_only=True)` can stil',
    ]);
    assert.match(
      findings[0]!.message,
      /pins `torch==2\.5\.1` \(requirements\.txt line 2\), so upgrade to torch>=2\.6 too/,
    );
    assert.match(
      findings[1]!.message,
      /CVE-2025-32434.*pins `torch==2\.5\.1` \(requirements\.txt line 2\)\. Require torch>=2\.6\./,
    );
  });

  it('a range that admits both sides: the bare load is a warning, weights_only=True a note', async () => {
    const findings = await run(files('requirements.txt', 'torch>=2.0\n'));
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['warning', 'note'],
    );
    assert.match(findings[0]!.message, /allows `torch>=2\.0`/);
  });

  it('keras 3.0 – 3.8 pinned: load_model in safe mode is flagged (CVE-2025-1550); 2.x and ≥ 3.9 are not', async () => {
    const keras = async (text: string) =>
      (await run(files('requirements.txt', `torch>=2.6\n${text}`))).filter(
        (f) => f.ruleId === 'keras-unsafe-deserialization',
      );
    const pinned = await keras('keras==3.8.0\n');
    assert.equal(pinned.length, 1);
    assert.equal(pinned[0]!.severity, 'warning');
    assert.match(pinned[0]!.message, /CVE-2025-1550.*pins `keras==3\.8\.0`.*Require keras>=3\.9\./);
    assert.equal((await keras('keras>=3.0\n'))[0]?.severity, 'note');
    assert.deepEqual(await keras('keras==2.15.0\n'), []);
    assert.deepEqual(await keras('keras==3.9.0\n'), []);
    assert.deepEqual(await keras('keras\n'), []);
  });

  it("the notebook's own %pip install beats the files", async () => {
    const environment = files('requirements.txt', 'torch==2.4.0\n');
    assert.deepEqual(summary(await run(environment, '%pip install torch==2.6.0')), []);
    const older = await run(files('requirements.txt', 'torch>=2.6\n'), '!pip install torch==2.5.1');
    assert.equal(older.length, 2);
    assert.match(older[0]!.message, /pins `torch==2\.5\.1` \(cell 1 line 1\)/);
  });

  it('analyzeCell sees the %pip cells of the whole notebook', async () => {
    const notebook: NotebookDoc = {
      language: 'python',
      cells: ['%pip install torch==2.6.0', 'import torch\ntorch.load("a.pt")'].map((source) => ({
        kind: 'code',
        source,
        outputs: [],
      })),
    };
    assert.deepEqual((await analyzer.analyzeCell(notebook, 1)).findings, []);
  });
});

describe('the CLI reads the environment files between the notebook and the project root', () => {
  const notebook = JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: [
      {
        cell_type: 'code',
        metadata: {},
        outputs: [],
        execution_count: null,
        source: 'import torch\nm = torch.load("a.pt", weights_only=True)\n',
      },
    ],
  });

  it('a pin two folders up is found, named relative to the notebook, and a nearer pin wins', async () => {
    const work = mkdtempSync(join(tmpdir(), 'cellguard-env-'));
    mkdirSync(join(work, 'proj', 'nb', 'deep'), { recursive: true });
    writeFileSync(
      join(work, 'proj', 'pyproject.toml'),
      '[project]\ndependencies = ["torch==2.5.1"]\n',
    );
    writeFileSync(join(work, 'proj', 'nb', 'deep', 'a.ipynb'), notebook);
    writeFileSync(join(work, 'proj', 'other.ipynb'), notebook);
    const first = await cli(join(work, 'proj'), 'scan', '.', '--format', 'json');
    const report = JSON.parse(first.stdout) as {
      files: { path: string; findings: { message: string }[] }[];
    };
    const messages = report.files.flatMap((r) => r.findings.map((f) => f.message));
    assert.equal(messages.length, 2, first.stdout);
    assert.ok(
      messages.some((m) => m.includes('(../../pyproject.toml line 2)')),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => m.includes('(pyproject.toml line 2)')),
      messages.join('\n'),
    );

    writeFileSync(join(work, 'proj', 'nb', 'requirements.txt'), 'torch==2.6.0\n');
    const second = await cli(join(work, 'proj'), 'scan', 'nb', '--format', 'json');
    assert.equal(second.code, 0, second.stdout);
  });
});
