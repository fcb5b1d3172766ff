import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('google-api-key')!,
  providerTable({
    secret: fake.google(),
    envName: 'GOOGLE_API_KEY',
    code: 'genai.configure(api_key=$)',
    valid: [
      'genai.configure(api_key="AIza...")',
      'GOOGLE_API_KEY = "YOUR_GOOGLE_API_KEY"',
      'client_config = {"installed": {"client_secret": "GOCSPX-..."}}',
    ],
    extraInvalid: [
      {
        input: `client_config = {"installed": {"client_id": "123.apps.googleusercontent.com", "client_secret": "${fake.googleClientSecret()}"}}`,
        errors: [{ text: fake.googleClientSecret(), messageIncludes: 'OAuth client secret' }],
      },
    ],
  }),
);
