import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('kaggle-api-key')!,
  providerTable({
    secret: fake.hex(32, 'kg'),
    envName: 'KAGGLE_KEY',
    fix: 'getpass',
    code: 'os.environ["KAGGLE_KEY"] = $',
    text: 'KAGGLE_KEY=$',
    valid: [
      'os.environ["KAGGLE_KEY"] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
      '{"username": "me", "key": "<your key>"}',
    ],
    extraInvalid: [
      {
        input: `creds = {"username": "jdoe", "key": "${fake.hex(32, 'kj')}"}`,
        errors: [{ text: fake.hex(32, 'kj') }],
      },
    ],
  }),
);
