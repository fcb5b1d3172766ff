/** A Hugging Face access token (`hf_…`) is stored in the notebook. */
import { prefixed } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'huggingface-token',
  description: 'A Hugging Face access token (`hf_…`) is stored in the notebook.',
  label: 'Hugging Face token',
  envName: 'HF_TOKEN',
  rotateUrl: 'https://huggingface.co/settings/tokens',
  detectors: [
    // Hugging Face user access tokens `hf_` + 34 letters; org tokens `api_org_`. Source: Hugging
    // Face docs, "User access tokens"; GitHub secret scanning (hf_*).
    prefixed({
      triggers: ['hf_', 'api_org_'],
      pattern: /(?<![\w-])(?:hf|api_org)_[A-Za-z0-9]{30,40}(?![\w-])/g,
      prefixLength: 3,
      minEntropy: 3.8,
      validate: (value) => /[a-z]/.test(value) && /[A-Z]/.test(value),
    }),
  ],
  secretlint: {
    // `hf_[a-zA-Z]{34}`
    huggingface: {
      triggers: ['hf_'],
    },
  },
});
