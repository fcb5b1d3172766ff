/** A Twilio auth token or API key is stored in the notebook. */
import { HEX32, emitGroup, keyed, looksRandom } from '../detectors.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'twilio-credential',
  description: 'A Twilio auth token or API key is stored in the notebook.',
  label: 'Twilio auth token',
  envName: 'TWILIO_AUTH_TOKEN',
  rotateUrl: 'https://help.twilio.com/articles/223136027-Auth-Tokens-and-How-to-Change-Them',
  detectors: [
    // Twilio: auth tokens are 32 hex characters (Twilio docs, "Auth tokens and how to change
    // them"); API key SIDs `SK` + 32 hex with a 32-character secret (Twilio docs, "API keys").
    {
      // Every pattern below needs `twilio` in the name or in the text (`/twilio/i`).
      triggers: ['twilio'],
      caseInsensitive: true,
      scan(text, emit) {
        const twilio = /twilio/i.test(text);
        emitGroup(
          keyed(String.raw`twilio_?auth_?token|twilio_?token`, HEX32),
          text,
          (start, value) => {
            if (looksRandom(value, 3.0)) emit(start, value);
          },
        );
        if (!twilio) return;
        emitGroup(keyed(String.raw`auth_?token`, HEX32), text, (start, value) => {
          if (looksRandom(value, 3.0)) emit(start, value);
        });
        // `Client("AC…", "<token>")`: the account SID followed by the token.
        emitGroup(
          /["']AC[0-9a-f]{32}["']\s{0,4},\s{0,4}["']([0-9a-f]{32})["']/g,
          text,
          (start, value) => {
            if (looksRandom(value, 3.0)) emit(start, value);
          },
        );
        emitGroup(
          /(?<![\w-])SK[0-9a-f]{32}(?![\w-])/g,
          text,
          (start, value) => {
            if (looksRandom(value.slice(2), 3.0))
              emit(start, value, { label: 'Twilio API key', envName: 'TWILIO_API_KEY' });
          },
          0,
        );
        emitGroup(
          keyed(String.raw`(?:twilio_?)?api_?(?:key_?)?secret`, '[A-Za-z0-9]{32}'),
          text,
          (start, value) => {
            if (looksRandom(value, 3.4))
              emit(start, value, { label: 'Twilio API key secret', envName: 'TWILIO_API_SECRET' });
          },
        );
      },
    },
  ],
});
