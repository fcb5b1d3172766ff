/** A Figma personal access token (`figd_…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'figma-token',
  description: 'A Figma personal access token (`figd_…`) is stored in the notebook.',
  label: 'Figma access token',
  envName: 'FIGMA_TOKEN',
  rotateUrl: 'https://help.figma.com/hc/en-us/articles/8085703771159-Manage-personal-access-tokens',
  secretlint: {
    // `figd_[A-Za-z0-9_-]{40,200}`
    figma: {
      triggers: ['figd_'],
    },
  },
});
