/** A Linear API key (`lin_api_…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'linear-api-key',
  description: 'A Linear API key (`lin_api_…`) is stored in the notebook.',
  label: 'Linear API key',
  envName: 'LINEAR_API_KEY',
  rotateUrl: 'https://linear.app/settings/account/security',
  secretlint: {
    // `lin_api_[a-zA-Z0-9_]{32,128}`
    linear: {
      triggers: ['lin_api_'],
    },
  },
});
