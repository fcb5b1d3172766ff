import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('huggingface-token')!,
  providerTable({
    secret: fake.huggingface(),
    envName: 'HF_TOKEN',
    code: 'login(token=$)',
    valid: [
      'login(token="hf_...")',
      'HF_TOKEN = "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
      'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")',
      'login(token="<your token>")',
    ],
  }),
);
