import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('torch-hub-load')!, {
  valid: [
    'import torch\nsd = torch.hub.load_state_dict_from_url(url)',
    'import torch\nrepo = torch.hub.list("pytorch/vision")',
    'from huggingface_hub import hf_hub_download\np = hf_hub_download(repo_id=r, filename="model.safetensors")',
    '# torch.hub.load("ultralytics/yolov5", "yolov5s")',
  ],
  invalid: [
    {
      input: {
        name: 'severity error: running the repository code is what the call does',
        code: 'import torch\nm = torch.hub.load("pytorch/vision:main", "resnet18")',
      },
      errors: [{ severity: 'error', messageId: 'unsafe' }],
    },
    {
      input: {
        name: 'pinned to a full commit hash: note',
        code: 'import torch\nm = torch.hub.load("pytorch/vision:0123456789abcdef0123456789abcdef01234567", "resnet18")',
      },
      errors: [{ severity: 'note', messageId: 'pinned' }],
    },
    {
      input: 'import torch\nm = torch.hub.load("ultralytics/yolov5", "yolov5s")',
      errors: [{ text: 'torch.hub.load("ultralytics/yolov5", "yolov5s")' }],
    },
    {
      input:
        'import torch as t\nm = t.hub.load(\n    "facebookresearch/dino:main",\n    "dino_vits16",\n)',
      errors: [{ messageIncludes: 'torch.hub.load' }],
    },
    {
      input: 'from torch import hub\nm = hub.load(repo, name, trust_repo=True)',
      errors: [{ text: 'hub.load(repo, name, trust_repo=True)' }],
    },
    {
      input: {
        cells: [
          { source: 'from torch.hub import load as hub_load' },
          { source: 'm = hub_load(repo, name)' },
        ],
      },
      errors: [{ text: 'hub_load(repo, name)', cellIndex: 1 }],
    },
  ],
});
