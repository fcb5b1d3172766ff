/**
 * A hand-labelled set of notebook snippets, written apart from the rule tables (different names,
 * layouts and libraries), to measure the unsafe-load family as a whole: every positive names the
 * one rule that must fire; a negative must produce no unsafe-load finding at all. Precision and
 * recall are printed and must stay ≥ 0.97.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAnalyzer, type Finding } from '@cellguard/core';
import { docFor, type CellSpec } from '../support/rule-tester.js';

type Snippet = string | readonly CellSpec[];

/** [rule that must fire, snippet]. */
const POSITIVE: readonly (readonly [string, Snippet])[] = [
  // pickle-load
  [
    'pickle-load',
    'import pickle\nwith open("emb.pkl", "rb") as fh:\n    embeddings = pickle.load(fh)',
  ],
  ['pickle-load', 'import pickle as pk\nvocab = pk.loads(requests.get(url).content)'],
  [
    'pickle-load',
    [{ source: 'import _pickle as cPickle' }, { source: 'data = cPickle.load(open(p, "rb"))' }],
  ],
  [
    'pickle-load',
    [
      { source: 'from pickle import Unpickler' },
      { source: '%%time\nobj = Unpickler(stream).load()' },
    ],
  ],
  [
    'pickle-load',
    'import os, pickle\nif os.path.exists(CACHE):\n    cache = pickle.load(open(CACHE, "rb"))',
  ],
  [
    'pickle-load',
    'def restore(path):\n    import pickle\n    with open(path, "rb") as f:\n        return pickle.load(f)',
  ],
  [
    'pickle-load',
    [
      { source: 'import pickle as pkl\n%load_ext autoreload' },
      { kind: 'markdown', source: '## Load' },
      { source: 'x = [pkl.load(open(p, "rb")) for p in paths]' },
    ],
  ],
  // pickle-family-load
  ['pickle-family-load', 'import dill\nsession = dill.load(open("session.db", "rb"))'],
  [
    'pickle-family-load',
    [{ source: 'import cloudpickle as cp' }, { source: 'fn = cp.loads(payload)' }],
  ],
  ['pickle-family-load', 'import jsonpickle\nstate = jsonpickle.decode(open("state.json").read())'],
  ['pickle-family-load', 'import shelve\ndb = shelve.open("features")\nX = db["X"]'],
  ['pickle-family-load', 'from marshal import loads as mload\ncode = mload(blob)'],
  ['pickle-family-load', [{ source: 'import jsonpickle as jp' }, { source: 'obj = jp.decode(s)' }]],
  // joblib-load
  ['joblib-load', 'import joblib\nvectorizer = joblib.load("tfidf.joblib")'],
  ['joblib-load', [{ source: 'from joblib import load' }, { source: 'clf = load(model_path)' }]],
  [
    'joblib-load',
    [{ source: 'from joblib import load as restore_model' }, { source: 'clf = restore_model(p)' }],
  ],
  ['joblib-load', 'from sklearn.externals import joblib\nrf = joblib.load("rf.pkl")'],
  // pandas-read-pickle
  ['pandas-read-pickle', 'import pandas as pd\ntrain = pd.read_pickle("train.pkl.gz")'],
  [
    'pandas-read-pickle',
    [
      { source: 'import pandas as pd' },
      { source: 'x = 1' },
      { source: 'df = pd.read_pickle(\n    DATA_URL,\n)' },
    ],
  ],
  [
    'pandas-read-pickle',
    [{ source: 'from pandas import read_pickle as rp' }, { source: 'df = rp("x.pkl")' }],
  ],
  // torch-load-without-weights-only
  [
    'torch-load-without-weights-only',
    'import torch\nckpt = torch.load("best.ckpt", map_location="cpu")\nmodel.load_state_dict(ckpt["state_dict"])',
  ],
  [
    'torch-load-without-weights-only',
    [{ source: 'import torch as th' }, { source: 'net = th.load(path)' }],
  ],
  [
    'torch-load-without-weights-only',
    'import torch\nopt.load_state_dict(\n    torch.load(\n        opt_path,\n        map_location=device,\n    )\n)',
  ],
  ['torch-load-without-weights-only', 'import torch\nsd = torch.load(p, weights_only=False)'],
  [
    'torch-load-without-weights-only',
    [{ source: 'from torch import load as tload' }, { source: 'sd = tload(p)' }],
  ],
  ['torch-load-without-weights-only', 'from torch.serialization import load\nsd = load(f)'],
  ['torch-load-without-weights-only', '%%capture\nimport torch\nm = torch.load(buf).eval()'],
  // numpy-load-allow-pickle
  [
    'numpy-load-allow-pickle',
    'import numpy as np\nlabels = np.load("labels.npy", allow_pickle=True)',
  ],
  [
    'numpy-load-allow-pickle',
    [
      { source: 'import numpy' },
      { source: 'd = numpy.load(p, mmap_mode=None, allow_pickle=True).item()' },
    ],
  ],
  [
    'numpy-load-allow-pickle',
    'from numpy import load\nz = load(\n    "z.npz",\n    allow_pickle=True\n)',
  ],
  ['numpy-load-allow-pickle', '%run setup.py\nemb = np.load(EMB_PATH, allow_pickle=True)'],
  // yaml-unsafe-load
  ['yaml-unsafe-load', 'import yaml\nwith open("cfg.yml") as f:\n    cfg = yaml.load(f)'],
  ['yaml-unsafe-load', 'import yaml\ncfg = yaml.load(open("c.yml"), Loader=yaml.FullLoader)'],
  ['yaml-unsafe-load', 'import yaml\ncfg = yaml.load(s, yaml.UnsafeLoader)'],
  ['yaml-unsafe-load', [{ source: 'import yaml as Y' }, { source: 'cfg = Y.unsafe_load(text)' }]],
  ['yaml-unsafe-load', 'from yaml import full_load\ncfg = full_load(open(p))'],
  ['yaml-unsafe-load', 'import yaml\nfrom yaml import CLoader\ncfg = yaml.load(f, Loader=CLoader)'],
  ['yaml-unsafe-load', 'import yaml\ndocs = list(yaml.load_all(stream, Loader=yaml.Loader))'],
  // keras-unsafe-deserialization
  [
    'keras-unsafe-deserialization',
    'import keras\nm = keras.saving.load_model("m.keras", safe_mode=False)',
  ],
  [
    'keras-unsafe-deserialization',
    [
      { source: 'import tensorflow as tf' },
      {
        source:
          'm = tf.keras.models.load_model(\n    "m.h5",\n    compile=False,\n    safe_mode=False,\n)',
      },
    ],
  ],
  [
    'keras-unsafe-deserialization',
    'from keras.models import load_model\nm = load_model(p, safe_mode=False)',
  ],
  [
    'keras-unsafe-deserialization',
    'import keras\nkeras.config.enable_unsafe_deserialization()\nm = keras.models.load_model(p)',
  ],
  // trust-remote-code
  [
    'trust-remote-code',
    'from transformers import AutoModel\nm = AutoModel.from_pretrained("nomic-ai/nomic-bert-2048", trust_remote_code=True)',
  ],
  [
    'trust-remote-code',
    'import transformers\ntok = transformers.AutoTokenizer.from_pretrained(\n    name,\n    trust_remote_code=True,\n    use_fast=False,\n)',
  ],
  [
    'trust-remote-code',
    'from sentence_transformers import SentenceTransformer\nmodel = SentenceTransformer("jinaai/jina-embeddings-v3", trust_remote_code=True)',
  ],
  [
    'trust-remote-code',
    'from transformers import pipeline\ngen = pipeline("text-generation", model="microsoft/phi-2", trust_remote_code=True)',
  ],
  [
    'trust-remote-code',
    'from datasets import load_dataset\nds = load_dataset("some/dataset-with-script", trust_remote_code=True, split="train")',
  ],
  [
    'trust-remote-code',
    'from vllm import LLM\nllm = LLM(\n    model="Qwen/Qwen-7B",\n    trust_remote_code=True,\n)',
  ],
  [
    'trust-remote-code',
    'from transformers import AutoConfig\ncfg = AutoConfig.from_pretrained(m, trust_remote_code=True)',
  ],
  [
    'trust-remote-code',
    'from smolagents import load_tool\ntool = load_tool("someone/tool", trust_remote_code=True)',
  ],
  [
    'trust-remote-code',
    'from langchain_community.embeddings import HuggingFaceEmbeddings\nemb = HuggingFaceEmbeddings(\n    model_name=m,\n    model_kwargs={"device": "cuda", "trust_remote_code": True},\n)',
  ],
  [
    'trust-remote-code',
    [
      { source: 'import transformers as tr' },
      {
        source:
          '%%time\nm = tr.AutoModelForCausalLM.from_pretrained(m, device_map="auto", trust_remote_code=True)',
      },
    ],
  ],
  [
    'trust-remote-code',
    'from diffusers import DiffusionPipeline\npipe = DiffusionPipeline.from_pretrained(\n    repo,\n    custom_pipeline="x",\n    trust_remote_code=True)',
  ],
  // use-safetensors-disabled
  [
    'use-safetensors-disabled',
    'from transformers import AutoModel\nm = AutoModel.from_pretrained(name, use_safetensors=False)',
  ],
  [
    'use-safetensors-disabled',
    'from diffusers import UNet2DConditionModel\nunet = UNet2DConditionModel.from_pretrained(\n    repo,\n    subfolder="unet",\n    use_safetensors=False,\n)',
  ],
  // torch-hub-load
  ['torch-hub-load', 'import torch\nmidas = torch.hub.load("intel-isl/MiDaS", "MiDaS_small")'],
  [
    'torch-hub-load',
    [
      { source: 'import torch as T' },
      { source: 'model = T.hub.load("pytorch/vision:v0.10.0", "resnet18", pretrained=True)' },
    ],
  ],
  // allow-dangerous-deserialization
  [
    'allow-dangerous-deserialization',
    'from langchain_community.vectorstores import FAISS\nvs = FAISS.load_local(\n    "index",\n    embeddings,\n    allow_dangerous_deserialization=True,\n)',
  ],
  // skops-load-trusts-all
  ['skops-load-trusts-all', 'import skops.io as sio\nclf = sio.load(path, trusted=True)'],
  [
    'skops-load-trusts-all',
    'from skops.io import load, get_untrusted_types\nclf = load(p, trusted=get_untrusted_types(file=p))',
  ],
  [
    'skops-load-trusts-all',
    'import skops.io\nclf = skops.io.load("m.skops", trusted=skops.io.get_untrusted_types(file="m.skops"))',
  ],
];

const NEGATIVE: readonly Snippet[] = [
  'import pickle\nwith open("emb.pkl", "wb") as fh:\n    pickle.dump(embeddings, fh)',
  'import pickle\nblob = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)',
  'import json\nwith open("cfg.json") as f:\n    cfg = json.load(f)',
  'import json\ncfg = json.loads(text)',
  'model.load_state_dict(state_dict)',
  'from PIL import Image\nimg = Image.open(p)\nimg.load()',
  'from langchain.document_loaders import PyPDFLoader\ndocs = PyPDFLoader(p).load()',
  'from dotenv import load_dotenv\nload_dotenv()',
  'from datasets import load_dataset\nds = load_dataset("squad", split="train")',
  'import evaluate\nrouge = evaluate.load("rouge")',
  'import torch\nsd = torch.load(p, weights_only=True)',
  'import torch\nsd = torch.load(\n    p,\n    map_location="cpu",\n    weights_only=True,\n)',
  'import torch\ntorch.save(model.state_dict(), "m.pt")',
  'from safetensors.torch import load_file\nsd = load_file("model.safetensors")',
  'import numpy as np\nx = np.load("x.npy")',
  'import numpy as np\nx = np.load("x.npy", allow_pickle=False)',
  'import numpy as np\nnp.save("x.npy", x)',
  'import numpy as np\nx = np.loadtxt("x.csv", delimiter=",")',
  'import yaml\ncfg = yaml.safe_load(open("c.yml"))',
  'import yaml\ncfg = yaml.load(open("c.yml"), Loader=yaml.SafeLoader)',
  'import yaml\ncfg = yaml.load(f, yaml.CSafeLoader)',
  'import yaml\nyaml.safe_dump(cfg, open("c.yml", "w"))',
  'from yaml import safe_load\ncfg = safe_load(s)',
  'import keras\nm = keras.models.load_model("m.keras")',
  'import tensorflow as tf\nm = tf.keras.models.load_model("m.keras", safe_mode=True)',
  'import mlflow\nm = mlflow.pyfunc.load_model("models:/x/1")',
  'import whisper\nm = whisper.load_model("base")',
  'from transformers import AutoModel\nm = AutoModel.from_pretrained("bert-base-uncased")',
  'from transformers import AutoModel\nm = AutoModel.from_pretrained(name, trust_remote_code=False)',
  'from transformers import AutoModel\nm = AutoModel.from_pretrained(name, use_safetensors=True)',
  '# m = AutoModel.from_pretrained(name, trust_remote_code=True)',
  'msg = "set trust_remote_code=True to run custom code"',
  'def load(name):\n    """Call torch.load(name) and pickle.load(f) for you."""\n    return registry[name]',
  [
    {
      kind: 'markdown',
      source:
        'Run `pickle.load(open(p, "rb"))` and `torch.load(p)`; pass `trust_remote_code=True`.',
    },
  ],
  "%%bash\npython -c \"import pickle; pickle.load(open('x', 'rb'))\"",
  '!python train.py --trust_remote_code=True',
  'import pandas as pd\ndf.to_pickle("df.pkl")',
  'import pandas as pd\ndf = pd.read_parquet("df.parquet")',
  'import pandas as pd\ndf = pd.read_csv("x.csv")',
  'import joblib\njoblib.dump(clf, "clf.joblib")',
  'from joblib import Parallel, delayed\nr = Parallel(n_jobs=4)(delayed(f)(i) for i in range(4))',
  'import skops.io as sio\nclf = sio.load("m.skops", trusted=["sklearn.svm._classes.SVC"])',
  'import skops.io as sio\nunknown = sio.get_untrusted_types(file="m.skops")\nclf = sio.load("m.skops", trusted=unknown)',
  'import torch\nsd = torch.hub.load_state_dict_from_url(url, map_location="cpu")',
  'import torch\nprint(torch.hub.list("pytorch/vision"))',
  'from .checkpoint import load\nsd = load(p)',
  'from . import pickle\nobj = pickle.load(f)',
  'import dill\ndill.dump_session("s.db")',
  'import marshal\nb = marshal.dumps(code)',
  'with open("notes.txt") as f:\n    notes = f.read()',
  'import shelve as sh\n# db = sh.open("cache")',
  'from ruamel.yaml import YAML\ncfg = YAML(typ="safe").load(open("c.yml"))',
  'trust_remote_code = True\nprint(trust_remote_code)',
  'result = store.load(key)\nloaded = loader.load_data()',
  'from langchain_community.vectorstores import FAISS\ndb = FAISS.load_local("idx", emb)',
  [{ source: 'import pickle' }, { source: 'pickle = MyStore()' }, { source: 'pickle.save(x)' }],
  'x = obj?\nobj??\n%timeit f(x)',
  'def load_model(name, trust_remote_code=True):\n    return registry[name]',
  'import numpy as np\nnp.savez("w.npz", a=a)\nw = np.load("w.npz")',
];

function snippetDoc(snippet: Snippet): ReturnType<typeof docFor> {
  return docFor(typeof snippet === 'string' ? { code: snippet } : { cells: snippet });
}

describe('unsafe-load labelled set', () => {
  it('has enough cases of every rule', () => {
    assert.ok(
      POSITIVE.length >= 50 && NEGATIVE.length >= 50,
      `${POSITIVE.length} positives, ${NEGATIVE.length} negatives`,
    );
  });

  it('precision and recall ≥ 0.97', async () => {
    const analyzer = createAnalyzer();
    const unsafe = (findings: readonly Finding[]): string[] =>
      findings
        // The snippets load from the Hub unpinned, as most notebooks do: that note has its own
        // table (hub-load-without-revision.test.ts) and is not what this set labels.
        .filter((f) => f.category === 'unsafe-load' && f.ruleId !== 'hub-load-without-revision')
        .map((f) => f.ruleId);
    let truePositives = 0;
    let falsePositives = 0;
    const problems: string[] = [];
    for (const [ruleId, snippet] of POSITIVE) {
      const fired = unsafe((await analyzer.analyzeNotebook(snippetDoc(snippet))).findings);
      if (fired.includes(ruleId)) truePositives++;
      else problems.push(`missed ${ruleId}: ${JSON.stringify(snippet)}`);
      const extra = fired.filter((id) => id !== ruleId);
      falsePositives += extra.length;
      for (const id of extra) problems.push(`extra ${id}: ${JSON.stringify(snippet)}`);
    }
    for (const snippet of NEGATIVE) {
      const fired = unsafe((await analyzer.analyzeNotebook(snippetDoc(snippet))).findings);
      falsePositives += fired.length;
      for (const id of fired) problems.push(`false positive ${id}: ${JSON.stringify(snippet)}`);
    }
    const precision = truePositives / Math.max(truePositives + falsePositives, 1);
    const recall = truePositives / POSITIVE.length;
    console.log(
      `labelled set: ${POSITIVE.length} positive, ${NEGATIVE.length} negative snippets; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    for (const problem of problems) console.log(`  ${problem}`);
    assert.ok(precision >= 0.97, `precision ${precision}`);
    assert.ok(recall >= 0.97, `recall ${recall}`);
    const rules = new Set(POSITIVE.map(([id]) => id));
    for (const id of [
      'allow-dangerous-deserialization',
      'pickle-load',
      'pickle-family-load',
      'joblib-load',
      'pandas-read-pickle',
      'torch-load-without-weights-only',
      'numpy-load-allow-pickle',
      'yaml-unsafe-load',
      'keras-unsafe-deserialization',
      'trust-remote-code',
      'use-safetensors-disabled',
      'torch-hub-load',
      'skops-load-trusts-all',
    ]) {
      assert.ok(rules.has(id), `no positive for ${id}`);
    }
  });
});
