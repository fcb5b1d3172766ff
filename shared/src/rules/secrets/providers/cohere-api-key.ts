/** A Cohere API key is stored in the notebook. */
import { contextual, keyed } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'cohere-api-key',
  description: 'A Cohere API key is stored in the notebook.',
  label: 'Cohere API key',
  envName: 'CO_API_KEY',
  rotateUrl: 'https://dashboard.cohere.com/api-keys',
  detectors: [
    // Cohere: 40 alphanumeric characters, recognisable only in context (Cohere docs, "API keys";
    // the SDK reads `CO_API_KEY`).
    contextual({
      triggers: ['cohere', 'co_api_key'],
      patterns: [
        keyed(String.raw`co(?:here)?_?api_?key|cohere_?key`, '[A-Za-z0-9]{40}'),
        /cohere\.(?:Async)?Client(?:V2)?\(\s{0,8}(?:api_key\s{0,4}=\s{0,4})?[rRbBuU]?["']([A-Za-z0-9]{40})["']/g,
      ],
      minEntropy: 3.5,
    }),
  ],
});
