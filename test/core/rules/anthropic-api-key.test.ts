import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('anthropic-api-key')!,
  providerTable({
    secret: fake.anthropic(),
    envName: 'ANTHROPIC_API_KEY',
    code: 'client = anthropic.Anthropic(api_key=$)',
    valid: [
      'client = anthropic.Anthropic(api_key="sk-ant-...")',
      'ANTHROPIC_API_KEY = "sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxx"',
    ],
  }),
);
