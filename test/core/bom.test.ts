/**
 * `cellguard bom`: the CycloneDX 1.6 ML-BOM of what notebooks load, validated against the
 * CycloneDX 1.6 JSON schema that `@cyclonedx/cyclonedx-library` ships (offline).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';

const require = createRequire(import.meta.url);

interface Validator {
  (data: unknown): boolean;
  errors?: unknown;
}

/** The CycloneDX 1.6 schema with its two referenced schemas, compiled with ajv (draft-07). */
function cyclonedxValidator(): Validator {
  const Ajv = require('ajv') as new (options: object) => {
    addSchema(schema: object, key: string): void;
    addFormat(name: string, format: true | RegExp): void;
    compile(schema: object): Validator;
  };
  const addFormats = require('ajv-formats') as (ajv: unknown) => void;
  const dir = join(
    dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
    'res',
    'schema',
  );
  const read = (name: string): object =>
    JSON.parse(readFileSync(join(dir, name), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // Formats the schema uses that ajv-formats does not define: checked as any string.
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  ajv.addSchema(
    read('spdx.SNAPSHOT.schema.json'),
    'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json',
  );
  ajv.addSchema(
    read('jsf-0.82.SNAPSHOT.schema.json'),
    'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json',
  );
  return ajv.compile(read('bom-1.6.SNAPSHOT.schema.json'));
}

function nb(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: cells.map((source, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      outputs: [],
      execution_count: null,
      source,
    })),
  });
}

const SHA = '714eb0fa89d2f80546fda750413ed43d93601a13';

interface Component {
  type: string;
  name: string;
  version?: string;
  'bom-ref': string;
  hashes?: { alg: string; content: string }[];
  properties?: { name: string; value: string }[];
  externalReferences?: { url: string; type: string }[];
  evidence?: {
    occurrences: { location: string; symbol?: string; additionalContext?: string; line?: number }[];
  };
}

let work = '';
let validate: Validator;
/** Bytes of a protocol-2 pickle of {"w": 1}: what `pickle.dumps({'w': 1}, 2)` writes. */
const PICKLE = Buffer.from('80027d710058010000007771014b01732e', 'hex');

before(() => {
  validate = cyclonedxValidator();
  work = mkdtempSync(join(tmpdir(), 'cellguard-bom-'));
  mkdirSync(join(work, 'nb', 'models'), { recursive: true });
  writeFileSync(join(work, 'nb', 'models', 'clf.pkl'), PICKLE);
  writeFileSync(
    join(work, 'nb', 'train.ipynb'),
    nb([
      'import pickle, torch\nfrom transformers import AutoModel\nfrom datasets import load_dataset\nMODELS = "models"',
      `m = AutoModel.from_pretrained("bert-base-uncased")\npinned = AutoModel.from_pretrained("org/model", revision="${SHA}")`,
      'with open(f"{MODELS}/clf.pkl", "rb") as f:\n    clf = pickle.load(f)\nsd = torch.load("models/missing.pt")',
      'ds = load_dataset("imdb", split="train")\nhub = torch.hub.load("pytorch/vision:v0.10.0", "resnet18")',
    ]),
  );
  writeFileSync(
    join(work, 'eval.py'),
    'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased")\n',
  );
});

describe('cellguard bom', () => {
  it('writes a CycloneDX 1.6 document that validates against the 1.6 schema', async () => {
    const run = await cli(work, 'bom', '.', '-o', 'bom.json');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /6 component\(s\) from 2 file\(s\) written to bom\.json/);
    const bom = JSON.parse(readFileSync(join(work, 'bom.json'), 'utf8')) as {
      bomFormat: string;
      specVersion: string;
      components: Component[];
    };
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.equal(bom.specVersion, '1.6');
    assert.ok(validate(bom), JSON.stringify(validate.errors, null, 1));
    // The validator does reject what 1.6 does not allow.
    const bad = structuredClone(bom);
    bad.components[0]!.type = 'neural-net';
    assert.equal(validate(bad), false);
    const badEvidence = structuredClone(bom);
    (badEvidence.components[0] as { evidence?: unknown }).evidence = {
      occurrences: [{ line: 'x' }],
    };
    assert.equal(validate(badEvidence), false);
  });

  it('one component per model and dataset, with revision, hash and where it is loaded', async () => {
    const run = await cli(work, 'bom');
    assert.equal(run.code, 0, run.stderr);
    const { components } = JSON.parse(run.stdout) as { components: Component[] };
    const byName = new Map(components.map((c) => [c.name, c]));
    const prop = (c: Component | undefined, name: string) =>
      c?.properties?.find((p) => p.name === `cellguard:${name}`)?.value;

    const bert = byName.get('bert-base-uncased');
    assert.equal(bert?.type, 'machine-learning-model');
    assert.equal(bert?.version, undefined);
    assert.equal(prop(bert, 'revision-pinned'), 'false');
    assert.deepEqual(
      bert?.evidence?.occurrences.map((o) => `${o.location} ${o.additionalContext ?? ''}`).sort(),
      ['eval.py line 2', 'nb/train.ipynb cell 2, line 1'],
      'one component, two places that load it',
    );

    const pinned = byName.get('org/model');
    assert.equal(pinned?.version, SHA);
    assert.equal(prop(pinned, 'revision-pinned'), 'true');
    assert.equal(pinned?.externalReferences?.[0]?.url, 'https://huggingface.co/org/model');

    const local = byName.get('nb/models/clf.pkl');
    assert.equal(local?.type, 'machine-learning-model');
    assert.deepEqual(local?.hashes, [
      { alg: 'SHA-256', content: createHash('sha256').update(PICKLE).digest('hex') },
    ]);
    assert.equal(local?.evidence?.occurrences[0]?.symbol, 'pickle.load');
    assert.equal(local?.evidence?.occurrences[0]?.additionalContext, 'cell 3, line 2');

    const missing = byName.get('nb/models/missing.pt');
    assert.equal(prop(missing, 'file'), 'not found');
    assert.equal(missing?.hashes, undefined);

    const imdb = byName.get('imdb');
    assert.equal(imdb?.type, 'data');
    assert.equal(imdb?.externalReferences?.[0]?.url, 'https://huggingface.co/datasets/imdb');

    const hub = byName.get('pytorch/vision');
    assert.equal(hub?.version, 'v0.10.0');
    assert.equal(prop(hub, 'file'), 'resnet18');
    assert.equal(components.length, 6);
  });

  it('an unreadable notebook is named, exit 2, the others are still listed', async () => {
    writeFileSync(join(work, 'broken.ipynb'), '{ not json');
    try {
      const run = await cli(work, 'bom');
      assert.equal(run.code, 2);
      assert.match(run.stderr, /broken\.ipynb/);
      const { components } = JSON.parse(run.stdout) as { components: Component[] };
      assert.equal(components.length, 6);
    } finally {
      writeFileSync(join(work, 'broken.ipynb'), nb([]));
    }
  });

  it("local model files carry the model scanner's verdict and format; the BOM still validates", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellguard-bom-verdict-'));
    const fixtures = join(repoRoot, 'test', 'fixtures', 'rules', 'unsafe-model-file');
    mkdirSync(join(dir, 'models'));
    copyFileSync(
      join(fixtures, 'ng.malicious.torch-zip-reduce.pt'),
      join(dir, 'models', 'evil.pt'),
    );
    copyFileSync(join(fixtures, 'ok.safe.torch-state-dict.pt'), join(dir, 'models', 'good.pt'));
    copyFileSync(join(fixtures, 'ng.library.sklearn-logistic.pkl'), join(dir, 'models', 'lr.pkl'));
    writeFileSync(
      join(dir, 'a.ipynb'),
      nb([
        'import torch, joblib\nevil = torch.load("models/evil.pt")\ngood = torch.load("models/good.pt", weights_only=True)\nlr = joblib.load("models/lr.pkl")',
      ]),
    );
    const run = await cli(dir, 'bom');
    assert.equal(run.code, 0, run.stderr);
    const bom = JSON.parse(run.stdout) as { components: Component[] };
    assert.ok(validate(bom), JSON.stringify(validate.errors, null, 1));
    const facts = Object.fromEntries(
      bom.components.map((c) => [
        c.name,
        ['verdict', 'format'].map(
          (k) => c.properties?.find((p) => p.name === `cellguard:${k}`)?.value,
        ),
      ]),
    );
    assert.deepEqual(facts, {
      'models/evil.pt': ['malicious', 'pytorch-zip'],
      'models/good.pt': ['safe', 'pytorch-zip'],
      'models/lr.pkl': ['library', 'pickle'],
    });
    const evil = bom.components.find((c) => c.name === 'models/evil.pt')!;
    assert.deepEqual(evil.hashes, [
      {
        alg: 'SHA-256',
        content: createHash('sha256')
          .update(readFileSync(join(dir, 'models', 'evil.pt')))
          .digest('hex'),
      },
    ]);
  });

  it('--help and usage errors', async () => {
    assert.match((await cli(work, 'bom', '--help')).stdout, /CycloneDX 1\.6 ML-BOM/);
    assert.equal((await cli(work, 'bom', '--nope')).code, 2);
  });
});
