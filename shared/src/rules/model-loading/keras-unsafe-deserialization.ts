/**
 * Keras with its deserialization guard off: `load_model(..., safe_mode=False)` (also
 * `tf.keras`, `tf_keras`, `model_from_json`, `deserialize_keras_object`, huggingface_hub's
 * `from_pretrained_keras`) and `keras.config.enable_unsafe_deserialization()`. Keras docs:
 * "safe_mode: Boolean, whether to disallow unsafe lambda deserialization. When safe_mode=False,
 * loading an object has the potential to trigger arbitrary code execution." CWE-502.
 */
import { defineRule } from '../../engine/rule.js';
import { keywordArgument, replaceArgumentValue } from '../../python/edits.js';
import { lastSegment, sourceFix, unsafeLoadCandidates } from './common.js';

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
      enabled:
        '`{{callee}}()` turns off Keras safe mode for every later load: any model file can then run code (CWE-502). Remove it and rebuild Lambda layers as registered custom layers.',
    },
  },
  create(context) {
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
          if (!safeMode || safeMode.valueText !== 'False') continue;
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
