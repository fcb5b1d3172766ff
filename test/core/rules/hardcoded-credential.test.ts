import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, rand, withSafeNames } from '../secrets-fakes.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pw = fake.password();
const token = rand(ALNUM, 32, 'generic-token');
const hexKey = fake.hex(32, 'newsapi');
const hex64 = fake.hex(64, 'bearer-hex');

ruleTester(
  getRule('hardcoded-credential')!,
  withSafeNames({
    valid: [
      'password = getpass.getpass()',
      'password = os.environ["DB_PASSWORD"]',
      'password = "YOUR_PASSWORD"',
      'password = "<password>"',
      'password = "changeme"',
      'password = "********"',
      'db_password = "postgres"',
      'api_key = "sk-..."',
      'api_key = "[your-api-key]"',
      'api_key = "EMPTY"',
      'client = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")',
      'token = "{{token}}"',
      'token = "${TOKEN}"',
      'secret_name = "prod/openai/key"',
      'key_path = "/home/me/.ssh/id_rsa"',
      'token_url = "https://oauth2.googleapis.com/token"',
      'tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")',
      'pad_token = "<|endoftext|>"',
      'generate(max_tokens=512, stop_token="</s>")',
      'tokenizer.pad_token = tokenizer.eos_token',
      'auth_type = "service_account_credentials"',
      'api_key = "123e4567-e89b-12d3-a456-426614174000"',
      'token = True',
      'login(token=hf_token)',
      'run_token = "3k2j1h5g"',
      'secret = "meta-llama/Llama-2-7b-chat-hf"',
      'api_key = os.getenv("OPENAI_API_KEY", "")',
      'access_key = "xxxxxxxxxxxxxxxxxxxx"',
      'password_field = "id_password_input_field_long_name"',
      "{'tokens': ['[CLS]', 'hello', '[SEP]']}",
      { markdown: 'Set `api_key: <your key>` in the config and `password: ********`.' },
      {
        output: 'Requirement already satisfied: tiktoken==0.3.1 in /usr/lib/python3/dist-packages',
      },
      { output: "{'input_ids': [101, 7592], 'token_type_ids': [0, 0], 'attention_mask': [1, 1]}" },
      // Commented-out code is code: a call is no value (seen on real notebooks).
      '# creds = make_credentials(region=REGION)\nx = 1',
      '# api_key = os.environ.get("SERVICE_API_KEY")',
      { output: 'Last output token: tensor([[  464,  3290,   318, 50256]])\n' },
      // Pagination cursors are positions in a listing, not credentials.
      `params = {"pageToken": "${rand(ALNUM, 32, 'page-token')}"}`,
      { output: `{"nextPageToken": "${rand(ALNUM, 32, 'next-page')}", "items": []}` },
      { output: `{'NextContinuationToken': '${rand(ALNUM, 40, 'continuation')}'}` },
      // Command lines and headers that pass a reference, not a value.
      '!tool --api-key $SERVICE_API_KEY --token ${HF_TOKEN} --max-new-tokens 256',
      '!curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/models',
      { markdown: 'Run `python serve.py --auth-token <TOKEN> --secret-name prod/key`' },
      {
        output: '  --hf-token HF_TOKEN   Hugging Face token\n  --api-key API_KEY     the key\n',
      },
      'token = "Bearer " + service_token',
      'parser.add_argument("--api-key", type=str, default=None, help="API key: the key to use")',
      'subprocess.run(["tool", "--api-key", api_key, "--max-tokens", "2048"])',
      {
        output: `{'access_token': '${rand(ALNUM, 30, 'oauth')}', 'token_type': 'bearer', 'expires_in': 3600}`,
      },
    ],
    invalid: [
      {
        input: `conn = psycopg2.connect(host="db", user="analyst", password="${pw}")`,
        errors: [
          { text: pw, severity: 'warning', messageId: 'inSource', messageIncludes: 'Password' },
        ],
        output: `import os\nconn = psycopg2.connect(host="db", user="analyst", password=os.environ["PASSWORD"])`,
      },
      {
        input: `conn = psycopg2.connect(password="${pw}")`,
        errors: [{ text: pw }],
        output: `import getpass\nconn = psycopg2.connect(password=getpass.getpass("PASSWORD: "))`,
        fixIndex: 1,
      },
      {
        input: `db_password = "${pw}"`,
        errors: [{ text: pw }],
        output: `import os\ndb_password = os.environ["DB_PASSWORD"]`,
      },
      {
        input: `class C:\n    def __init__(self):\n        self.api_token = "${token}"`,
        errors: [{ text: token }],
      },
      {
        input: `API_KEY: str = "${token}"`,
        errors: [{ text: token }],
        output: `import os\nAPI_KEY: str = os.environ["API_KEY"]`,
      },
      {
        input: `config = {"client_secret": "${token}", "client_id": "abc"}`,
        errors: [{ text: token }],
      },
      { input: `headers = {"Authorization": "Bearer ${token}"}`, errors: [{ text: token }] },
      {
        input: `import os\nos.environ["SERVICE_TOKEN"] = "${token}"`,
        errors: [{ text: token }],
        output: `import getpass\nimport os\nos.environ["SERVICE_TOKEN"] = getpass.getpass("SERVICE_TOKEN: ")`,
      },
      { input: `os.environ.setdefault("DB_PASS", "${pw}")`, errors: [{ text: pw }] },
      { input: `pwd = os.getenv("DB_PASSWORD", "${pw}")`, errors: [{ text: pw }] },
      {
        input: `%env SERVICE_TOKEN=${token}`,
        errors: [{ text: token }],
        output:
          'import getpass\nimport os\nos.environ["SERVICE_TOKEN"] = getpass.getpass("SERVICE_TOKEN: ")',
      },
      {
        input: `import os\n!export DB_PASSWORD=${pw}\nrun()`,
        errors: [{ text: pw }],
        output:
          'import getpass\nimport os\nos.environ["DB_PASSWORD"] = getpass.getpass("DB_PASSWORD: ")\nrun()',
      },
      { input: `%%bash\nexport API_KEY=${token}\npython train.py`, errors: [{ text: token }] },
      { input: `x = 1  # api_key = "${token}"`, errors: [{ text: token }] },
      { input: `newsapi = NewsApiClient(api_key="${hexKey}")`, errors: [{ text: hexKey }] },
      {
        input: { markdown: `Credentials for the demo:\n\n    password: ${pw}\n` },
        errors: [{ text: pw }],
      },
      {
        input: { output: `DB_PASSWORD=${pw}\nHOME=/root\n` },
        errors: [{ text: pw, messageId: 'inOutput' }],
      },
      { input: { output: `{'user': 'analyst', 'password': '${pw}'}` }, errors: [{ text: pw }] },
      // Plain-text gate: the name must be followed by the operator (quotes, `]`, spaces allowed).
      { input: { output: `"password"  :  "${pw}"\n` }, errors: [{ text: pw }] },
      { input: { markdown: `token\n= ${token}\n` }, errors: [{ text: token }] },
      // Outside `name = "value"`: YAML in a fence (the key on the line after its section),
      // command-line options, curl headers, a credential name holding a bearer header.
      {
        input: { markdown: `\`\`\`yaml\nservice:\n  api_key: ${token}\n\`\`\`` },
        errors: [{ text: token }],
      },
      { input: `!mytool --api-key ${token} run`, errors: [{ text: token }] },
      { input: `!mytool --access-token=${token}`, errors: [{ text: token }] },
      {
        input: `!curl -H "Authorization: Bearer ${token}" https://api.example.com/v1/models`,
        errors: [{ text: token }],
      },
      { input: `token = "Bearer ${hex64}"`, errors: [{ text: hex64 }] },
      {
        input: {
          markdown: `\`\`\`bash\ncurl -H 'Authorization: Token ${token}' https://x.io\n\`\`\``,
        },
        errors: [{ text: token }],
      },
      {
        input: `%%writefile settings.toml\n[auth]\ntoken = "${token}"\n`,
        errors: [{ text: token }],
      },
      // Configs and command lines held in Python strings.
      {
        input: `cfg = yaml.safe_load("""\nservice:\n  api_key: ${token}\n""")`,
        errors: [{ text: token }],
      },
      {
        input: `os.system("curl -H 'Authorization: Bearer ${token}' https://x.io")`,
        errors: [{ text: token }],
      },
      { input: `subprocess.run(["tool", "--api-key", "${token}"])`, errors: [{ text: token }] },
      {
        input: `conn_str = "Server=db.internal;Uid=analyst;Pwd=${pw};"`,
        errors: [{ text: pw, messageIncludes: 'Password' }],
      },
      // `x-api-key` is no credential name itself; another credential word elsewhere is unassigned.
      {
        input: { output: `the api token is shown once\nx-api-key: "Bearer ${token}"\n` },
        errors: [{ text: token }],
      },
    ],
  }),
);
