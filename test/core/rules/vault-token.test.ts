import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('vault-token')!,
  providerTable({
    secret: fake.vault(),
    envName: 'VAULT_TOKEN',
    valid: ['token = "hvs.xxxx"'],
  }),
);
