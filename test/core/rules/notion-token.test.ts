import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('notion-token')!,
  providerTable({
    secret: fake.notion(),
    envName: 'NOTION_TOKEN',
    valid: ['token = "ntn_..."'],
  }),
);
