import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('keras-unsafe-deserialization')!, {
  valid: [
    'import keras\nmodel = keras.models.load_model("m.keras")',
    'import keras\nmodel = keras.models.load_model("m.keras", safe_mode=True)',
    'import tensorflow as tf\nmodel = tf.keras.models.load_model("m.keras")',
    'import mlflow\nmodel = mlflow.pyfunc.load_model(uri)',
    'import whisper\nmodel = whisper.load_model("large")',
    'import keras\nmodel.save("m.keras")',
    '# keras.config.enable_unsafe_deserialization()',
  ],
  invalid: [
    {
      input: 'import keras\nmodel = keras.models.load_model("m.keras", safe_mode=False)',
      errors: [{ text: 'safe_mode=False', messageId: 'safeModeOff' }],
      output: 'import keras\nmodel = keras.models.load_model("m.keras", safe_mode=True)',
    },
    {
      input:
        'import tensorflow as tf\nmodel = tf.keras.models.load_model(\n    path,\n    safe_mode=False,\n)',
      errors: [{ text: 'safe_mode=False', messageIncludes: 'tensorflow.keras.models.load_model' }],
    },
    {
      input: {
        cells: [
          { source: 'from tensorflow.keras.models import load_model' },
          { source: 'm = load_model(p, safe_mode=False)' },
        ],
      },
      errors: [{ text: 'safe_mode=False', cellIndex: 1 }],
    },
    {
      input: 'import keras\nkeras.config.enable_unsafe_deserialization()',
      errors: [{ text: 'keras.config.enable_unsafe_deserialization()', messageId: 'enabled' }],
    },
    {
      input: 'from keras.config import enable_unsafe_deserialization as unsafe\nunsafe()',
      errors: [{ text: 'unsafe()' }],
    },
    {
      input:
        'from huggingface_hub import from_pretrained_keras\nm = from_pretrained_keras(repo, safe_mode=False)',
      errors: [{ text: 'safe_mode=False' }],
    },
  ],
});
