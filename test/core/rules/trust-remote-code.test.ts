import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

ruleTester(getRule('trust-remote-code')!, {
  valid: [
    'from transformers import AutoModel\nm = AutoModel.from_pretrained("bert-base-uncased")',
    'from transformers import AutoModel\nm = AutoModel.from_pretrained(name, trust_remote_code=False)',
    '# m = AutoModel.from_pretrained(name, trust_remote_code=True)',
    'doc = "pass trust_remote_code=True to load it"',
    'def f():\n    """Call with trust_remote_code=True."""',
    { markdown: 'Use `trust_remote_code=True` only for reviewed repos.' },
    'trust_remote_code = True',
    'cfg = {"trust_remote_code": False}',
  ],
  invalid: [
    {
      input:
        'from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained(MODEL, trust_remote_code=True)',
      errors: [
        {
          text: 'trust_remote_code=True',
          severity: 'error',
          messageIncludes: 'transformers.AutoTokenizer.from_pretrained',
        },
      ],
      output: 'from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained(MODEL)',
    },
    {
      input: {
        name: 'own line with a comment: the whole line goes',
        code: 'model = AutoModelForCausalLM.from_pretrained(\n    model_id,\n    trust_remote_code=True,              # Required for some models\n    torch_dtype=torch.bfloat16,\n)',
      },
      errors: [{ text: 'trust_remote_code=True' }],
      output:
        'model = AutoModelForCausalLM.from_pretrained(\n    model_id,\n    torch_dtype=torch.bfloat16,\n)',
    },
    {
      input: {
        name: 'own last line without a trailing comma',
        code: 'model = AutoModel.from_pretrained(\n    "jinaai/jina-embeddings-v2-base-en",\n    trust_remote_code=True\n)',
      },
      errors: [{ text: 'trust_remote_code=True' }],
      output: 'model = AutoModel.from_pretrained(\n    "jinaai/jina-embeddings-v2-base-en",\n)',
    },
    {
      input: {
        name: 'first argument inline',
        code: 'x = f(trust_remote_code=True, device="cuda")',
      },
      errors: [{ text: 'trust_remote_code=True' }],
      output: 'x = f(device="cuda")',
    },
    {
      input: { name: 'only argument', code: 'x = f(trust_remote_code=True)' },
      errors: [{ text: 'trust_remote_code=True' }],
      output: 'x = f()',
    },
    {
      input: {
        name: 'pin revision',
        code: 'tok = AutoTokenizer.from_pretrained(MODEL, trust_remote_code=True)',
      },
      errors: [{ text: 'trust_remote_code=True' }],
      fixIndex: 1,
      output:
        'tok = AutoTokenizer.from_pretrained(MODEL, trust_remote_code=True, revision="<commit sha>")',
    },
    {
      input:
        'from vllm import LLM\nllm = LLM(model="BaSalam/Llama2-7b", gpu_memory_utilization=0.9, trust_remote_code=True)',
      errors: [{ text: 'trust_remote_code=True', messageIncludes: 'vllm.LLM' }],
      output:
        'from vllm import LLM\nllm = LLM(model="BaSalam/Llama2-7b", gpu_memory_utilization=0.9)',
    },
    {
      input:
        'from datasets import load_dataset\nds = load_dataset("Helsinki-NLP/tatoeba", lang1="en", trust_remote_code=True)',
      errors: [{ text: 'trust_remote_code=True' }],
    },
    {
      input:
        'from transformers import load_tool\ntool = load_tool("m-ric/text-to-image", trust_remote_code=True)',
      errors: [{ text: 'trust_remote_code=True' }],
    },
    {
      input:
        'from sentence_transformers import SentenceTransformer\nm = SentenceTransformer("nomic-ai/nomic-embed-text-v1", trust_remote_code=True)',
      errors: [{ text: 'trust_remote_code=True' }],
    },
    {
      input:
        'import transformers\npipe = transformers.pipeline("text-generation", model=m, trust_remote_code=True)',
      errors: [{ text: 'trust_remote_code=True' }],
    },
    {
      input:
        'from transformers import AutoConfig\ncfg = AutoConfig.from_pretrained(m, trust_remote_code=True)',
      errors: [{ text: 'trust_remote_code=True' }],
    },
    {
      input:
        'from diffusers import DiffusionPipeline\np = DiffusionPipeline.from_pretrained(m, custom_pipeline=c, trust_remote_code=True)',
      errors: [{ text: 'trust_remote_code=True' }],
    },
    {
      input: `m = AutoModel.from_pretrained(name, revision="${SHA}", trust_remote_code=True)`,
      errors: [{ text: 'trust_remote_code=True', severity: 'note', messageId: 'pinned' }],
    },
    {
      input:
        'from langchain_huggingface import HuggingFaceEmbeddings\nemb = HuggingFaceEmbeddings(model_name=m, model_kwargs={"trust_remote_code": True})',
      errors: [{ text: '"trust_remote_code": True', messageId: 'dictEntry' }],
    },
    {
      input: 'kwargs = {"device": "cuda", \'trust_remote_code\': True}',
      errors: [{ text: "'trust_remote_code': True" }],
    },
    {
      input:
        '%%time\n!pip install -q transformers\nmodel = AutoModel.from_pretrained(\n    m,\n    trust_remote_code=True,\n)',
      errors: [{ text: 'trust_remote_code=True' }],
    },
  ],
});
