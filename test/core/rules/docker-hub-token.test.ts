import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('docker-hub-token')!,
  providerTable({
    secret: fake.docker(),
    envName: 'DOCKER_TOKEN',
    valid: ['token = "dckr_pat_xxx"'],
  }),
);
