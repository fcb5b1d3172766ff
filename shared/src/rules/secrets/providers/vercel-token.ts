/** A Vercel token is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'vercel-token',
  description: 'A Vercel token is stored in the notebook.',
  label: 'Vercel token',
  envName: 'VERCEL_TOKEN',
  rotateUrl: 'https://vercel.com/account/tokens',
  secretlint: {
    // `(vcp|vci|vca|vcr|vck)_[A-Za-z0-9]{20,60}`
    vercel: {
      triggers: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
    },
  },
});
