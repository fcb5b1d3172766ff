/**
 * `torch.hub.load(repo, model)`: downloads a GitHub repository and runs its `hubconf.py`, then
 * usually unpickles weights. PyTorch docs: "torch.hub.load … will execute code from the
 * repository"; the `trust_repo` prompt only asks once per repo and not about later commits.
 * CWE-94 (code from the repository) and CWE-502 (the weights).
 */
import { defineRule } from '../../engine/rule.js';
import { flagCallsOf } from './common.js';

const FUNCTIONS = new Set(['torch.hub.load']);

export default defineRule({
  meta: {
    id: 'torch-hub-load',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-94', 'CWE-502'],
    description: 'torch.hub.load runs code from a GitHub repository.',
    messages: {
      unsafe:
        '`{{callee}}` downloads a repository and runs its `hubconf.py` with your permissions (CWE-94). Pin the repo to a reviewed commit (`owner/repo:<sha>`) or load the architecture from an installed package and the weights from safetensors.',
    },
  },
  create: flagCallsOf(FUNCTIONS),
});
