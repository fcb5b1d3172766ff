import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { withSafeNames } from '../secrets-fakes.js';

// Fake key material, made up for tests.
const BODY =
  'MIIEowIBAAKCAQEAx7vQf3dZ8kqR2mT5pLw9sN4yH6cJ1bV0gU3eK8oXrA2iD5fW7zQ\nYt4nM9lP0sR6uE3wB8vC1xZ5kJ2hG7fD4aS9qL0pO3iU6yT8rE1wQ5zX2cV7bN4m';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${BODY}\n-----END RSA PRIVATE KEY-----`;
const ESCAPED = PEM.replace(/\n/g, '\\n');

ruleTester(
  getRule('private-key')!,
  withSafeNames({
    valid: [
      'key = "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----"',
      'pem = load_pem_private_key(data)',
      { markdown: 'Paste your `-----BEGIN PRIVATE KEY-----` here' },
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0\n-----END PUBLIC KEY-----',
    ],
    invalid: [
      {
        input: `key = """${PEM}"""`,
        errors: [{ text: PEM, severity: 'error', messageIncludes: '(' }],
      },
      { input: `sa = {"private_key": "${ESCAPED}\\n"}`, errors: [{ text: ESCAPED }] },
      { input: { markdown: `My key:\n\n${PEM}\n` }, errors: [{ text: PEM }] },
      { input: { output: `${PEM}\n` }, errors: [{ text: PEM }] },
    ],
  }),
);
