/**
 * A hand-made labelled set: fake credentials in the forms data scientists write them
 * (assignments, keyword arguments, dicts, the environment, magics, URLs, JSON blobs, comments,
 * markdown, outputs) and placeholders / near misses from the same places. Prints precision and
 * recall over the secret rules together; asserts both ≥ 0.97. Values are generated fakes.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Analyzer, allRules, type Finding } from '@cellguard/core';
import { docFor, type CaseInput } from '../support/rule-tester.js';
import { fake, rand } from './secrets-fakes.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const analyzer = new Analyzer(allRules.filter((rule) => rule.meta.category === 'secret'));

interface Positive {
  readonly input: CaseInput;
  /** The secret that must be flagged (a finding's range must cover exactly it). */
  readonly secret: string;
  /** The rule expected to flag it, when it matters. */
  readonly rule?: string;
}

const pw = (s: string): string => fake.password(s);
const tok = (s: string, n = 32): string => rand(ALNUM, n, s);
const q = JSON.stringify;

const P: Positive[] = [];
const add = (input: CaseInput, secret: string, rule?: string): void => {
  P.push({ input, secret, ...(rule ? { rule } : {}) });
};

// Provider keys in assignments, keyword arguments and dicts.
add(`OPENAI_API_KEY = ${q(fake.openaiProject('r1'))}`, fake.openaiProject('r1'), 'openai-api-key');
add(
  `client = OpenAI(api_key=${q(fake.openaiLegacy('r2'))})`,
  fake.openaiLegacy('r2'),
  'openai-api-key',
);
add(
  `llm = ChatOpenAI(model="gpt-4o", openai_api_key=${q(fake.openaiNoMarker('r3'))})`,
  fake.openaiNoMarker('r3'),
  'openai-api-key',
);
add(
  `client = anthropic.Anthropic(api_key=${q(fake.anthropic('r4'))})`,
  fake.anthropic('r4'),
  'anthropic-api-key',
);
add(
  `from huggingface_hub import login\nlogin(token=${q(fake.huggingface('r5'))})`,
  fake.huggingface('r5'),
  'huggingface-token',
);
add(`HF_TOKEN = ${q(fake.huggingface('r6'))}`, fake.huggingface('r6'), 'huggingface-token');
add(
  `model = AutoModel.from_pretrained("meta-llama/Llama-2-7b-hf", token=${q(fake.huggingface('r7'))})`,
  fake.huggingface('r7'),
  'huggingface-token',
);
add(`client = Groq(api_key=${q(fake.groq('r8'))})`, fake.groq('r8'), 'groq-api-key');
add(`genai.configure(api_key=${q(fake.google('r9'))})`, fake.google('r9'), 'google-api-key');
add(
  `gmaps = googlemaps.Client(key=${q(fake.google('r10'))})`,
  fake.google('r10'),
  'google-api-key',
);
add(
  `s3 = boto3.client("s3", aws_access_key_id=${q(fake.awsKeyId('r11'))}, aws_secret_access_key=os.environ["S"])`,
  fake.awsKeyId('r11'),
  'aws-access-key',
);
add(
  `s3 = boto3.client("s3", aws_access_key_id=key_id, aws_secret_access_key=${q(fake.awsSecret('r12'))})`,
  fake.awsSecret('r12'),
  'aws-access-key',
);
add(
  `os.environ["AWS_SECRET_ACCESS_KEY"] = ${q(fake.awsSecret('r13', '/'))}`,
  fake.awsSecret('r13', '/'),
  'aws-access-key',
);
add(
  `creds = {"aws_access_key_id": "x", "aws_secret_access_key": ${q(fake.awsSecret('r14', '+'))}}`,
  fake.awsSecret('r14', '+'),
  'aws-access-key',
);
add(
  `session = boto3.Session(aws_session_token=${q(fake.awsSessionToken('r15'))})`,
  fake.awsSessionToken('r15'),
  'aws-access-key',
);
add(
  `%env AWS_ACCESS_KEY_ID=${fake.awsSessionKeyId('r16')}`,
  fake.awsSessionKeyId('r16'),
  'aws-access-key',
);
add(`g = Github(${q(fake.github('r17'))})`, fake.github('r17'), 'github-token');
add(
  `!git clone https://${fake.github('r18')}@github.com/acme/private-repo.git`,
  fake.github('r18'),
  'github-token',
);
add(
  `GITHUB_TOKEN = ${q(fake.githubFineGrained('r19'))}`,
  fake.githubFineGrained('r19'),
  'github-token',
);
add(`client = WebClient(token=${q(fake.slack('r20'))})`, fake.slack('r20'), 'slack-token');
add(
  `requests.post(${q(fake.slackWebhook('r21'))}, json={"text": "training done"})`,
  fake.slackWebhook('r21'),
  'slack-token',
);
add(`stripe.api_key = ${q(fake.stripe('r22'))}`, fake.stripe('r22'), 'stripe-api-key');
add(
  `supabase = create_client(SUPABASE_URL, ${q(fake.jwt('r23'))})`,
  fake.jwt('r23'),
  'json-web-token',
);
add(
  `blob = BlobServiceClient.from_connection_string("DefaultEndpointsProtocol=https;AccountName=mldata;AccountKey=${fake.azureAccountKey('r24')};EndpointSuffix=core.windows.net")`,
  fake.azureAccountKey('r24'),
  'azure-credential',
);
add(
  `df = pd.read_csv("https://mldata.blob.core.windows.net/raw/train.csv?sv=2022-11-02&ss=b&srt=o&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig=${fake.azureSasSig('r25')}")`,
  fake.azureSasSig('r25'),
  'azure-credential',
);
add(
  `client = AzureOpenAI(api_key=${q(fake.hex(32, 'r26'))}, api_version="2024-02-01", azure_endpoint="https://acme.openai.azure.com/")`,
  fake.hex(32, 'r26'),
  'azure-credential',
);
add(
  `os.environ["REPLICATE_API_TOKEN"] = ${q(fake.replicate('r27'))}`,
  fake.replicate('r27'),
  'replicate-api-token',
);
add(`pc = Pinecone(api_key=${q(fake.pinecone('r28'))})`, fake.pinecone('r28'), 'pinecone-api-key');
add(
  `pinecone.init(api_key=${q(fake.uuid('r29'))}, environment="us-west1-gcp")`,
  fake.uuid('r29'),
  'pinecone-api-key',
);
add(`PINECONE_API_KEY = ${q(fake.uuid('r30'))}`, fake.uuid('r30'), 'pinecone-api-key');
add(
  `from twilio.rest import Client\nclient = Client(${q(fake.twilioAccountSid('r31'))}, ${q(fake.hex(32, 'r31'))})`,
  fake.hex(32, 'r31'),
  'twilio-credential',
);
add(`TWILIO_AUTH_TOKEN = ${q(fake.hex(32, 'r32'))}`, fake.hex(32, 'r32'), 'twilio-credential');
add(
  `import wandb\nwandb.login(key=${q(fake.hex(40, 'r33'))})`,
  fake.hex(40, 'r33'),
  'wandb-api-key',
);
add(`%env WANDB_API_KEY=${fake.hex(40, 'r34')}`, fake.hex(40, 'r34'), 'wandb-api-key');
add(`!wandb login ${fake.hex(40, 'r35')}`, fake.hex(40, 'r35'), 'wandb-api-key');
add(`os.environ["KAGGLE_KEY"] = ${q(fake.hex(32, 'r36'))}`, fake.hex(32, 'r36'), 'kaggle-api-key');
add(
  `with open("/root/.kaggle/kaggle.json", "w") as f:\n    json.dump({"username": "jdoe", "key": ${q(fake.hex(32, 'r37'))}}, f)`,
  fake.hex(32, 'r37'),
  'kaggle-api-key',
);
add(`co = cohere.Client(${q(fake.cohere('r38'))})`, fake.cohere('r38'), 'cohere-api-key');
add(
  `w = WorkspaceClient(host="https://adb-123.azuredatabricks.net", token=${q(fake.databricks('r39'))})`,
  fake.databricks('r39'),
  'databricks-token',
);
add(
  `client = Mistral(api_key=${q(fake.mistral('r40'))})`,
  fake.mistral('r40'),
  'ai-service-api-key',
);
add(
  `os.environ["LANGCHAIN_API_KEY"] = ${q(fake.langsmith('r41'))}`,
  fake.langsmith('r41'),
  'ai-service-api-key',
);
add(
  `tavily = TavilyClient(api_key=${q(fake.tavily('r42'))})`,
  fake.tavily('r42'),
  'ai-service-api-key',
);
const escapedPem = fake.pem('r43').replace(/\n/g, '\\n');
add(
  `sa = {"type": "service_account", "project_id": "p", "private_key": "${escapedPem}\\n"}`,
  escapedPem,
  'private-key',
);
add(
  `gl = gitlab.Gitlab("https://gitlab.com", private_token=${q(fake.gitlab('r44'))})`,
  fake.gitlab('r44'),
  'gitlab-token',
);
add(`sg = SendGridAPIClient(${q(fake.sendgrid('r45'))})`, fake.sendgrid('r45'), 'sendgrid-api-key');

// Connection URLs with passwords.
add(
  `engine = create_engine("postgresql+psycopg2://analyst:${pw('u1')}@warehouse.acme.io:5432/prod")`,
  pw('u1'),
  'password-in-url',
);
add(`r = redis.from_url("redis://:${pw('u2')}@cache.acme.io:6379/0")`, pw('u2'), 'password-in-url');
add(
  `app = Celery("tasks", broker="amqp://worker:${pw('u3')}@mq.acme.io:5672/ml")`,
  pw('u3'),
  'password-in-url',
);
add(
  `engine = create_engine("snowflake://jdoe:${pw('u4')}@acme-xy12345/ANALYTICS/PUBLIC?warehouse=WH")`,
  pw('u4'),
  'password-in-url',
);
add(
  `client = MongoClient("mongodb+srv://app:${pw('u5')}@cluster0.ab1cd.mongodb.net/?retryWrites=true")`,
  pw('u5'),
  'password-in-url',
);
add(
  `DATABASE_URL = "mysql+pymysql://etl:p@ss#${pw('u6')}@10.1.2.3/sales"`,
  `p@ss#${pw('u6')}`,
  'password-in-url',
);
add(
  `resp = requests.get("https://admin:${pw('u7')}@intranet.acme.io/export.csv")`,
  pw('u7'),
  'password-in-url',
);

// Generic credentials.
add(
  `conn = psycopg2.connect(host="db", dbname="prod", user="analyst", password=${q(pw('g1'))})`,
  pw('g1'),
  'hardcoded-credential',
);
add(`DB_PASSWORD = ${q(pw('g2'))}`, pw('g2'), 'hardcoded-credential');
add(
  `class Config:\n    def __init__(self):\n        self.api_secret = ${q(tok('g3'))}`,
  tok('g3'),
  'hardcoded-credential',
);
add(`SERVICE_TOKEN: str = ${q(tok('g4'))}`, tok('g4'), 'hardcoded-credential');
add(`headers = {"Authorization": "Bearer ${tok('g5')}"}`, tok('g5'), 'hardcoded-credential');
add(`params = {"apikey": ${q(tok('g6'))}, "symbol": "IBM"}`, tok('g6'), 'hardcoded-credential');
add(
  `os.environ.setdefault("MLFLOW_TRACKING_PASSWORD", ${q(pw('g7'))})`,
  pw('g7'),
  'hardcoded-credential',
);
add(`token = os.getenv("NOTION_SECRET", ${q(tok('g8'))})`, tok('g8'), 'hardcoded-credential');
add(`%env LABEL_STUDIO_API_KEY=${tok('g9', 40)}`, tok('g9', 40), 'hardcoded-credential');
add(`!export COMET_API_KEY=${tok('g10')}`, tok('g10'), 'hardcoded-credential');
add(
  `news = NewsApiClient(api_key=${q(fake.hex(32, 'g11'))})`,
  fake.hex(32, 'g11'),
  'hardcoded-credential',
);
add(
  `%%bash\nexport NEPTUNE_API_TOKEN=${tok('g12', 48)}\npython train.py`,
  tok('g12', 48),
  'hardcoded-credential',
);

// Comments, markdown and outputs.
add(
  `client = OpenAI()  # old key: ${fake.openaiProject('c1')}`,
  fake.openaiProject('c1'),
  'openai-api-key',
);
add(`# db_password = "${pw('c2')}"\nconn = connect()`, pw('c2'), 'hardcoded-credential');
add(
  { markdown: `## Setup\n\nUse this key for now: \`${fake.anthropic('m1')}\`` },
  fake.anthropic('m1'),
  'anthropic-api-key',
);
add(
  { markdown: `Connect with \`postgresql://analyst:${pw('m2')}@db.acme.io/prod\`` },
  pw('m2'),
  'password-in-url',
);
add(
  { markdown: `\`\`\`\nHF_TOKEN=${fake.huggingface('m3')}\n\`\`\`` },
  fake.huggingface('m3'),
  'huggingface-token',
);
add(
  { output: `OPENAI_API_KEY=${fake.openaiProject('o1')}\nHOME=/root\n` },
  fake.openaiProject('o1'),
  'openai-api-key',
);
add(
  { output: `environ({'PATH': '/usr/bin', 'DB_PASSWORD': '${pw('o2')}'})` },
  pw('o2'),
  'hardcoded-credential',
);
add(
  {
    output: JSON.stringify(
      { Credentials: { SecretAccessKey: fake.awsSecret('o3'), SessionToken: 'x' } },
      null,
      1,
    ),
    mimeType: 'application/json',
  },
  fake.awsSecret('o3'),
  'aws-access-key',
);
add(
  { output: `Engine(postgresql://analyst:${pw('o4')}@db.acme.io:5432/prod)` },
  pw('o4'),
  'password-in-url',
);
add(
  { output: `{'token': '${fake.github('o5')}', 'scopes': ['repo']}` },
  fake.github('o5'),
  'github-token',
);

/** Placeholders and near misses: none of these may produce a secret finding. */
const N: CaseInput[] = [
  'client = OpenAI(api_key="sk-...")',
  'openai.api_key = "YOUR_OPENAI_API_KEY"',
  'os.environ["OPENAI_API_KEY"] = "<your-openai-key>"',
  'api_key = "[your-api-key]"',
  'OPENAI_API_KEY = "sk-proj-********************a1Xz"',
  'client = OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")',
  'llm = ChatOpenAI(base_url="http://localhost:11434/v1", api_key="ollama")',
  'client = OpenAI(base_url="http://localhost:1234/v1", api_key="lm-studio")',
  'pinecone_api_key = "PINECONE_API_KEY"',
  'pc = Pinecone(api_key=os.environ.get("PINECONE_API_KEY") or getpass("Pinecone API key: "))',
  'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
  'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
  'password = "changeme"',
  'password = "REPLACE_ME"',
  'password = "${DB_PASSWORD}"',
  'token = "{{ hf_token }}"',
  'password = "xxxxxxxx"',
  'secret = "****"',
  'api_key = os.environ["API_KEY"]',
  'token = os.getenv("HF_TOKEN")',
  'token = userdata.get("HF_TOKEN")',
  'secret_name = "prod/openai/key"',
  'secret_id = "projects/123/secrets/openai-key/versions/latest"',
  'key_file = "/content/drive/MyDrive/keys/service_account.json"',
  'tokenizer = AutoTokenizer.from_pretrained("mistralai/Mistral-7B-Instruct-v0.2")',
  'tokenizer.pad_token = tokenizer.eos_token',
  'out = model.generate(**inputs, max_new_tokens=256, pad_token_id=tokenizer.eos_token_id)',
  'special_tokens = {"pad_token": "<pad>", "sep_token": "[SEP]"}',
  'response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=512)',
  'num_tokens = len(encoding.encode(text))',
  `commit = ${q(fake.hex(40, 'n1'))}`,
  `revision = ${q(fake.hex(40, 'n2'))}`,
  `run_id = ${q(fake.uuid('n3'))}`,
  `doc_id = ${q(fake.uuid('n4'))}`,
  `checksum = ${q(fake.hex(64, 'n5'))}`,
  `md5 = ${q(fake.hex(32, 'n6'))}`,
  'digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
  'wandb.init(project="llm-finetune", id="2x7k9q1p", resume="allow")',
  'model_name = "sentence-transformers/all-MiniLM-L6-v2"',
  'index_name = "semantic-search-openai"',
  'url = "https://api.openai.com/v1/chat/completions"',
  'engine = create_engine("postgresql://user:password@localhost:5432/db")',
  'engine = create_engine(f"postgresql://{user}:{password}@{host}/{db}")',
  'uri = "mongodb+srv://<username>:<password>@cluster0.mongodb.net/?retryWrites=true"',
  'url = "redis://localhost:6379/0"',
  'broker = "amqp://guest:guest@localhost:5672//"',
  'url = "postgresql://postgres:postgres@localhost/test"',
  'key = "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----"',
  `g = Github(${q(fake.githubBadChecksum('n7'))})`,
  'token = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
  'jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"',
  'auth = HTTPBasicAuth(CLIENT_ID, SECRET_KEY)',
  'headers = {"Authorization": f"Bearer {token}"}',
  'headers = {"Authorization": "Bearer <token>"}',
  'login(token=True)',
  'password_input = widgets.Password(description="Password:")',
  'auth_type = "service_principal"',
  'x = df["key"].map(lookup)',
  '%env CUDA_VISIBLE_DEVICES=0',
  '!export TOKENIZERS_PARALLELISM=false',
  '%pip install openai==1.30.0 tiktoken',
  {
    markdown:
      'Get your key at https://platform.openai.com/api-keys and set `OPENAI_API_KEY=sk-...`',
  },
  { markdown: 'The `api_key` parameter takes your **Pinecone API key** (`YOUR_API_KEY`).' },
  { markdown: 'Tokens are sub-word units; `max_tokens: 256` limits the answer.' },
  {
    output:
      "{'input_ids': [[101, 2023, 102]], 'token_type_ids': [[0, 0, 0]], 'attention_mask': [[1, 1, 1]]}",
  },
  {
    output:
      'Token is valid (permission: write).\nYour token has been saved to /root/.cache/huggingface/token\nLogin successful',
  },
  {
    output: `{'id': 'chatcmpl-${rand(ALNUM, 29, 'n8')}', 'object': 'chat.completion', 'usage': {'prompt_tokens': 12, 'completion_tokens': 40, 'total_tokens': 52}}`,
  },
  {
    output: `{'access_token': '${rand(ALNUM, 36, 'n9')}', 'token_type': 'bearer', 'expires_in': 86400, 'scope': '*'}`,
  },
  {
    output: `Successfully installed openai-1.30.0 tiktoken-0.7.0\nwandb: Run data is saved locally in ./wandb/run-20240101_120000-${rand('abcdefghijklmnopqrstuvwxyz0123456789', 8, 'n10')}`,
  },
  { output: `HEAD is now at ${fake.hex(7, 'n11')} Merge pull request #42 from acme/feature` },
];

function flagged(doc: ReturnType<typeof docFor>, f: Finding): string {
  if (f.location.kind === 'metadata') return '';
  const cell = doc.cells[f.location.cellIndex]!;
  if (f.location.kind === 'source')
    return cell.source.slice(f.location.range[0], f.location.range[1]);
  const { mimeType, range, outputIndex } = f.location;
  const text = cell.outputs[outputIndex]!.texts.find((t) => t.mimeType === mimeType)?.text ?? '';
  return text.slice(range[0], range[1]);
}

it('secret rules: precision and recall on the labelled set', async () => {
  assert.ok(
    P.length >= 60 && N.length >= 60,
    `need ≥ 60 of each, have ${P.length} positives and ${N.length} negatives`,
  );
  let truePositives = 0;
  let falsePositives = 0;
  const missed: string[] = [];
  const wrong: string[] = [];
  const noisy: string[] = [];
  for (const [i, sample] of P.entries()) {
    const doc = docFor(sample.input);
    const { findings } = await analyzer.analyzeNotebook(doc);
    const hit = findings.find((f) => flagged(doc, f) === sample.secret);
    if (hit) {
      truePositives++;
      if (sample.rule && hit.ruleId !== sample.rule)
        wrong.push(`positive #${i}: ${hit.ruleId}, expected ${sample.rule}`);
    } else
      missed.push(
        `positive #${i} (${sample.rule ?? 'any'}): got ${findings.map((f) => f.ruleId).join(', ') || 'nothing'}`,
      );
    // Anything else flagged in a positive sample is a false positive too.
    const extra = findings.filter(
      (f) => flagged(doc, f) !== sample.secret && !sample.secret.includes(flagged(doc, f)),
    );
    falsePositives += extra.length;
    for (const f of extra) noisy.push(`positive #${i}: also ${f.ruleId} ${f.message}`);
  }
  for (const [i, input] of N.entries()) {
    const doc = docFor(input);
    const { findings } = await analyzer.analyzeNotebook(doc);
    if (findings.length > 0) {
      falsePositives += findings.length;
      noisy.push(`negative #${i}: ${findings.map((f) => `${f.ruleId} ${f.message}`).join(' | ')}`);
    }
  }
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  const recall = truePositives / P.length;
  console.log(
    `secrets labelled set: ${P.length} positives, ${N.length} negatives; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
  );
  for (const line of [...missed, ...noisy, ...wrong]) console.log(`  ${line}`);
  assert.ok(recall >= 0.97, `recall ${recall.toFixed(3)} < 0.97`);
  assert.ok(precision >= 0.97, `precision ${precision.toFixed(3)} < 0.97`);
  assert.deepEqual(wrong, [], 'positives reported by an unexpected rule');
});
