import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('replicate-api-token')!,
  providerTable({
    secret: fake.replicate(),
    envName: 'REPLICATE_API_TOKEN',
    fix: 'getpass',
    code: 'os.environ["REPLICATE_API_TOKEN"] = $',
    valid: ['os.environ["REPLICATE_API_TOKEN"] = "r8_..."'],
    extraInvalid: [
      {
        input: `os.environ["REPLICATE_API_TOKEN"] = "${fake.replicate('g')}"`,
        errors: [{ text: fake.replicate('g') }],
        output:
          'import getpass\nos.environ["REPLICATE_API_TOKEN"] = getpass.getpass("REPLICATE_API_TOKEN: ")',
      },
    ],
  }),
);
