/** A Slack token (`xoxb-…`) or incoming webhook URL is stored in the notebook. */
import { caseVariants } from '../literals.js';
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'slack-token',
  description: 'A Slack token (`xoxb-…`) or incoming webhook URL is stored in the notebook.',
  label: 'Slack token',
  envName: 'SLACK_BOT_TOKEN',
  rotateUrl: 'https://api.slack.com/authentication/rotation',
  secretlint: {
    // `(xoxb|xoxp|xapp|xoxa|xoxo|xoxr)-…`, `https://hooks.slack.com/services/T…` (case-insensitive)
    slack: {
      triggers: [
        'xoxb-',
        'xoxp-',
        'xoxa-',
        'xoxr-',
        'xoxo-',
        'xapp-',
        ...caseVariants('hooks.slack.com'),
      ],
    },
  },
});
