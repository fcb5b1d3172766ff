import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, withSafeNames } from '../secrets-fakes.js';

const pw = fake.password();
const odd = `p@ss:w#rd${fake.password('o')}`;

ruleTester(
  getRule('password-in-url')!,
  withSafeNames({
    valid: [
      'engine = create_engine("postgresql+psycopg2://user:password@localhost/db")',
      'url = f"postgresql://{user}:{password}@{host}/db"',
      'uri = "mongodb+srv://<username>:<password>@cluster0.mongodb.net"',
      'url = "redis://localhost:6379/0"',
      'url = "https://huggingface.co/meta-llama/Llama-2-7b"',
      'url = "postgresql://postgres:postgres@db:5432/app"',
      'url = "amqp://guest:guest@localhost:5672//"',
    ],
    invalid: [
      {
        input: `engine = create_engine("postgresql+psycopg2://analyst:${pw}@db.internal:5432/warehouse")`,
        errors: [{ text: pw, messageId: 'inSource' }],
        output: 'import os\nengine = create_engine(os.environ["DATABASE_URL"])',
      },
      {
        input: `r = redis.Redis.from_url("redis://:${pw}@cache.internal:6379/0")`,
        errors: [{ text: pw }],
      },
      { input: `broker = "amqp://worker:${pw}@mq.internal:5672/vhost"`, errors: [{ text: pw }] },
      {
        input: `uri = "snowflake://jdoe:${pw}@acme-xy12345/db/schema?warehouse=wh"`,
        errors: [{ text: pw }],
      },
      {
        input: `client = MongoClient("mongodb+srv://app:${pw}@cluster0.ab1cd.mongodb.net/?retryWrites=true")`,
        errors: [{ text: pw }],
      },
      { input: `url = "postgresql://etl:${odd}@10.0.0.5/db"`, errors: [{ text: odd }] },
      {
        input: `resp = requests.get("https://admin:${pw}@intranet.acme.io/api/data")`,
        errors: [{ text: pw }],
      },
      {
        input: { markdown: `Connect with \`mysql://root2:${pw}@db.acme.io/sales\`` },
        errors: [{ text: pw }],
      },
      {
        input: { output: `Engine(postgresql://analyst:${pw}@db.internal:5432/warehouse)` },
        errors: [{ text: pw, messageId: 'inOutput' }],
      },
    ],
  }),
);
