import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

const SHA = '714eb0fa89d2f80546fda750413ed43d93601a13';

ruleTester(getRule('hub-load-without-revision')!, {
  valid: [
    `from transformers import AutoModel\nm = AutoModel.from_pretrained("bert-base-uncased", revision="${SHA}")`,
    `from transformers import AutoModel\nREV = "${SHA}"\nm = AutoModel.from_pretrained("org/m", revision=REV)`,
    'from transformers import AutoModel\nm = AutoModel.from_pretrained("./ckpt/best")',
    'from transformers import AutoModel\nm = AutoModel.from_pretrained("/data/models/bert")',
    'from transformers import AutoModel\nm = AutoModel.from_pretrained(args.model, revision=args.revision)',
    'from transformers import AutoModel\nm = AutoModel.from_pretrained(model_dir)',
    'import datasets\nd = datasets.load_dataset("parquet", data_files={"train": "a.parquet"})',
    'import datasets\nd = datasets.load_dataset("data/local/folder/x")',
    `from huggingface_hub import hf_hub_download\np = hf_hub_download("org/m", "w.bin", revision="${SHA}")`,
    'import torch\nm = torch.hub.load("pytorch/vision", "resnet18")',
    '# AutoModel.from_pretrained("bert-base-uncased")',
    'from diffusers import StableDiffusionPipeline\np = StableDiffusionPipeline.from_pretrained(f"{ORG}/sd")',
  ],
  invalid: [
    {
      input:
        'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased")',
      errors: [
        {
          text: 'AutoModel.from_pretrained("bert-base-uncased")',
          messageId: 'missing',
          severity: 'note',
          messageIncludes: '`bert-base-uncased`',
        },
      ],
    },
    {
      input: {
        name: 'the id comes from a variable in an earlier cell',
        cells: [
          { source: 'import transformers\nNAME = "meta-llama/Llama-3.1-8B"' },
          { source: 'tok = transformers.AutoTokenizer.from_pretrained(NAME)' },
        ],
      },
      errors: [{ messageIncludes: '`meta-llama/Llama-3.1-8B`', cellIndex: 1 }],
    },
    {
      input:
        'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="main")',
      errors: [{ text: 'revision="main"', messageId: 'movable' }],
    },
    {
      input:
        'from huggingface_hub import hf_hub_download\np = hf_hub_download(repo_id="org/m", filename="model.safetensors")',
      errors: [{ messageIncludes: '`org/m`' }],
    },
    {
      input: 'import huggingface_hub as hub\nd = hub.snapshot_download("org/m", revision="v2.0")',
      errors: [{ text: 'revision="v2.0"', messageIncludes: 'revision="v2.0"' }],
    },
    {
      input: 'from datasets import load_dataset\nds = load_dataset("imdb", split="train")',
      errors: [{ text: 'load_dataset("imdb", split="train")' }],
    },
  ],
});
