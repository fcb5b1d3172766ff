/** A Tailscale key (`tskey-…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'tailscale-key',
  description: 'A Tailscale key (`tskey-…`) is stored in the notebook.',
  label: 'Tailscale key',
  envName: 'TS_AUTHKEY',
  rotateUrl: 'https://tailscale.com/kb/1085/auth-keys',
  secretlint: {
    // `tskey-[a-z]{2,20}-…`
    tailscale: {
      triggers: ['tskey-'],
    },
  },
});
