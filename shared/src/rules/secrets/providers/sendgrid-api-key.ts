/** A SendGrid API key (`SG.…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'sendgrid-api-key',
  description: 'A SendGrid API key (`SG.…`) is stored in the notebook.',
  label: 'SendGrid API key',
  envName: 'SENDGRID_API_KEY',
  rotateUrl: 'https://app.sendgrid.com/settings/api_keys',
  secretlint: {
    // `SG.\w{1,128}.\w{1,128}…`
    sendgrid: {
      triggers: ['SG.'],
    },
  },
});
