/** A Replicate API token (`r8_…`) is stored in the notebook. */
import { prefixed } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'replicate-api-token',
  description: 'A Replicate API token (`r8_…`) is stored in the notebook.',
  label: 'Replicate API token',
  envName: 'REPLICATE_API_TOKEN',
  rotateUrl: 'https://replicate.com/account/api-tokens',
  detectors: [
    // Replicate API tokens: `r8_` + 37 characters. Source: Replicate docs, "API tokens"; GitHub
    // secret scanning (replicate_api_token).
    prefixed({
      triggers: ['r8_'],
      pattern: /(?<![\w-])r8_[A-Za-z0-9]{37}(?![\w-])/g,
      prefixLength: 3,
      minEntropy: 3.6,
    }),
  ],
});
