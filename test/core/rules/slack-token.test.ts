import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('slack-token')!,
  providerTable({
    secret: fake.slack(),
    envName: 'SLACK_BOT_TOKEN',
    code: 'client = WebClient(token=$)',
    valid: ['client = WebClient(token="xoxb-...")'],
    extraInvalid: [
      { input: `url = "${fake.slackWebhook()}"`, errors: [{ text: fake.slackWebhook() }] },
    ],
  }),
);
