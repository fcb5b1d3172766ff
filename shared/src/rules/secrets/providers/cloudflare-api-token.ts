/** A Cloudflare API token or key is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'cloudflare-api-token',
  description: 'A Cloudflare API token or key is stored in the notebook.',
  label: 'Cloudflare API token',
  envName: 'CLOUDFLARE_API_TOKEN',
  rotateUrl: 'https://developers.cloudflare.com/fundamentals/api/how-to/roll-token/',
  secretlint: {
    // `(cfk|cfut|cfat)_[A-Za-z0-9]{40}[0-9a-f]{8}`
    cloudflare: {
      triggers: ['cfk_', 'cfut_', 'cfat_'],
    },
  },
});
