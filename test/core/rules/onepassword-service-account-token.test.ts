import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('onepassword-service-account-token')!,
  providerTable({
    secret: fake.onepassword(),
    envName: 'OP_SERVICE_ACCOUNT_TOKEN',
    valid: ['token = "ops_..."'],
  }),
);
