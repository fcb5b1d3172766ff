import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('shopify-token')!,
  providerTable({
    secret: fake.shopify(),
    envName: 'SHOPIFY_ACCESS_TOKEN',
    valid: ['token = "shpat_..."'],
  }),
);
