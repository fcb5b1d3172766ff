import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('use-safetensors-disabled')!, {
  valid: [
    'from diffusers import StableDiffusionPipeline\np = StableDiffusionPipeline.from_pretrained(m, use_safetensors=True)',
    'from transformers import AutoModel\nm = AutoModel.from_pretrained(name)',
    'model.save_pretrained(out, safe_serialization=True)',
    '# p = StableDiffusionPipeline.from_pretrained(m, use_safetensors=False)',
  ],
  invalid: [
    {
      input:
        'from diffusers import StableDiffusionPipeline\np = StableDiffusionPipeline.from_pretrained(m, use_safetensors=False)',
      errors: [
        {
          text: 'use_safetensors=False',
          messageIncludes: 'diffusers.StableDiffusionPipeline.from_pretrained',
        },
      ],
      output:
        'from diffusers import StableDiffusionPipeline\np = StableDiffusionPipeline.from_pretrained(m, use_safetensors=True)',
    },
    {
      input: 'm = AutoModel.from_pretrained(\n    name,\n    use_safetensors=False,\n)',
      errors: [{ text: 'use_safetensors=False' }],
    },
  ],
});
