/** An OpenAI API key (`sk-…`, `sk-proj-…`) is stored in the notebook. */
import { prefixed } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'openai-api-key',
  description: 'An OpenAI API key (`sk-…`, `sk-proj-…`) is stored in the notebook.',
  label: 'OpenAI API key',
  envName: 'OPENAI_API_KEY',
  rotateUrl: 'https://platform.openai.com/api-keys',
  detectors: [
    // OpenAI: `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…` and legacy `sk-…`; keys carry the base64 of
    // "OpenAI" (`T3BlbkFJ`) in the middle. Source: OpenAI API reference, "Authentication"; GitHub
    // secret scanning patterns (openai_api_key). Project keys without the marker are accepted when
    // random enough; bare `sk-` keys need the marker or 32+ random characters.
    prefixed({
      triggers: ['sk-'],
      pattern: /(?<![\w-])sk-(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[\w-]{32,250}(?![\w-])/g,
      prefixLength: 3,
      minEntropy: 3.5,
      validate: (value) =>
        value.includes('T3BlbkFJ') ||
        (/\d/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value.slice(3))),
    }),
  ],
  secretlint: {
    // `sk-(?:proj|svcacct|admin)-…T3BlbkFJ…|sk-[a-zA-Z0-9]{20}T3BlbkFJ…`: both need the marker.
    openai: {
      triggers: ['T3BlbkFJ'],
    },
  },
});
