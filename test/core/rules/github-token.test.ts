import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('github-token')!,
  providerTable({
    secret: fake.github(),
    envName: 'GITHUB_TOKEN',
    code: 'g = Github($)',
    valid: [
      `g = Github("${fake.githubBadChecksum()}")`,
      'token = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
      'token = "ghp_..."',
    ],
    extraInvalid: [
      {
        input: `token = "${fake.github('o', 'gho')}"`,
        errors: [{ text: fake.github('o', 'gho') }],
      },
      {
        input: `!git clone https://${fake.github('c')}@github.com/org/repo.git`,
        errors: [{ text: fake.github('c') }],
      },
      {
        input: `token = "${fake.githubFineGrained()}"`,
        errors: [{ text: fake.githubFineGrained() }],
      },
    ],
  }),
);
