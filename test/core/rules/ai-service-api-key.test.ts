import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('ai-service-api-key')!,
  providerTable({
    secret: fake.perplexity(),
    envName: 'PERPLEXITY_API_KEY',
    valid: ['key = "pplx-..."', 'client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])'],
    extraInvalid: [
      {
        input: `client = Mistral(api_key="${fake.mistral()}")`,
        errors: [{ text: fake.mistral(), messageIncludes: 'Mistral' }],
      },
      {
        input: `os.environ["LANGCHAIN_API_KEY"] = "${fake.langsmith()}"`,
        errors: [{ text: fake.langsmith() }],
      },
      {
        input: `tavily = TavilyClient(api_key="${fake.tavily()}")`,
        errors: [{ text: fake.tavily() }],
      },
      {
        input: `client = Together(api_key="${fake.together()}")`,
        errors: [{ text: fake.together() }],
      },
    ],
  }),
);
