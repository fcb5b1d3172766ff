/** A Google API key (`AIza…`, also Gemini) or OAuth client secret (`GOCSPX-…`) is stored in the notebook. */
import { prefixed } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'google-api-key',
  description:
    'A Google API key (`AIza…`, also Gemini) or OAuth client secret (`GOCSPX-…`) is stored in the notebook.',
  label: 'Google API key',
  envName: 'GOOGLE_API_KEY',
  rotateUrl: 'https://cloud.google.com/docs/authentication/api-keys#rotate',
  detectors: [
    // Google API keys (Maps, Gemini / AI Studio, YouTube…): `AIza` + 35 characters. Source: Google
    // Cloud docs, "Manage API keys"; GitHub secret scanning (google_api_key).
    prefixed({
      triggers: ['AIza'],
      pattern: /(?<![\w-])AIza[\w-]{35}(?![\w-])/g,
      prefixLength: 4,
      minEntropy: 3.6,
    }),
    // Google OAuth client secrets (Drive / Sheets / YouTube auth flows in notebooks): `GOCSPX-` + 28
    // characters. Source: Google Cloud docs, "Manage OAuth clients"; GitHub secret scanning
    // (google_oauth_client_secret).
    prefixed({
      label: 'Google OAuth client secret',
      envName: 'GOOGLE_CLIENT_SECRET',
      triggers: ['GOCSPX-'],
      pattern: /(?<![\w-])GOCSPX-[\w-]{28}(?![\w-])/g,
      prefixLength: 7,
      minEntropy: 3.5,
    }),
  ],
});
