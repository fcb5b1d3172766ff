import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('tailscale-key')!,
  providerTable({
    secret: fake.tailscale(),
    envName: 'TS_AUTHKEY',
    valid: ['key = "tskey-auth-..."'],
  }),
);
