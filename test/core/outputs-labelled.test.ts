/**
 * A hand-labelled set of outputs for the sensitive-output family: positives (each names the rule
 * that must report it) and hard negatives that look like PII or credentials but are not — ids,
 * timestamps, floats, versions, hashes, dates, masked and example values, business lines. All
 * seven output rules run on every sample. Precision and recall are printed and must be ≥ 0.95.
 *
 * Scoring, per sample: a positive is a true positive when its rule reports it, else a false
 * negative; every other output-rule finding (on a negative, or another rule on a positive) is a
 * false positive. Every value is made up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, allRules, type NotebookDoc } from '@cellguard/core';

interface Sample {
  /** The rule that must report it; undefined for a negative. */
  readonly rule?: string;
  readonly text: string;
  readonly mime?: string;
  /** Cell source (default `print(x)`). */
  readonly source?: string;
  readonly note?: string;
}

const E = 'email-address-in-output';
const P = 'phone-number-in-output';
const S = 'ssn-in-output';
const C = 'payment-card-in-output';
const I = 'iban-in-output';
const V = 'environment-dump-in-output';
const T = 'auth-token-in-output';

const HTML_TABLE = (header: string, value: string): string =>
  `<table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th><th>name</th><th>${header}</th></tr></thead>` +
  `<tbody><tr><th>0</th><td>Ann Lee</td><td>${value}</td></tr></tbody></table>`;

const POSITIVES: readonly Sample[] = [
  // Email
  { rule: E, text: 'Sent welcome mail to jane.doe84@gmail.com\n' },
  {
    rule: E,
    text: '        name                  email\n0   Jane Doe   jane.doe84@gmail.com\n1  Raj Patel  raj.patel@outlook.com',
    mime: 'text/plain',
  },
  { rule: E, text: HTML_TABLE('email', 'li.wei@163.com'), mime: 'text/html' },
  { rule: E, text: 'From: Raj Patel <raj.patel@outlook.com>\nSubject: invoice\n' },
  {
    rule: E,
    text: "SMTPRecipientsRefused: {'m.rossi@libero.it': (550, b'5.1.1 unknown')}",
    mime: 'error',
  },
  {
    rule: E,
    text: '{\n "email": "ana.silva@uol.com.br",\n "age": 41\n}',
    mime: 'application/json',
  },
  { rule: E, text: 'Contact **kim.minjun@naver.com** for access.', mime: 'text/markdown' },
  {
    rule: E,
    text: "'Yandex Research\\nE-mail: a.ivanova@yandex.ru\\n# Abstract'",
    mime: 'text/plain',
    note: 'paper text',
  },
  { rule: E, text: "['\\nkim.minjun@naver.com', 'x']", mime: 'text/plain', note: 'escape glued' },
  { rule: E, text: 'subscribed j.smith+newsletter@protonmail.com\n' },
  { rule: E, text: '<td>olga&#64;mail.ru</td>', mime: 'text/html' },
  { rule: E, text: 'MARIA.GARCIA@HOTMAIL.ES\n' },
  // Phone
  { rule: P, text: 'Contact: (415) 555-2671\n' },
  { rule: P, text: 'UK office: +44 20 7946 0958\n' },
  { rule: P, text: "{'name': 'Lena', 'mobile': '+4915123456789'}", mime: 'text/plain' },
  { rule: P, text: 'call me at 415.555.2671 tomorrow\n' },
  { rule: P, text: 'Phone: 4155552671\n' },
  {
    rule: P,
    text: '    name       phone\n0   Ann  4155552671\n1   Bob  2025550143\n',
    mime: 'text/plain',
  },
  { rule: P, text: '+33 1 23 45 67 89\n' },
  { rule: P, text: 'WhatsApp +91 98765 43210\n' },
  { rule: P, text: '{\n "mobile": "+61 412 345 678"\n}', mime: 'application/json' },
  { rule: P, text: 'Dial 1-415-555-2671\n' },
  { rule: P, text: 'tel: 020 7946 0958\n' },
  { rule: P, text: HTML_TABLE('phone', '+81 90-1234-5678'), mime: 'text/html' },
  // SSN
  { rule: S, text: 'SSN 536-22-5481\n' },
  { rule: S, text: '   name        ssn\n0   Ann  402719933\n', mime: 'text/plain' },
  { rule: S, text: 'Social Security Number: 536 22 5481\n' },
  { rule: S, text: '{\n "ssn": "611-83-2290"\n}', mime: 'application/json' },
  { rule: S, text: 'applicant ssn=402-71-9933 approved\n' },
  { rule: S, text: HTML_TABLE('ssn', '536-22-5481'), mime: 'text/html' },
  // Card
  { rule: C, text: 'Visa 4539 1488 0343 6467\n' },
  { rule: C, text: 'paid with 5425-2334-3010-9903\n' },
  { rule: C, text: 'Amex 3712 345678 90120\n' },
  {
    rule: C,
    text: '   customer       card_number\n0       Ann  4556732158409175\n',
    mime: 'text/plain',
  },
  { rule: C, text: 'cc: 6011001234567891\n' },
  { rule: C, text: HTML_TABLE('card', '5222 3344 5566 7786'), mime: 'text/html' },
  // IBAN
  { rule: I, text: 'IBAN DE21500500001234567897\n' },
  { rule: I, text: 'Payee IBAN: FR76 3000 6000 0112 3456 7890 189\n' },
  { rule: I, text: "{'iban': 'NL02ABNA0123456789'}", mime: 'text/plain' },
  { rule: I, text: 'GB15 MIDL 4005 1512 3456 78\n' },
  // Environment dumps
  {
    rule: V,
    source: '!env',
    text: 'HOME=/root\nPATH=/usr/bin\nINTERNAL_SERVICE_TOKEN=q8Zr2LmX9vT4bN7cW1pKdF6h\n',
  },
  {
    rule: V,
    source: 'os.environ',
    mime: 'text/plain',
    text: "environ({'HOME': '/root', 'KAGGLE_KEY': '9f8e7d6c5b4a39281706f5e4d3c2b1a0'})",
  },
  {
    rule: V,
    source: '!cat ~/.aws/credentials',
    text: '[default]\naws_access_key_id = AKIA4EXAMPLEQ7RZ2M3P\naws_secret_access_key = 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\n',
  },
  {
    rule: V,
    source: 'print(open(".env").read())',
    text: 'APP_ENV=production\nDB_HOST=db.internal\nDB_PASSWORD="Tr0ub4dor&3x"\n',
  },
  // Credentials in headers and URLs
  {
    rule: T,
    mime: 'text/plain',
    text: "{'User-Agent': 'app/1.0', 'Authorization': 'Bearer q8Zr2LmX9vT4bN7cW1pKdF6h'}",
  },
  {
    rule: T,
    text: '> GET /v1/models HTTP/1.1\n> Host: api.acme.io\n> X-API-Key: Zx81mQ4rT7vB2nL9kW5pJ3hD\n',
  },
  {
    rule: T,
    mime: 'error',
    text: 'HTTPError: 401 Client Error: Unauthorized for url: https://api.acme.io/v2/export?format=csv&token=Hq3Lz8Vm2Rt6Yp0Wx4Kc',
  },
  { rule: T, text: 'Authorization: Basic YWxpY2U6VHIwdWI0ZG9yJjN4\n' },
];

const NEGATIVES: readonly Sample[] = [
  // Email look-alikes
  { text: 'alice@example.com bob@mail.example.org carol@corp.test dan@host.invalid\n' },
  { text: 'noreply@github.com, no-reply@accounts.google.com\n' },
  { text: 'Cloning into repo... git@github.com:huggingface/cookbook.git\n' },
  { text: 'Saved icon@2x.png and logo@3x.jpg\n' },
  { text: 'npm i left-pad@1.3.0 && pip install torch==2.1.0\n' },
  { text: '@property\ndef name(self): ...\n@media screen and (max-width: 600px)\n' },
  {
    text: "'Send it to <EMAIL_ADDRESS> or [REDACTED:email] or j***@gmail.com'",
    mime: 'text/plain',
  },
  { text: 'support@acme.io, info@acme.io, security@acme.io\n' },
  { text: 'postgresql://admin@db.acme.io:5432/app\n' },
  { text: 'root@localhost, pi@raspberrypi.local\n' },
  { text: '12345678+octocat@users.noreply.github.com\n' },
  { text: 'FROM python@sha256:9c2f1e3a4b5d6e7f8091a2b3c4d5e6f7\n' },
  // Numbers that are not phone numbers, SSNs or cards
  { text: 'epoch 1699999999, ts 1700000000123\n' },
  { text: 'loss=0.4155552671 acc=3.14159265358979\n' },
  { text: 'tensor([[ 415, 555, 2671],\n        [ 202, 555,  143]])\n' },
  { text: '[415 555 2671]\n' },
  { text: 'Python 3.10.12, torch 2.1.0+cu121, numpy 1.26.4\n' },
  { text: 'ip 192.168.100.200 port 8888\n' },
  { text: '2023-10-05 14:30:00,123 INFO started\n' },
  { text: 'date 05/10/2023 and 2023-10-05\n' },
  { text: 'run id 123e4567-e89b-12d3-a456-426614174000\n' },
  { text: 'md5 d41d8cd98f00b204e9800998ecf8427e\n' },
  { text: 'commit 9fceb02d0ae598e95dc970b74767f19372d61af8\n' },
  { text: 'ISBN 978-3-16-148410-0\n' },
  { text: 'order 4539148803436467 shipped\n' },
  { text: 'user_id 536225481 created\n' },
  { text: 'You can reach us at 555-123-4567.\n' },
  { text: 'Call 123-456-7890 now\n' },
  { text: 'Toll-free: +1 800 555 1212\n' },
  { text: 'and our telephone number is (408) 555-0100.\n' },
  { text: '100%|██████████| 1563/1563 [02:15<00:00, 11.53it/s]\n', mime: 'stream' },
  { text: 'torch.Size([32, 3, 224, 224])\n' },
  { text: 'Total params: 124,439,808\nTrainable params: 124,439,808\n' },
  { text: 'ssn: XXX-XX-1234, ***-**-6789\n' },
  { text: '666-12-3456 000-12-3456 912-34-5678 123-00-4567\n' },
  { text: 'The Woolworth card 078-05-1120\n' },
  { text: 'Test cards: 4242 4242 4242 4242, 4111 1111 1111 1111\n' },
  { text: 'Luhn fails: 4539 1488 0343 6468\n' },
  { text: 'card: **** **** **** 6467\n' },
  { text: 'Example IBAN DE89 3704 0044 0532 0130 00\n' },
  { text: 'Bad check digits DE12 3456 7890 1234 5678 90\n' },
  { text: 'phone: XXX-XXX-1234\n' },
  { text: 'coords 37.7749, -122.4194\n' },
  { text: 'revenue $1,234,567.89\n' },
  { text: 'lr 1.5e+10 eps 2.3e-05\n' },
  { text: '[1234567, 2345678, 3456789]\n' },
  { text: '   id      value\n0  4155552671  0.5\n1  2025550143  0.7\n', mime: 'text/plain' },
  { text: 'Memory: 16384 MB, 8 x 2048\n' },
  { text: 'Epoch 10/100 - loss: 0.4155 - val_loss: 0.5551\n' },
  { text: 'ptr 0x7fffffffffff\n' },
  { text: 'arXiv:2303.08774, doi 10.1145/3292500.3330701\n' },
  { text: '2023-10-05T14:30:00.123456+00:00\n' },
  { text: 'shape (60000, 28, 28) dtype uint8 nbytes 47040000\n' },
  { text: 'part no. 415-555-2671-0000\n' },
  // Environment and header look-alikes
  {
    source: '!env',
    text: 'HOME=/root\nPATH=/usr/local/bin:/usr/bin\nTOKENIZERS_PARALLELISM=false\nHF_HOME=/root/.cache/huggingface\n',
  },
  {
    source: '!env',
    text: 'HOME=/root\nAPI_KEY=your-api-key-here\nDB_PASSWORD=changeme\nSECRET_KEY=${SECRET_KEY}\nAUTH_TOKEN=****\n',
  },
  {
    source: '!env',
    text: 'HOME=/root\nGPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\nAWS_ACCESS_KEY_ID=AKIA4EXAMPLEQ7RZ2M3P\nSSH_AUTH_SOCK=/tmp/ssh-x/agent.1\n',
  },
  {
    source: 'print(config)',
    text: 'lr=0.001\nepochs=10\nbatch_size=32\ntokenizer=bert-base-uncased\n',
  },
  { source: "os.environ['HF_HOME']", mime: 'text/plain', text: "'/root/.cache/huggingface'" },
  { text: 'Authorization: Bearer <YOUR_TOKEN>\nAuthorization: Bearer ${TOKEN}\n' },
  { text: 'headers = {"Authorization": f"Bearer {token}"}\n' },
  { text: 'GET https://api.acme.io/v1/items?page=2&limit=50&sort=created_at\n' },
  { text: 'https://api.acme.io/search?q=cats&token=your_token_here\n' },
  { text: 'Authorization header is missing: send a bearer token\n' },
  {
    text: 'Requirement already satisfied: tokenizers>=0.14 in /usr/local/lib/python3.10/dist-packages\n',
  },
  {
    source: '!cat setup.sh',
    text: 'export PATH=/usr/local/cuda/bin:$PATH\nexport CUDA_HOME=/usr/local/cuda\n',
  },
];

const rules = allRules.filter((rule) => rule.meta.id.endsWith('-in-output'));

function docFor(sample: Sample): NotebookDoc {
  const mimeType = sample.mime ?? 'stream';
  const outputType =
    mimeType === 'stream' ? 'stream' : mimeType === 'error' ? 'error' : 'execute_result';
  return {
    language: 'python',
    cells: [
      {
        kind: 'code',
        source: sample.source ?? 'print(x)',
        outputs: [{ outputType, texts: [{ mimeType, text: sample.text }] }],
      },
    ],
  };
}

describe('sensitive-output labelled set', () => {
  it('has enough samples', () => {
    assert.ok(POSITIVES.length >= 40, `${POSITIVES.length} positives`);
    assert.ok(NEGATIVES.length >= 60, `${NEGATIVES.length} negatives`);
  });

  it('reaches precision and recall ≥ 0.95', async () => {
    const analyzer = new Analyzer(rules);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const problems: string[] = [];
    for (const sample of [...POSITIVES, ...NEGATIVES]) {
      const { findings } = await analyzer.analyzeNotebook(docFor(sample), { sources: false });
      const ids = findings.map((f) => f.ruleId);
      if (sample.rule) {
        if (ids.includes(sample.rule)) tp++;
        else {
          fn++;
          problems.push(`missed ${sample.rule}: ${JSON.stringify(sample.text.slice(0, 60))}`);
        }
      }
      for (const id of ids) {
        if (id === sample.rule) continue;
        fp++;
        problems.push(`false positive ${id}: ${JSON.stringify(sample.text.slice(0, 60))}`);
      }
    }
    const precision = tp / Math.max(tp + fp, 1);
    const recall = tp / Math.max(tp + fn, 1);
    console.log(
      `labelled set: ${POSITIVES.length} positives, ${NEGATIVES.length} negatives; TP ${tp}, FP ${fp}, FN ${fn}; ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    for (const problem of problems) console.log(`  ${problem}`);
    assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)}`);
    assert.ok(recall >= 0.95, `recall ${recall.toFixed(3)}`);
  });
});
