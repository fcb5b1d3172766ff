import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('grafana-token')!,
  providerTable({
    secret: fake.grafana(),
    envName: 'GRAFANA_TOKEN',
    valid: ['token = "glsa_..."'],
  }),
);
