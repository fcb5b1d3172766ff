import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('cloudflare-api-token')!,
  providerTable({
    secret: fake.cloudflare(),
    envName: 'CLOUDFLARE_API_TOKEN',
    valid: ['token = "cfut_..."'],
  }),
);
