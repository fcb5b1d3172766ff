import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('npm-token')!,
  providerTable({
    secret: fake.npm(),
    envName: 'NPM_TOKEN',
    valid: ['token = "npm_..."'],
  }),
);
