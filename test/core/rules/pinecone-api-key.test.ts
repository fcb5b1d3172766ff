import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('pinecone-api-key')!,
  providerTable({
    secret: fake.pinecone(),
    envName: 'PINECONE_API_KEY',
    code: 'pc = Pinecone(api_key=$)',
    valid: [
      'pc = Pinecone(api_key="YOUR_API_KEY")',
      'pc = Pinecone(api_key=os.environ.get("PINECONE_API_KEY") or "PINECONE_API_KEY")',
      `run_id = "${fake.uuid('r')}"`,
      'index = pc.Index("quickstart")',
    ],
    extraInvalid: [
      {
        input: `pinecone.init(api_key="${fake.uuid('p')}", environment="us-west1-gcp")`,
        errors: [{ text: fake.uuid('p') }],
      },
    ],
  }),
);
