import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('gitlab-token')!,
  providerTable({
    secret: fake.gitlab(),
    envName: 'GITLAB_TOKEN',
    valid: ['token = "glpat-xxxxxxxxxxxxxxxxxxxx"'],
  }),
);
