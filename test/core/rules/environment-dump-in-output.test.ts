import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

// Made-up values; none is a real credential.
const ENV = [
  'HOSTNAME=4f2c9a1b7d3e',
  'HOME=/root',
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin',
  'TOKENIZERS_PARALLELISM=false',
  'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
  'AWS_ACCESS_KEY_ID=AKIA4EXAMPLEQ7RZ2M3P',
  'INTERNAL_SERVICE_TOKEN=q8Zr2LmX9vT4bN7cW1pKdF6h',
  'DB_PASSWORD=Tr0ub4dor&3x',
  '',
].join('\n');
const PLACEHOLDERS = [
  'HOME=/root',
  'PATH=/usr/bin',
  'API_KEY=your-api-key-here',
  'DB_PASSWORD=changeme',
  'SERVICE_TOKEN=',
  'SECRET_KEY=${SECRET_KEY}',
  'AUTH_TOKEN=****',
  '',
].join('\n');

ruleTester(getRule('environment-dump-in-output')!, {
  valid: [
    { cells: [{ source: '!env', outputs: [PLACEHOLDERS] }] },
    {
      cells: [
        {
          source: '!env',
          outputs: [
            'HOME=/root\nPATH=/usr/bin\nTOKENIZERS_PARALLELISM=false\nSSH_AUTH_SOCK=/tmp/ssh-XXXX/agent.1\nKEY_FILE=/etc/keys/sa.json\n',
          ],
        },
      ],
    },
    {
      name: 'one printed assignment is not a dump',
      cells: [
        { source: 'print(f"token={t}")', outputs: ['SERVICE_TOKEN=q8Zr2LmX9vT4bN7cW1pKdF6h\n'] },
      ],
    },
    {
      cells: [
        {
          source: 'print(config)',
          outputs: ['lr=0.001\nepochs=10\nbatch_size=32\ntokenizer=bert-base-uncased\n'],
        },
      ],
    },
    {
      cells: [
        {
          source: "os.environ['HF_HOME']",
          outputs: [{ mimeType: 'text/plain', text: "'/root/.cache/huggingface'" }],
        },
      ],
    },
  ],
  invalid: [
    {
      input: { cells: [{ source: '!env', outputs: [ENV] }] },
      errors: [
        {
          text: 'q8Zr2LmX9vT4bN7cW1pKdF6h',
          severity: 'error',
          messageIncludes:
            'dumps environment variables with 2 secret-looking values (first: …(24 chars))',
        },
      ],
    },
    {
      input: {
        name: 'the repr of os.environ',
        cells: [
          {
            source: 'os.environ',
            outputs: [
              {
                mimeType: 'text/plain',
                text: "environ({'HOME': '/root', 'LANG': 'C.UTF-8', 'KAGGLE_KEY': '9f8e7d6c5b4a39281706f5e4d3c2b1a0'})",
              },
            ],
          },
        ],
      },
      errors: [{ text: '9f8e7d6c5b4a39281706f5e4d3c2b1a0' }],
    },
    {
      input: {
        name: '%env without arguments',
        cells: [
          {
            source: '%env',
            outputs: [
              {
                mimeType: 'text/plain',
                text: "{'PATH': '/usr/bin',\n 'SERVICE_API_KEY': 'Zx81mQ4rT7vB2nL9kW5pJ3hD'}",
              },
            ],
          },
        ],
      },
      errors: [{ text: 'Zx81mQ4rT7vB2nL9kW5pJ3hD' }],
    },
    {
      input: {
        name: 'cat of an AWS credentials file',
        cells: [
          {
            source: '!cat ~/.aws/credentials',
            outputs: [
              '[default]\naws_access_key_id = AKIA4EXAMPLEQ7RZ2M3P\naws_secret_access_key = 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\n',
            ],
          },
        ],
      },
      errors: [{ text: 'h7Kq2Zt9Lm4Xw1Rb8Vc5Ny3Pd6Sf0Gj2Ua7Ee9Io' }],
    },
    {
      input: {
        name: 'a printed .env file',
        cells: [
          {
            source: 'print(open(".env").read())',
            outputs: [
              'APP_ENV=production\nDB_HOST=db.internal\nDB_USER=app\nDB_PASSWORD="Tr0ub4dor&3x"\n',
            ],
          },
        ],
      },
      errors: [{ text: 'Tr0ub4dor&3x' }],
    },
  ],
});
