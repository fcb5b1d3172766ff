/** A 1Password service account token (`ops_…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'onepassword-service-account-token',
  description: 'A 1Password service account token (`ops_…`) is stored in the notebook.',
  label: '1Password service account token',
  envName: 'OP_SERVICE_ACCOUNT_TOKEN',
  rotateUrl: 'https://developer.1password.com/docs/service-accounts/manage-service-accounts/',
  secretlint: {
    // `ops_(ey[A-Za-z0-9+/=]{100,1280}fQ={0,2})`
    '1password': {
      triggers: ['ops_ey'],
    },
  },
});
