/** An AWS access key id, secret access key or session token is stored in the notebook. */
import { emitGroup, keyed, looksRandom } from '../detectors.js';
import { defineProvider } from '../provider.js';

// AWS. Key ids are found by secretlint (`enableIDScanRule`). Secret access keys are 40 characters
// of base64 (`[A-Za-z0-9/+]`, so they may end in `/` or `+`) and only recognisable by context:
// AWS IAM user guide, "Managing access keys"; boto3 credentials docs for the parameter names.
// Session tokens (STS) are long base64 strings; those of the last years start `IQoJb3JpZ2luX2Vj`
// ("\x02\x0a\x09origin_ec…") or `FwoGZXIvYXdz` ("…er/aws…").

const AWS_SECRET_NAMES = String.raw`(?:aws_?)?secret_?(?:access_?)?key(?:_?id)?|aws_?secret|SecretAccessKey`;
const AWS_SECRET = keyed(AWS_SECRET_NAMES, String.raw`[A-Za-z0-9/+]{40}`);
const AWS_SESSION = keyed(
  String.raw`(?:aws_?)?session_?token|SessionToken|aws_?security_?token`,
  String.raw`[A-Za-z0-9/+]{100,2000}={0,2}`,
);
const AWS_SESSION_BARE =
  /(?<![A-Za-z0-9/+])(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)[A-Za-z0-9/+]{100,2000}={0,2}(?![A-Za-z0-9/+=])/g;

export default defineProvider({
  id: 'aws-access-key',
  description:
    'An AWS access key id, secret access key or session token is stored in the notebook.',
  label: 'AWS secret access key',
  envName: 'AWS_SECRET_ACCESS_KEY',
  rotateUrl:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
  detectors: [
    {
      // Every name `AWS_SECRET` / `AWS_SESSION` accepts contains one of these (case-insensitively):
      // `secret_?(?:access_?)?key`, `aws_?secret`, `session_?token`, `aws_?security_?token`. Not the
      // bare words `secret` / `session`, which large outputs are full of.
      triggers: [
        'secretkey',
        'secret_key',
        'secretaccess',
        'secret_access',
        'awssecret',
        'aws_secret',
        'sessiontoken',
        'session_token',
        'securitytoken',
        'security_token',
        'IQoJb3JpZ2lu',
        'FwoGZXIvYXdz',
      ],
      caseInsensitive: true,
      scan(text, emit) {
        emitGroup(AWS_SECRET, text, (start, value) => {
          // 40 base64 characters with both cases and a digit; not a 40-char hex SHA or a word run.
          if (
            /[a-z]/.test(value) &&
            /[A-Z]/.test(value) &&
            /\d/.test(value) &&
            looksRandom(value, 3.8)
          )
            emit(start, value);
        });
        const session = (start: number, value: string): void => {
          if (looksRandom(value, 4.0))
            emit(start, value, { label: 'AWS session token', envName: 'AWS_SESSION_TOKEN' });
        };
        emitGroup(AWS_SESSION, text, session);
        emitGroup(AWS_SESSION_BARE, text, session, 0);
      },
    },
  ],
  secretlint: {
    // `(A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}`. Account ids are not
    // secrets; its secret-key check reports the wrong range (the whole `KEY=value`), so Cellguard's
    // own context detector handles secret keys.
    aws: {
      label: 'AWS access key id',
      envName: 'AWS_ACCESS_KEY_ID',
      triggers: ['A3T', 'AKIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'ASIA'],
      // `AWSAccessKeyIDPattern`, the only message not allowed: `ASIA`/`AIDA` occur in words and
      // tables, and the rule's account-id and secret-key scans (reported, then dropped) are costly.
      mustMatch: /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/,
      options: { enableIDScanRule: true },
      allowMessageIds: ['AWSAccountID', 'AWSSecretAccessKey'],
    },
  },
});
