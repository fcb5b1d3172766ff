import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('groq-api-key')!,
  providerTable({
    secret: fake.groq(),
    envName: 'GROQ_API_KEY',
    code: 'client = Groq(api_key=$)',
    valid: ['client = Groq(api_key="gsk_...")'],
  }),
);
