/** A Shopify access token is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'shopify-token',
  description: 'A Shopify access token is stored in the notebook.',
  label: 'Shopify access token',
  envName: 'SHOPIFY_ACCESS_TOKEN',
  rotateUrl: 'https://help.shopify.com/en/manual/apps/app-types/custom-apps',
  secretlint: {
    // `(shppa|shpca|shpat|shpss)_[a-zA-Z0-9]{32,64}`
    shopify: {
      triggers: ['shppa_', 'shpca_', 'shpat_', 'shpss_'],
    },
  },
});
