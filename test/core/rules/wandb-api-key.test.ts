import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('wandb-api-key')!,
  providerTable({
    secret: fake.hex(40, 'wb'),
    envName: 'WANDB_API_KEY',
    code: 'wandb.login(key=$)',
    text: 'WANDB_API_KEY=$',
    valid: [
      'wandb.login()',
      'wandb.login(key="<your wandb key>")',
      'run = wandb.init(project="demo", id="3k2j1h5g")',
      `commit = "${fake.hex(40, 'sha')}"`,
    ],
    extraInvalid: [
      { input: `%env WANDB_API_KEY=${fake.hex(40, 'we')}`, errors: [{ text: fake.hex(40, 'we') }] },
    ],
  }),
);
