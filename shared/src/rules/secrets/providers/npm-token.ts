/** An npm access token is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'npm-token',
  description: 'An npm access token is stored in the notebook.',
  label: 'npm access token',
  envName: 'NPM_TOKEN',
  rotateUrl: 'https://docs.npmjs.com/revoking-access-tokens',
  secretlint: {
    // `npm_[A-Za-z0-9_]{36}`, `_authToken=`, `…:x-oauth-basic@github.com/`
    npm: {
      triggers: ['npm_', '_authToken=', 'x-oauth-basic@github.com'],
    },
  },
});
