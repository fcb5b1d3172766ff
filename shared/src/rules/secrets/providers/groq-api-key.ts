/** A Groq API key (`gsk_…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'groq-api-key',
  description: 'A Groq API key (`gsk_…`) is stored in the notebook.',
  label: 'Groq API key',
  envName: 'GROQ_API_KEY',
  rotateUrl: 'https://console.groq.com/keys',
  secretlint: {
    // `gsk_[a-zA-Z0-9]{52}`
    groq: {
      triggers: ['gsk_'],
    },
  },
});
