/** An Anthropic API key (`sk-ant-…`) is stored in the notebook. */
import { prefixed } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'anthropic-api-key',
  description: 'An Anthropic API key (`sk-ant-…`) is stored in the notebook.',
  label: 'Anthropic API key',
  envName: 'ANTHROPIC_API_KEY',
  rotateUrl: 'https://console.anthropic.com/settings/keys',
  detectors: [
    // Anthropic: `sk-ant-api03-…` (and `sk-ant-admin01-…`). Source: Anthropic API docs, "API keys";
    // GitHub secret scanning patterns (anthropic_api_key).
    prefixed({
      triggers: ['sk-ant-'],
      pattern: /(?<![\w-])sk-ant-(?:api|admin|sid)\d{2}-[\w-]{80,130}(?![\w-])/g,
      prefixLength: 13,
      minEntropy: 3.8,
    }),
  ],
  secretlint: {
    // `sk-ant-api0\d-…AA`
    anthropic: {
      triggers: ['sk-ant-api0'],
    },
  },
});
