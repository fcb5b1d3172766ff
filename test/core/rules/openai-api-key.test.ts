import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('openai-api-key')!,
  providerTable({
    secret: fake.openaiProject(),
    envName: 'OPENAI_API_KEY',
    valid: [
      'client = OpenAI(api_key="sk-...")',
      'openai.api_key = "sk-proj-****a1Xz"',
      'OPENAI_API_KEY = "YOUR_OPENAI_API_KEY"',
      'key = "sk-learn-is-a-library"',
      'client = OpenAI(api_key="EMPTY", base_url="http://localhost:8000/v1")',
      { markdown: 'Set `OPENAI_API_KEY=sk-...` before running.' },
    ],
    extraInvalid: [
      {
        input: `openai.api_key = ${JSON.stringify(fake.openaiLegacy())}`,
        errors: [{ text: fake.openaiLegacy() }],
      },
      {
        input: `client = OpenAI(api_key=${JSON.stringify(fake.openaiNoMarker())})`,
        errors: [{ text: fake.openaiNoMarker() }],
        output: `import getpass\nclient = OpenAI(api_key=getpass.getpass("OPENAI_API_KEY: "))`,
        fixIndex: 1,
      },
    ],
  }),
);
