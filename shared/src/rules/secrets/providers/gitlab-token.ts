/** A GitLab personal access token (`glpat-…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'gitlab-token',
  description: 'A GitLab personal access token (`glpat-…`) is stored in the notebook.',
  label: 'GitLab access token',
  envName: 'GITLAB_TOKEN',
  rotateUrl: 'https://docs.gitlab.com/ee/user/profile/personal_access_tokens.html',
  secretlint: {
    // `glpat-[A-Za-z0-9_-]{20,128}`
    gitlab: {
      triggers: ['glpat-'],
    },
  },
});
