/**
 * Keras with its deserialization guard off: `load_model(..., safe_mode=False)` (also
 * `tf.keras`, `tf_keras`, `model_from_json`, `deserialize_keras_object`, huggingface_hub's
 * `from_pretrained_keras`) and `keras.config.enable_unsafe_deserialization()`. Keras docs:
 * "safe_mode: Boolean, whether to disallow unsafe lambda deserialization. When safe_mode=False,
 * loading an object has the potential to trigger arbitrary code execution." CWE-502.
 *
 * Version-aware: where the project pins Keras 3.0 – 3.8 (`context.environment`), `load_model`
 * with safe mode on is flagged too, since a crafted `.keras` archive bypasses it there
 * (CVE-2025-1550, fixed in 3.9.0).
 */
import { defineRule, type TextView } from '../../engine/rule.js';
import type { Call } from '../../python/source.js';
import { keywordArgument, replaceArgumentValue } from '../../python/edits.js';
import { describeRequirement, relationTo } from '../../env/versions.js';
import { lastSegment, sourceFix, unsafeLoadCandidates } from './common.js';

/** Keras 3.9.0 fixed CVE-2025-1550; Keras 3.0.0 introduced the affected loader. */
const SAFE_MODE_FIXED = '3.9.0';
const KERAS_3 = '3.0.0';
/** The loaders CVE-2025-1550 is about: the `.keras` archive loaders. */
const ARCHIVE_LOADERS = new Set(['load_model', 'load_model_from_hf', 'from_pretrained_keras']);

const LOADERS = new Set([
  'load_model',
  'model_from_json',
  'deserialize_keras_object',
  'from_pretrained_keras',
  'load_model_from_hf',
]);

export default defineRule({
  meta: {
    id: 'keras-unsafe-deserialization',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description:
      'Keras loading with safe_mode=False or unsafe deserialization enabled runs code stored in the model.',
    fixable: true,
    messages: {
      safeModeOff:
        '`safe_mode=False` lets `{{callee}}` run Python code stored in the model file (Lambda layers, CWE-502). Keep `safe_mode=True` and rebuild Lambda layers as registered custom layers.',
      bypassable:
        '`{{callee}}` can run code from a crafted `.keras` file even in safe mode on Keras 3.0 – 3.8 (CVE-2025-1550), and the project {{admits}} {{requirement}}. Require keras>=3.9.',
      enabled:
        '`{{callee}}()` turns off Keras safe mode for every later load: any model file can then run code (CWE-502). Remove it and rebuild Lambda layers as registered custom layers.',
    },
  },
  create(context) {
    const checkVersion = (view: TextView, call: Call): void => {
      const keras = context.environment.requirements.get('keras');
      const fixed = relationTo(keras, SAFE_MODE_FIXED);
      if (!keras || (fixed !== 'below' && fixed !== 'both')) return;
      // Keras 2 has no `.keras` safe-mode loader of this kind: only 3.x below 3.9 is affected.
      if (relationTo(keras, KERAS_3) === 'below') return;
      context.report({
        view,
        messageId: 'bypassable',
        data: {
          callee: call.callee,
          admits: fixed === 'below' ? 'pins' : 'allows',
          requirement: describeRequirement(keras),
        },
        range: [call.node.from, call.node.to],
        ...(fixed === 'both' ? { severity: 'note' as const } : {}),
      });
    };
    return {
      code(view) {
        for (const { call, name } of unsafeLoadCandidates(view)) {
          const method = lastSegment(name);
          const isKeras = name.startsWith('keras.') || name === method;
          if (method === 'enable_unsafe_deserialization' && isKeras) {
            context.report({
              view,
              messageId: 'enabled',
              data: { callee: call.callee },
              range: [call.node.from, call.node.to],
            });
            continue;
          }
          if (!LOADERS.has(method)) continue;
          const safeMode = keywordArgument(call, 'safe_mode');
          if (!safeMode || safeMode.valueText !== 'False') {
            // Only loaders that resolve to Keras (or huggingface_hub's Keras loader): a bare
            // `load_model` or `mlflow.pyfunc.load_model` is someone else's.
            if (
              ARCHIVE_LOADERS.has(method) &&
              (name.startsWith('keras.') || name === 'huggingface_hub.from_pretrained_keras')
            )
              checkVersion(view, call);
            continue;
          }
          context.report({
            view,
            messageId: 'safeModeOff',
            data: { callee: call.callee },
            range: safeMode.range,
            fixes: [
              sourceFix(
                view,
                'Use safe_mode=True (models with Lambda layers will no longer load)',
                replaceArgumentValue(safeMode, 'True'),
                { preferred: true },
              ),
            ],
          });
        }
      },
    };
  },
});
