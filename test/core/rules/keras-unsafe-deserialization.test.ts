import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('keras-unsafe-deserialization')!, {
  valid: [
    {
      name: 'keras 3.9 pinned: safe mode holds',
      cells: [
        { source: '%pip install keras==3.9.0' },
        { source: 'import keras\nm = keras.models.load_model("clf.keras")' },
      ],
    },
    {
      name: 'keras 2 pinned: not the .keras loader CVE-2025-1550 is about',
      cells: [
        { source: '%pip install keras==2.15.0' },
        { source: 'import keras\nm = keras.models.load_model("clf.h5")' },
      ],
    },
    {
      name: 'an unrelated load_model with keras 3.8 pinned',
      cells: [
        { source: '%pip install keras==3.8.0' },
        { source: 'import mlflow\nm = mlflow.pyfunc.load_model(uri)' },
      ],
    },
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
    {
      input: {
        name: 'keras 3.8 installed by the notebook: load_model in safe mode (CVE-2025-1550)',
        cells: [
          { source: '%pip install keras==3.8.0' },
          { source: 'import keras\nm = keras.models.load_model("clf.keras")' },
        ],
      },
      errors: [
        {
          text: 'keras.models.load_model("clf.keras")',
          messageId: 'bypassable',
          severity: 'warning',
          messageIncludes: '`keras==3.8.0` (cell 1 line 1)',
        },
      ],
    },
    {
      input: {
        name: 'a range that also admits fixed versions is a note',
        cells: [
          { source: '!pip install "keras>=3.0"' },
          { source: 'from keras.saving import load_model\nm = load_model(p, safe_mode=True)' },
        ],
      },
      errors: [
        { text: 'load_model(p, safe_mode=True)', severity: 'note', messageId: 'bypassable' },
      ],
    },
  ],
});
