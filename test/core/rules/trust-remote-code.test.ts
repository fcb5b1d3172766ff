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
    { name: 'a false constant', code: 'm = AutoModel.from_pretrained(name, trust_remote_code=0)' },
    {
      name: 'a string in prose that is printed',
      code: 'print("pass --trust-remote-code to vllm")',
    },
    {
      name: 'a docstring mentioning the flag',
      code: 'def serve():\n    """Starts vllm with --trust-remote-code."""',
    },
    {
      name: 'the flag turned off on a command line',
      code: '!python run_clm.py --trust_remote_code False',
    },
    {
      name: 'prose inside a string, not a key=value item',
      code: 'msg = "set trust_remote_code=True to load it"',
    },
    {
      name: 'shell text in a markdown cell',
      markdown: '```\nvllm serve m --trust-remote-code\n```',
    },
    {
      name: 'a model-args item set to False',
      code: 'args = "pretrained=m,trust_remote_code=False"',
    },
  ],
  invalid: [
    {
      input: {
        name: 'lm-eval model_args in an f-string',
        code: 'results = lm_eval.simple_evaluate(model="hf", model_args=f"pretrained={m},trust_remote_code=True")',
      },
      errors: [{ text: 'trust_remote_code=True', messageId: 'inText', severity: 'error' }],
    },
    {
      input: {
        name: 'the flag in an argv list passed to a model server',
        code: 'proc = subprocess.Popen(["vllm", "serve", model, "--trust-remote-code", "--port", "8000"])',
      },
      errors: [{ text: '--trust-remote-code', messageId: 'inText' }],
    },
    {
      input: {
        name: 'the flag in a command string',
        code: 'os.system(f"python -m sglang.launch_server --model-path {m} --trust-remote-code")',
      },
      errors: [{ text: '--trust-remote-code' }],
    },
    {
      input: {
        name: 'a shell escape',
        code: '!vllm serve Qwen/Qwen2-7B --trust-remote-code --port 8000',
      },
      errors: [{ text: '--trust-remote-code', messageId: 'inText' }],
    },
    {
      input: {
        name: 'model_args on a shell line',
        code: '!lm_eval --model hf --model_args pretrained=m,trust_remote_code=True --tasks hellaswag',
      },
      errors: [{ text: 'trust_remote_code=True' }],
    },
    {
      input: {
        name: 'a %%bash cell, the flag with a value',
        code: '%%bash\npython run_clm.py \\\n  --trust_remote_code True',
      },
      errors: [{ text: '--trust_remote_code True' }],
    },
    {
      input: {
        name: "a helper's keyword that ends in the name",
        code: 'llm = make_llm(m, enable_trust_remote_code=True)',
      },
      errors: [
        {
          text: 'enable_trust_remote_code=True',
          messageIncludes: '`enable_trust_remote_code=True` makes `make_llm`',
        },
      ],
      output: 'llm = make_llm(m)',
    },
    {
      input: {
        name: 'any truthy constant',
        code: 'm = AutoModel.from_pretrained(name, trust_remote_code=1)',
      },
      errors: [{ text: 'trust_remote_code=1' }],
    },
    {
      input: {
        name: 'a truthy dict value',
        code: 'pipe = pipeline("x", model_kwargs={"trust_remote_code": 1})',
      },
      errors: [{ messageId: 'dictEntry' }],
    },
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
