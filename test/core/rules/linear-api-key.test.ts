import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('linear-api-key')!,
  providerTable({
    secret: fake.linear(),
    envName: 'LINEAR_API_KEY',
    valid: ['key = "lin_api_..."'],
  }),
);
