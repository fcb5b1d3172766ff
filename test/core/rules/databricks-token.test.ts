import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('databricks-token')!,
  providerTable({
    secret: fake.databricks(),
    envName: 'DATABRICKS_TOKEN',
    valid: ['token = "dapi..."', 'token = dbutils.secrets.get("scope", "key")'],
  }),
);
