/**
 * `torch.load` (and `torch.serialization.load`) without `weights_only=True`. PyTorch docs:
 * "torch.load() unless weights_only parameter is set to True, uses pickle module implicitly,
 * which is known to be insecure… Never load data that could have come from an untrusted
 * source." PyTorch 2.6 made `True` the default, but notebooks run on every version and an
 * explicit `weights_only=False` turns the protection off again. CWE-502.
 *
 * Version-aware (`context.environment`): where every torch the project admits is ≥ 2.6, a bare
 * `torch.load` is the safe default and is not flagged; where it admits ≤ 2.5.1,
 * `weights_only=True` itself can be bypassed (CVE-2025-32434) and the call says to upgrade.
 * With no torch version in the project, the message says it assumed one below 2.6.
 */
import { defineRule } from '../../engine/rule.js';
import {
  hasKeywordUnpacking,
  insertArgument,
  keywordArgument,
  replaceArgumentValue,
} from '../../python/edits.js';
import { describeRequirement, relationTo } from '../../env/versions.js';
import { sourceFix, unsafeLoadCandidates } from './common.js';

/** PyTorch 2.6.0: `weights_only=True` by default, and CVE-2025-32434 fixed. */
const SAFE_DEFAULT = '2.6.0';

const FUNCTIONS = new Set(['torch.load', 'torch.serialization.load']);

export default defineRule({
  meta: {
    id: 'torch-load-without-weights-only',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description:
      'torch.load without weights_only=True unpickles the checkpoint: loading runs code from it.',
    fixable: true,
    messages: {
      missing:
        '`{{callee}}` without `weights_only=True` unpickles the checkpoint and can run arbitrary code from it on PyTorch < 2.6 (CWE-502); {{version}}. Pass `weights_only=True` (old checkpoints that store whole objects may then fail to load), or use safetensors.',
      bypassable:
        '`{{callee}}(weights_only=True)` can still run code from a crafted checkpoint on PyTorch ≤ 2.5.1 (CVE-2025-32434), and the project {{admits}} {{requirement}}. Require torch>=2.6.',
      disabled:
        '`weights_only=False` makes `{{callee}}` unpickle the checkpoint, which can run arbitrary code from it (CWE-502). Use `weights_only=True` (checkpoints that store whole objects may then fail to load), or safetensors.',
      unknown:
        '`{{callee}}` gets its keyword arguments from `**` unpacking or an expression: make sure `weights_only=True` is passed, otherwise the checkpoint is unpickled and can run code (CWE-502).',
    },
  },
  create(context) {
    return {
      code(view) {
        for (const { call, name } of unsafeLoadCandidates(view)) {
          if (!FUNCTIONS.has(name)) continue;
          const data = { callee: call.callee };
          const weightsOnly = keywordArgument(call, 'weights_only');
          const torch = context.environment.requirements.get('torch');
          const relation = relationTo(torch, SAFE_DEFAULT);
          if (weightsOnly) {
            if (weightsOnly.valueText === 'True') {
              if (torch && (relation === 'below' || relation === 'both')) {
                context.report({
                  view,
                  messageId: 'bypassable',
                  data: {
                    ...data,
                    admits: relation === 'below' ? 'pins' : 'allows',
                    requirement: describeRequirement(torch),
                  },
                  range: [call.node.from, call.node.to],
                  // Only a range that admits new versions too is a lower-confidence finding.
                  ...(relation === 'both' ? { severity: 'note' as const } : {}),
                });
              }
              continue;
            }
            if (weightsOnly.valueText === 'False') {
              context.report({
                view,
                messageId: 'disabled',
                data,
                range: weightsOnly.range,
                fixes: [
                  sourceFix(
                    view,
                    'Use weights_only=True (may break checkpoints that store whole objects)',
                    replaceArgumentValue(weightsOnly, 'True'),
                    { preferred: true },
                  ),
                ],
              });
            } else {
              context.report({
                view,
                messageId: 'unknown',
                data,
                range: weightsOnly.range,
                severity: 'note',
              });
            }
            continue;
          }
          if (hasKeywordUnpacking(call)) {
            // The keyword may be inside the dict: lower confidence, and adding it could duplicate it.
            context.report({
              view,
              messageId: 'unknown',
              data,
              range: [call.node.from, call.node.to],
              severity: 'note',
            });
            continue;
          }
          // Every torch the project admits defaults to weights_only=True: nothing to flag.
          if (relation === 'at-or-above') continue;
          context.report({
            view,
            messageId: 'missing',
            data: {
              ...data,
              version:
                torch && relation !== 'unknown'
                  ? `the project ${relation === 'below' ? 'pins' : 'allows'} ${describeRequirement(torch)}${relation === 'below' ? ', so upgrade to torch>=2.6 too' : ''}`
                  : torch
                    ? `${describeRequirement(torch)} gives no version, so PyTorch < 2.6 was assumed`
                    : 'no torch version is pinned in the project (requirements, pyproject, lock files or `%pip install` cells), so PyTorch < 2.6 was assumed',
            },
            range: [call.node.from, call.node.to],
            fixes: [
              sourceFix(
                view,
                'Add weights_only=True (may break checkpoints that store whole objects)',
                insertArgument(view.text, call, 'weights_only=True'),
                { preferred: true },
              ),
            ],
          });
        }
      },
    };
  },
});
