/** A Docker Hub personal access token (`dckr_pat_…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'docker-hub-token',
  description: 'A Docker Hub personal access token (`dckr_pat_…`) is stored in the notebook.',
  label: 'Docker Hub access token',
  envName: 'DOCKER_TOKEN',
  rotateUrl: 'https://docs.docker.com/security/for-developers/access-tokens/',
  secretlint: {
    // `dckr_pat_[a-zA-Z0-9_-]{27}`
    docker: {
      triggers: ['dckr_pat_'],
    },
  },
});
