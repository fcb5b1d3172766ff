import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('aws-access-key')!,
  providerTable({
    secret: fake.awsKeyId(),
    envName: 'AWS_ACCESS_KEY_ID',
    code: 'aws_access_key_id = $',
    valid: [
      'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
      'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      'commit = "da39a3ee5e6b4b0d3255bfef95601890afd80709"',
      'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]',
      'aws_account_id = "123456789012"',
    ],
    extraInvalid: [
      {
        input: `s3 = boto3.client("s3", aws_secret_access_key=${JSON.stringify(fake.awsSecret('k', '/'))})`,
        errors: [{ text: fake.awsSecret('k', '/') }],
        output: `import os\ns3 = boto3.client("s3", aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])`,
      },
      {
        input: `os.environ["AWS_SECRET_ACCESS_KEY"] = ${JSON.stringify(fake.awsSecret('p', '+'))}`,
        errors: [{ text: fake.awsSecret('p', '+') }],
        output: `import getpass\nos.environ["AWS_SECRET_ACCESS_KEY"] = getpass.getpass("AWS_SECRET_ACCESS_KEY: ")`,
      },
      {
        input: `creds = {"aws_session_token": ${JSON.stringify(fake.awsSessionToken())}}`,
        errors: [{ text: fake.awsSessionToken() }],
      },
    ],
  }),
);
