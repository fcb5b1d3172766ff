import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('vercel-token')!,
  providerTable({
    secret: fake.vercel(),
    envName: 'VERCEL_TOKEN',
    valid: ['token = "vcp_..."'],
  }),
);
