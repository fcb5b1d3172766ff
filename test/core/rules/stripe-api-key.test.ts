import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('stripe-api-key')!,
  providerTable({
    secret: fake.stripe(),
    envName: 'STRIPE_API_KEY',
    code: 'stripe.api_key = $',
    valid: [
      'stripe.api_key = "sk_test_..."',
      'stripe.api_key = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"',
    ],
  }),
);
