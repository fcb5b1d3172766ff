/** A Notion integration token (`ntn_…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'notion-token',
  description: 'A Notion integration token (`ntn_…`) is stored in the notebook.',
  label: 'Notion integration token',
  envName: 'NOTION_TOKEN',
  rotateUrl: 'https://www.notion.so/my-integrations',
  secretlint: {
    // `ntn_[0-9]{11}[A-Za-z0-9]{35}`
    notion: {
      triggers: ['ntn_'],
    },
  },
});
