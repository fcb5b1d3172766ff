/**
 * Fake credentials for the secret rule tests: realistic shapes (right prefix, length, alphabet,
 * checksum) filled from a seeded PRNG, so tables stay deterministic and no real key is ever in
 * the repository. Built at runtime; nothing here is a live credential.
 */
import type { CaseInput, InvalidCase, RuleTable } from '../support/rule-tester.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const B64URL = ALNUM + '_-';
const B64 = ALNUM + '+/';
const HEX = '0123456789abcdef';

/** mulberry32: a tiny seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** `n` characters of `alphabet`, deterministic for a `seed` string. Avoids filler words. */
export function rand(alphabet: string, n: number, seed: string): string {
  for (let attempt = 0; ; attempt++) {
    const next = prng(seedOf(`${seed}#${attempt}`));
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)]!;
    // Keep fakes clear of placeholder words and of the marker some formats need in one place only.
    if (
      !/your|example|sample|fake|dummy|here|test|todo|xxx|paste|insert|replace|redact|T3BlbkFJ/i.test(
        out,
      )
    )
      return out;
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++)
    crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(n: number, width: number): string {
  const digits = DIGITS + UPPER + LOWER;
  let out = '';
  let rest = n;
  do {
    out = digits[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

function b64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** A fake of each credential kind. `seed` varies the random part. */
export const fake = {
  openaiProject: (s = 'a') =>
    `sk-proj-${rand(ALNUM, 74, `op${s}`)}T3BlbkFJ${rand(ALNUM, 74, `op2${s}`)}`,
  openaiLegacy: (s = 'a') => `sk-${rand(ALNUM, 20, `ol${s}`)}T3BlbkFJ${rand(ALNUM, 20, `ol2${s}`)}`,
  openaiNoMarker: (s = 'a') => `sk-proj-${rand(B64URL, 60, `on${s}`)}Zq9`,
  anthropic: (s = 'a') => `sk-ant-api03-${rand(B64URL, 93, `an${s}`)}xAA`,
  huggingface: (s = 'a') => `hf_${rand(UPPER + LOWER, 34, `hf${s}`)}`,
  groq: (s = 'a') => `gsk_${rand(ALNUM, 52, `gq${s}`)}`,
  google: (s = 'a') => `AIza${rand(ALNUM, 35, `gg${s}`)}`,
  googleClientSecret: (s = 'a') => `GOCSPX-${rand(ALNUM, 28, `gc${s}`)}`,
  awsKeyId: (s = 'a') => `AKIA${rand(UPPER + DIGITS, 16, `ak${s}`)}`,
  awsSessionKeyId: (s = 'a') => `ASIA${rand(UPPER + DIGITS, 16, `as${s}`)}`,
  /** 40 base64 characters; `end` forces the last one (`/` and `+` are legal endings). */
  awsSecret: (s = 'a', end = '') => {
    const body = rand(ALNUM + '/+', 40 - end.length, `aw${s}`);
    return /[a-z]/.test(body) && /[A-Z]/.test(body) && /\d/.test(body)
      ? body + end
      : `Aa1${body.slice(3)}${end}`;
  },
  awsSessionToken: (s = 'a') => `IQoJb3JpZ2luX2VjE${rand(B64, 340, `st${s}`)}`,
  github: (s = 'a', prefix = 'ghp') => {
    const body = rand(ALNUM, 30, `gh${s}`);
    return `${prefix}_${body}${base62(crc32(body), 6)}`;
  },
  githubBadChecksum: (s = 'a') => {
    const body = rand(ALNUM, 30, `gh${s}`);
    const good = base62(crc32(body), 6);
    return `ghp_${body}${good.slice(0, 5)}${good[5] === 'Z' ? 'Y' : 'Z'}`;
  },
  githubFineGrained: (s = 'a') =>
    `github_pat_${rand(ALNUM, 22, `gf${s}`)}_${rand(ALNUM, 59, `gf2${s}`)}`,
  gitlab: (s = 'a') => `glpat-${rand(ALNUM, 20, `gl${s}`)}`,
  slack: (s = 'a') =>
    `xoxb-${rand(DIGITS, 11, `sl${s}`)}-${rand(DIGITS, 13, `sl2${s}`)}-${rand(ALNUM, 24, `sl3${s}`)}`,
  slackWebhook: (s = 'a') =>
    `https://hooks.slack.com/services/T${rand(UPPER + DIGITS, 8, `sw${s}`)}/B${rand(UPPER + DIGITS, 10, `sw2${s}`)}/${rand(ALNUM, 24, `sw3${s}`)}`,
  stripe: (s = 'a') => `sk_live_${rand(ALNUM, 99, `sp${s}`)}`,
  stripeRestricted: (s = 'a') => `rk_test_${rand(ALNUM, 40, `sr${s}`)}`,
  jwt: (s = 'a') =>
    `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${rand(ALNUM, 12, `jw${s}`)}","role":"service_role","iat":1716239022}`)}.${rand(B64URL, 43, `jw2${s}`)}`,
  azureAccountKey: (s = 'a') => `${rand(B64, 86, `az${s}`)}==`,
  azureSasSig: (s = 'a') => `${rand(ALNUM + '%', 43, `sas${s}`).replace(/%/g, 'Q')}%3D`,
  hex: (n: number, s = 'a') => {
    const v = rand(HEX, n, `hx${n}${s}`);
    return /[a-f]/.test(v) && /\d/.test(v) ? v : `a1${v.slice(2)}`;
  },
  uuid: (s = 'a') => {
    const h = rand(HEX, 32, `uu${s}`);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  },
  replicate: (s = 'a') => `r8_${rand(ALNUM, 37, `r8${s}`)}`,
  pinecone: (s = 'a') => `pcsk_${rand(ALNUM, 6, `pc${s}`)}_${rand(ALNUM, 63, `pc2${s}`)}`,
  twilioApiKeySid: (s = 'a') => `SK${rand(HEX, 32, `tw${s}`)}`,
  twilioAccountSid: (s = 'a') => `AC${rand(HEX, 32, `ac${s}`)}`,
  cohere: (s = 'a') => rand(ALNUM, 40, `co${s}`),
  databricks: (s = 'a') => `dapi${rand(HEX, 32, `db${s}`)}`,
  mistral: (s = 'a') =>
    `${rand(UPPER, 2, `mi0${s}`)}${rand(ALNUM, 28, `mi${s}`)}${rand(LOWER, 2, `mi1${s}`)}`,
  perplexity: (s = 'a') => `pplx-${rand(ALNUM, 48, `pp${s}`)}`,
  together: (s = 'a') => `tgp_v1_${rand(B64URL, 43, `tg${s}`)}`,
  langsmith: (s = 'a') => `lsv2_pt_${rand(HEX, 32, `ls${s}`)}_${rand(HEX, 10, `ls2${s}`)}`,
  tavily: (s = 'a') => `tvly-${rand(ALNUM, 32, `tv${s}`)}`,
  npm: (s = 'a') => `npm_${rand(ALNUM, 36, `np${s}`)}`,
  sendgrid: (s = 'a') => `SG.${rand(ALNUM, 22, `sg${s}`)}.${rand(ALNUM, 43, `sg2${s}`)}`,
  shopify: (s = 'a') => `shpat_${rand(HEX, 32, `sh${s}`)}`,
  grafana: (s = 'a') => `glsa_${rand(ALNUM, 32, `gr${s}`)}_${rand(HEX, 8, `gr2${s}`)}`,
  onepassword: (s = 'a') => {
    // base64 of a JSON object, as the real tokens are; padded so the base64 ends in `fQ==`.
    let json = JSON.stringify({
      email: `${rand(LOWER, 13, `o1${s}`)}@1passwordserviceaccounts.lcl`,
      secretKey: rand(UPPER + DIGITS, 34, `o2${s}`),
      srpX: rand(HEX, 64, `o3${s}`),
    });
    while (json.length % 3 !== 1) json = json.replace('{', '{ ');
    return `ops_${Buffer.from(json).toString('base64')}`;
  },
  vault: (s = 'a') => `hvs.${rand(B64URL, 95, `hv${s}`)}`,
  vercel: (s = 'a') => `vcp_${rand(ALNUM, 40, `vc${s}`)}`,
  docker: (s = 'a') => `dckr_pat_${rand(ALNUM, 27, `dk${s}`)}`,
  figma: (s = 'a') => `figd_${rand(ALNUM, 40, `fg${s}`)}`,
  cloudflare: (s = 'a') => `cfut_${rand(ALNUM, 40, `cf${s}`)}${rand(HEX, 8, `cf2${s}`)}`,
  tailscale: (s = 'a') => `tskey-auth-${rand(ALNUM, 12, `ts${s}`)}-${rand(ALNUM, 30, `ts2${s}`)}`,
  linear: (s = 'a') => `lin_api_${rand(ALNUM, 40, `li${s}`)}`,
  notion: (s = 'a') => `ntn_${rand(DIGITS, 11, `nt${s}`)}${rand(ALNUM, 35, `nt2${s}`)}`,
  password: (s = 'a') => `${rand(ALNUM, 6, `pw${s}`)}!${rand(ALNUM, 5, `pw2${s}`)}#9`,
  pem: (s = 'a') => {
    const body = rand(B64, 256, `pem${s}`)
      .replace(/(.{64})/g, '$1\n')
      .trim();
    return `-----BEGIN RSA PRIVATE KEY-----\nMIIE${body}\n-----END RSA PRIVATE KEY-----`;
  },
};

/**
 * A standard table for a provider rule: the value as a literal in code (fixed to
 * `os.environ["ENV"]`, the import added; with `import os` already there, not added twice), in
 * markdown, in an output, plus the rule's own valid cases.
 */
export function providerTable(spec: {
  /** The fake credential. */
  secret: string;
  /** Code around the literal, `$` standing for the quoted literal. Default `key = $`. */
  code?: string;
  /** Text of markdown and output cases, `$` standing for the bare value. Default: the value. */
  text?: string;
  envName: string;
  /** The quoted literal holding the secret, when it holds more than the secret. */
  literal?: string;
  /** Which fix the table applies: the preferred one, `os.environ` unless the literal is written into the environment. */
  fix?: 'environ' | 'getpass';
  valid: readonly CaseInput[];
  extraInvalid?: readonly InvalidCase[];
}): RuleTable {
  const code = spec.code ?? 'key = $';
  const text = spec.text ?? 'Here it is: $';
  const literal = spec.literal ?? JSON.stringify(spec.secret);
  const replacement =
    spec.fix === 'getpass'
      ? `getpass.getpass(${JSON.stringify(`${spec.envName}: `)})`
      : `os.environ[${JSON.stringify(spec.envName)}]`;
  const module = spec.fix === 'getpass' ? 'getpass' : 'os';
  const fixed = code.replace('$', replacement);
  const withText = (t: string): string => t.replace('$', spec.secret);
  return withSafeNames({
    valid: spec.valid,
    invalid: [
      {
        input: code.replace('$', literal),
        errors: [{ text: spec.secret, messageId: 'inSource' }],
        output: `import ${module}\n${fixed}`,
      },
      {
        input: { cells: [{ source: `import ${module}` }, { source: code.replace('$', literal) }] },
        errors: [{ text: spec.secret }],
        output: fixed,
      },
      { input: `# ${withText(text)}`, errors: [{ text: spec.secret }] },
      { input: { markdown: withText(text) }, errors: [{ text: spec.secret }] },
      {
        input: { output: `${withText(text)}\n` },
        errors: [{ text: spec.secret, messageId: 'inOutput' }],
      },
      ...(spec.extraInvalid ?? []),
    ],
  });
}

/** A test name for a case with every random-looking run (a fake credential) cut to 4 characters. */
export function safeName(input: CaseInput): string {
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  const masked = text.replace(/[\w+/=%.-]{16,}/g, (run) =>
    (/\d/.test(run) && /[A-Za-z]/.test(run)) || (/[a-z]/.test(run) && /[A-Z]/.test(run))
      ? `${run.slice(0, 4)}…`
      : run,
  );
  return masked.length > 90 ? `${masked.slice(0, 87)}...` : masked;
}

function named(input: CaseInput): CaseInput {
  const name = safeName(input);
  if (typeof input === 'string') return { code: input, name };
  return { ...input, name };
}

/** The table with test names that never spell out a (fake) credential. */
export function withSafeNames(table: RuleTable): RuleTable {
  return {
    valid: table.valid.map(named),
    invalid: table.invalid.map((testCase) => ({ ...testCase, input: named(testCase.input) })),
  };
}
