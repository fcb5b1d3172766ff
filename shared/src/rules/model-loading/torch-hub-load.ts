/**
 * `torch.hub.load(repo, model)`: downloads a GitHub repository and runs its `hubconf.py`, then
 * usually unpickles weights. PyTorch docs: "torch.hub.load … will execute code from the
 * repository"; the `trust_repo` prompt only asks once per repo and not about later commits.
 * CWE-94 (code from the repository) and CWE-502 (the weights).
 *
 * Severity (see the policy in docs/rules/README.md): `error` — running the repository's code is
 * what the call does, as with `trust_remote_code=True`. With the repo pinned to a full commit
 * hash (`"owner/repo:<40 hex>"`) the code that runs is the code that was reviewed: `note`.
 */
import { defineRule } from '../../engine/rule.js';
import { positionalArgument, keywordArgument } from '../../python/edits.js';
import { unsafeLoadCandidates } from './common.js';

const PINNED = /^[rRuU]?(["'])[\w.-]{1,100}\/[\w.-]{1,100}:[0-9a-f]{40}\1$/;

export default defineRule({
  meta: {
    id: 'torch-hub-load',
    category: 'unsafe-load',
    defaultSeverity: 'error',
    cwe: ['CWE-94', 'CWE-502'],
    description: 'torch.hub.load runs code from a GitHub repository.',
    messages: {
      unsafe:
        '`{{callee}}` downloads a repository and runs its `hubconf.py` with your permissions (CWE-94). Pin the repo to a reviewed commit (`owner/repo:<sha>`) or load the architecture from an installed package and the weights from safetensors.',
      pinned:
        '`{{callee}}` runs the `hubconf.py` of a repository pinned to a commit (CWE-94): make sure that commit was reviewed.',
    },
  },
  create(context) {
    return {
      code(view) {
        for (const { call, name } of unsafeLoadCandidates(view)) {
          if (name !== 'torch.hub.load') continue;
          const repo = keywordArgument(call, 'repo_or_dir') ?? positionalArgument(call, 0);
          const pinned = repo !== undefined && PINNED.test(repo.valueText);
          context.report({
            view,
            messageId: pinned ? 'pinned' : 'unsafe',
            data: { callee: call.callee },
            range: [call.node.from, call.node.to],
            ...(pinned ? { severity: 'note' as const } : {}),
          });
        }
      },
    };
  },
});
