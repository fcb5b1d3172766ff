import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('sendgrid-api-key')!,
  providerTable({
    secret: fake.sendgrid(),
    envName: 'SENDGRID_API_KEY',
    valid: ['key = "SG.xxxxx.yyyyy"'],
  }),
);
