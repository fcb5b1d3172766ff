import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('figma-token')!,
  providerTable({
    secret: fake.figma(),
    envName: 'FIGMA_TOKEN',
    valid: ['token = "figd_..."'],
  }),
);
