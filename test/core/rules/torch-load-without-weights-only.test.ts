import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('torch-load-without-weights-only')!, {
  valid: [
    'import torch\nsd = torch.load("model.pt", weights_only=True)',
    'import torch\nsd = torch.load(\n    "model.pt",\n    map_location="cpu",\n    weights_only=True,\n)',
    'import torch\ntorch.save(model.state_dict(), "model.pt")',
    'import torch\nmodel.load_state_dict(sd)',
    'import torch\n# model = torch.load("model.pt")',
    'import torch\nprint("torch.load(path)")',
    'from safetensors.torch import load_file\nsd = load_file("model.safetensors")',
    'import json\njson.load(f)',
    { markdown: '```python\ntorch.load("x.pt")\n```' },
    {
      name: 'torch 2.6 installed by the notebook: the bare call is the safe default',
      cells: [
        { source: '%pip install torch==2.6.0' },
        { source: 'import torch\nsd = torch.load("model.pt")' },
      ],
    },
    {
      name: 'torch>=2.6: weights_only=True is not bypassable',
      cells: [
        { source: '!pip install -U "torch>=2.6"' },
        { source: 'import torch\nsd = torch.load("model.pt", weights_only=True)' },
      ],
    },
  ],
  invalid: [
    {
      input: 'import torch\nmodel = torch.load("cnn.pt")',
      errors: [
        { text: 'torch.load("cnn.pt")', severity: 'warning', messageIncludes: 'weights_only=True' },
      ],
      output: 'import torch\nmodel = torch.load("cnn.pt", weights_only=True)',
    },
    {
      input: 'import torch as t\nsd = t.load(path, map_location=map_loc)',
      errors: [{ text: 't.load(path, map_location=map_loc)', messageIncludes: 'torch.load' }],
      output: 'import torch as t\nsd = t.load(path, map_location=map_loc, weights_only=True)',
    },
    {
      input: { cells: [{ source: 'from torch import load' }, { source: 'sd = load(p)' }] },
      errors: [{ text: 'load(p)', cellIndex: 1 }],
      output: 'sd = load(p, weights_only=True)',
    },
    {
      input: 'import torch\nsd = torch.load(\n    path,\n    map_location="cpu",\n)',
      errors: [{ text: 'torch.load(\n    path,\n    map_location="cpu",\n)' }],
      output:
        'import torch\nsd = torch.load(\n    path,\n    map_location="cpu",\n    weights_only=True,\n)',
    },
    {
      input: 'import torch\nsd = torch.load(\n    path,\n    map_location="cpu"\n)',
      errors: [{ messageId: 'missing' }],
      output:
        'import torch\nsd = torch.load(\n    path,\n    map_location="cpu",\n    weights_only=True\n)',
    },
    {
      input: {
        name: 'comment after the last argument stays on its line',
        code: 'import torch\nsd = torch.load(\n    path,\n    map_location="cpu"  # GPU-less box\n)',
      },
      errors: [{ messageId: 'missing' }],
      output:
        'import torch\nsd = torch.load(\n    path,\n    map_location="cpu",  # GPU-less box\n    weights_only=True\n)',
    },
    {
      input: 'import torch\nsd = torch.load(path,\n                map_location="cpu")',
      errors: [{ messageId: 'missing' }],
      output:
        'import torch\nsd = torch.load(path,\n                map_location="cpu", weights_only=True)',
    },
    {
      input: 'import torch\nsd = torch.load(path, weights_only=False)',
      errors: [{ text: 'weights_only=False', messageId: 'disabled' }],
      output: 'import torch\nsd = torch.load(path, weights_only=True)',
    },
    {
      input: 'import torch\nsd = torch.load(path, **load_kwargs)',
      errors: [{ text: 'torch.load(path, **load_kwargs)', severity: 'note', messageId: 'unknown' }],
    },
    {
      input: 'import torch\nsd = torch.serialization.load(path)',
      errors: [{ text: 'torch.serialization.load(path)' }],
    },
    {
      input: 'import torch\nmodel = torch.load(path).to(device)',
      errors: [{ text: 'torch.load(path)' }],
      output: 'import torch\nmodel = torch.load(path, weights_only=True).to(device)',
    },
    {
      input:
        '%%time\nimport torch\n!nvidia-smi\nmodel.load_state_dict(torch.load(model_path, map_location=map_loc))',
      errors: [{ text: 'torch.load(model_path, map_location=map_loc)' }],
    },
    {
      input: 'import torch\nsd = torch.load(path, weights_only=cfg.safe)',
      errors: [{ text: 'weights_only=cfg.safe', severity: 'note' }],
    },
    {
      input: 'import torch\nmodel = torch.load("cnn.pt")',
      errors: [{ messageId: 'missing', messageIncludes: 'so PyTorch < 2.6 was assumed' }],
    },
    {
      input: {
        name: 'torch 2.5.1 pinned: weights_only=True is still exploitable (CVE-2025-32434)',
        cells: [
          { source: '%pip install torch==2.5.1' },
          { source: 'import torch\nsd = torch.load("model.pt", weights_only=True)' },
        ],
      },
      errors: [
        {
          text: 'torch.load("model.pt", weights_only=True)',
          messageId: 'bypassable',
          severity: 'warning',
          messageIncludes: 'pins `torch==2.5.1` (cell 1 line 1). Require torch>=2.6.',
        },
      ],
    },
    {
      input: {
        name: 'torch 2.4 pinned: the bare call says to upgrade too',
        cells: [
          { source: '%pip install torch==2.4.0' },
          { source: 'import torch\nsd = torch.load(p)' },
        ],
      },
      errors: [{ messageId: 'missing', messageIncludes: 'so upgrade to torch>=2.6 too' }],
      output: 'import torch\nsd = torch.load(p, weights_only=True)',
    },
  ],
});
