import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('cohere-api-key')!,
  providerTable({
    secret: fake.cohere(),
    envName: 'CO_API_KEY',
    code: 'co = cohere.Client($)',
    text: 'COHERE_API_KEY=$',
    valid: [
      'co = cohere.Client(os.environ["CO_API_KEY"])',
      'co = cohere.Client("<COHERE_API_KEY>")',
      'model = "embed-english-v3.0"',
    ],
  }),
);
