/** A HashiCorp Vault token (`hvs.…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'vault-token',
  description: 'A HashiCorp Vault token (`hvs.…`) is stored in the notebook.',
  label: 'HashiCorp Vault token',
  envName: 'VAULT_TOKEN',
  rotateUrl: 'https://developer.hashicorp.com/vault/docs/commands/token/revoke',
  secretlint: {
    // `hvs.…`, `hvb.…`, `hvr.…`
    'hashicorp-vault': {
      triggers: ['hvs.', 'hvb.', 'hvr.'],
    },
  },
});
