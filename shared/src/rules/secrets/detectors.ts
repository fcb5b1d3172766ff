/**
 * Cellguard's own provider detectors: formats secretlint's recommended preset does not cover, or
 * covers without the context a notebook gives (a 40-character AWS secret after
 * `aws_secret_access_key=`, a legacy Pinecone UUID passed to `Pinecone(api_key=…)`). Each detector
 * cites where its format comes from. Every pattern is linear: bounded quantifiers, and no two
 * adjacent quantifiers can match the same characters except where a literal separates them.
 */
import { isPlaceholder, shannonEntropy } from './placeholders.js';

/** One credential found in a text. */
export interface ProviderHit {
  /** The Cellguard rule that reports it. */
  readonly ruleId: string;
  /** Human name of the credential kind: `OpenAI API key`. Never the value. */
  readonly label: string;
  /** Environment variable the provider's SDK reads, used by the fixes. */
  readonly envName: string;
  /** Offsets of exactly the secret. */
  readonly range: readonly [number, number];
  readonly secret: string;
}

export interface Detector {
  readonly ruleId: string;
  readonly label: string;
  readonly envName: string;
  /**
   * Literals, one of which occurs in every text this detector can match (checked with
   * `includes`, or case-insensitively when `caseInsensitive`). They also feed the cell prefilter.
   */
  readonly triggers: readonly string[];
  readonly caseInsensitive?: boolean;
  /** More literals, matched case-insensitively whatever `caseInsensitive` says. */
  readonly caseInsensitiveTriggers?: readonly string[];
  /** Find candidates; `emit(start, value)` with the offset of the value in `text`. */
  scan(
    text: string,
    emit: (
      start: number,
      value: string,
      override?: Partial<Pick<ProviderHit, 'label' | 'envName'>>,
    ) => void,
  ): void;
}

/**
 * `NAME = "value"`, `NAME="value"`, `"NAME": "value"`, `NAME: value`, `NAME=value` (%env, .env,
 * export), `os.environ["NAME"] = "value"`, `setdefault("NAME", "value")`, `getenv("NAME", "value")`.
 * `names` is a regex source for the key (matched case-insensitively, at a word boundary, with an
 * optional short prefix such as `MY_` or `self.`); `value` the value's own pattern. Group 1 is the
 * value. The value must end at a non-token character so `[A-Za-z0-9/+]{40}` does not match the
 * first 40 characters of something longer.
 */
export function keyed(names: string, value: string, valueTail = 'A-Za-z0-9/+=_-'): RegExp {
  return new RegExp(
    String.raw`(?<![\w.-])[\w.]{0,24}?(?:${names})(?![\w])["'\]]{0,2}\s{0,4}(?:=>|:=|[:=,])\s{0,4}[rRbBuU]?["'\x60]?(${value})(?![${valueTail}])`,
    'gi',
  );
}

function emitGroup(
  pattern: RegExp,
  text: string,
  emit: (start: number, value: string) => void,
  group = 1,
): void {
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    const value = match[group];
    if (value === undefined) continue;
    // The value sits at the end of the match or just before a closing quote: search backwards.
    const offset = group === 0 ? 0 : match[0].lastIndexOf(value);
    emit(match.index + offset, value);
  }
}

/** Random-looking enough to be a generated key and not a word or a filler run. */
export function looksRandom(value: string, minEntropy = 3.2): boolean {
  return shannonEntropy(value) >= minEntropy && !isPlaceholder(value);
}

// ---------------------------------------------------------------------------------------------
// GitHub: `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 30 random base62 characters + a 6-character base62
// CRC32 of those 30 characters. Source: GitHub Engineering, "Behind GitHub's new authentication
// token formats" (2021-04-05); the checksum layout as verified by credsweeper's ValueGitHubCheck.
// Fine-grained PATs: `github_pat_` + 22 + `_` + 59 (GitHub docs, "Supported secret scanning
// patterns"); their checksum is not published, so they are gated by entropy instead.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++)
    crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` in base62 (digits, upper, lower), left-padded with `0` to `width`. */
export function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  do {
    out = BASE62[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

/** True when a classic GitHub token's last 6 characters are the base62 CRC32 of its 30-char body. */
export function hasValidGitHubChecksum(token: string): boolean {
  const match = /^gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})$/.exec(token);
  if (!match) return false;
  return base62(crc32(match[1]!), 6) === match[2];
}

const GITHUB_CLASSIC = /\bgh[pousr]_[A-Za-z0-9]{36}\b/g;
const GITHUB_FINE_GRAINED = /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g;

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Provider formats with a fixed prefix.

/** Prefix tokens: one detector, one pattern, an entropy gate on the random part. */
function prefixed(spec: {
  ruleId: string;
  label: string;
  envName: string;
  triggers: string[];
  pattern: RegExp;
  /** Characters to drop from the front before the entropy check (the prefix). */
  prefixLength: number;
  minEntropy?: number;
  validate?: (value: string) => boolean;
}): Detector {
  return {
    ruleId: spec.ruleId,
    label: spec.label,
    envName: spec.envName,
    triggers: spec.triggers,
    scan(text, emit) {
      emitGroup(
        spec.pattern,
        text,
        (start, value) => {
          if (!looksRandom(value.slice(spec.prefixLength), spec.minEntropy ?? 3.2)) return;
          if (spec.validate && !spec.validate(value)) return;
          emit(start, value);
        },
        0,
      );
    },
  };
}

/** Context tokens: a value pattern only trusted after one of the provider's key names. */
function contextual(spec: {
  ruleId: string;
  label: string;
  envName: string;
  triggers: string[];
  patterns: RegExp[];
  minEntropy?: number;
}): Detector {
  return {
    ruleId: spec.ruleId,
    label: spec.label,
    envName: spec.envName,
    triggers: spec.triggers,
    caseInsensitive: true,
    scan(text, emit) {
      for (const pattern of spec.patterns) {
        emitGroup(pattern, text, (start, value) => {
          if (!looksRandom(value, spec.minEntropy ?? 3.0)) return;
          emit(start, value);
        });
      }
    },
  };
}

const HEX32 = '[0-9a-f]{32}';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** JWT header of jwt.io's example token, which is in every tutorial. */
const JWT_IO_EXAMPLE_PAYLOAD =
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ';

function base64UrlDecode(segment: string): string | undefined {
  try {
    const b64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    return atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return undefined;
  }
}

/** Every Cellguard-own detector. */
export const DETECTORS: readonly Detector[] = [
  {
    ruleId: 'github-token',
    label: 'GitHub token',
    envName: 'GITHUB_TOKEN',
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    scan(text, emit) {
      emitGroup(
        GITHUB_CLASSIC,
        text,
        (start, value) => {
          if (hasValidGitHubChecksum(value)) emit(start, value);
        },
        0,
      );
      emitGroup(
        GITHUB_FINE_GRAINED,
        text,
        (start, value) => {
          if (looksRandom(value.slice(11), 3.5)) emit(start, value);
        },
        0,
      );
    },
  },
  {
    ruleId: 'aws-access-key',
    label: 'AWS secret access key',
    envName: 'AWS_SECRET_ACCESS_KEY',
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
  // OpenAI: `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…` and legacy `sk-…`; keys carry the base64 of
  // "OpenAI" (`T3BlbkFJ`) in the middle. Source: OpenAI API reference, "Authentication"; GitHub
  // secret scanning patterns (openai_api_key). Project keys without the marker are accepted when
  // random enough; bare `sk-` keys need the marker or 32+ random characters.
  prefixed({
    ruleId: 'openai-api-key',
    label: 'OpenAI API key',
    envName: 'OPENAI_API_KEY',
    triggers: ['sk-'],
    pattern: /(?<![\w-])sk-(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[\w-]{32,250}(?![\w-])/g,
    prefixLength: 3,
    minEntropy: 3.5,
    validate: (value) =>
      value.includes('T3BlbkFJ') ||
      (/\d/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value.slice(3))),
  }),
  // Anthropic: `sk-ant-api03-…` (and `sk-ant-admin01-…`). Source: Anthropic API docs, "API keys";
  // GitHub secret scanning patterns (anthropic_api_key).
  prefixed({
    ruleId: 'anthropic-api-key',
    label: 'Anthropic API key',
    envName: 'ANTHROPIC_API_KEY',
    triggers: ['sk-ant-'],
    pattern: /(?<![\w-])sk-ant-(?:api|admin|sid)\d{2}-[\w-]{80,130}(?![\w-])/g,
    prefixLength: 13,
    minEntropy: 3.8,
  }),
  // Hugging Face user access tokens `hf_` + 34 letters; org tokens `api_org_`. Source: Hugging
  // Face docs, "User access tokens"; GitHub secret scanning (hf_*).
  prefixed({
    ruleId: 'huggingface-token',
    label: 'Hugging Face token',
    envName: 'HF_TOKEN',
    triggers: ['hf_', 'api_org_'],
    pattern: /(?<![\w-])(?:hf|api_org)_[A-Za-z0-9]{30,40}(?![\w-])/g,
    prefixLength: 3,
    minEntropy: 3.8,
    validate: (value) => /[a-z]/.test(value) && /[A-Z]/.test(value),
  }),
  // Google API keys (Maps, Gemini / AI Studio, YouTube…): `AIza` + 35 characters. Source: Google
  // Cloud docs, "Manage API keys"; GitHub secret scanning (google_api_key).
  prefixed({
    ruleId: 'google-api-key',
    label: 'Google API key',
    envName: 'GOOGLE_API_KEY',
    triggers: ['AIza'],
    pattern: /(?<![\w-])AIza[\w-]{35}(?![\w-])/g,
    prefixLength: 4,
    minEntropy: 3.6,
  }),
  // Google OAuth client secrets (Drive / Sheets / YouTube auth flows in notebooks): `GOCSPX-` + 28
  // characters. Source: Google Cloud docs, "Manage OAuth clients"; GitHub secret scanning
  // (google_oauth_client_secret).
  prefixed({
    ruleId: 'google-api-key',
    label: 'Google OAuth client secret',
    envName: 'GOOGLE_CLIENT_SECRET',
    triggers: ['GOCSPX-'],
    pattern: /(?<![\w-])GOCSPX-[\w-]{28}(?![\w-])/g,
    prefixLength: 7,
    minEntropy: 3.5,
  }),
  // JSON Web Tokens: three base64url segments, header and payload JSON objects (RFC 7519 §3).
  // Checked by decoding the header: it must be JSON with an `alg`.
  {
    ruleId: 'json-web-token',
    label: 'JSON Web Token',
    envName: 'JWT_TOKEN',
    triggers: ['eyJ'],
    scan(text, emit) {
      const pattern = /(?<![\w-])eyJ[\w-]{8,2000}\.eyJ[\w-]{8,8000}\.[\w-]{16,2000}(?![\w-])/g;
      emitGroup(
        pattern,
        text,
        (start, value) => {
          const [header, payload] = value.split('.');
          if (payload === JWT_IO_EXAMPLE_PAYLOAD) return;
          const decoded = base64UrlDecode(header ?? '');
          if (!decoded || !/^\s*\{[\s\S]{0,400}"alg"\s*:/.test(decoded)) return;
          emit(start, value);
        },
        0,
      );
    },
  },
  // Azure. Storage connection strings carry `AccountKey=` + 88 base64 characters; Service Bus and
  // Event Hubs `SharedAccessKey=` + 44. Source: Microsoft Learn, "Configure Azure Storage
  // connection strings" and "Service Bus access control with Shared Access Signatures". SAS URLs
  // carry the signature in `sig=` (Microsoft Learn, "Create a service SAS"). Azure OpenAI / AI
  // services keys are 32 hex characters (older) or 84 characters (2024+), recognisable only in
  // context (Microsoft Learn, "Azure OpenAI … authentication").
  {
    ruleId: 'azure-credential',
    label: 'Azure storage account key',
    envName: 'AZURE_STORAGE_CONNECTION_STRING',
    triggers: [
      'AccountKey',
      'SharedAccessKey',
      'sig=',
      'SIG=',
      'azure',
      'Azure',
      'AZURE',
      'Ocp-Apim',
    ],
    scan(text, emit) {
      emitGroup(/AccountKey=([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/g, text, emit);
      emitGroup(/SharedAccessKey=([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/g, text, (start, value) =>
        emit(start, value, { label: 'Azure shared access key' }),
      );
      emitGroup(
        /[?&;]sig=([A-Z0-9%+/]{40,120}(?:%3D|=){0,2})(?![A-Z0-9%+/=])/gi,
        text,
        (start, value) => {
          // A SAS token always has a service version and an expiry or permissions next to it.
          const around = text.slice(Math.max(0, start - 400), start + value.length + 200);
          if (!/[?&;]sv=\d{4}-\d{2}-\d{2}/.test(around) || !/[?&;](?:se|sp|st|spr)=/.test(around))
            return;
          if (!looksRandom(decodeURIComponentSafe(value), 3.8)) return;
          emit(start, value, { label: 'Azure SAS signature', envName: 'AZURE_STORAGE_SAS_TOKEN' });
        },
      );
      if (!/azure/i.test(text) && !text.includes('Ocp-Apim')) return;
      const openai = (start: number, value: string): void => {
        if (looksRandom(value, 3.0))
          emit(start, value, {
            label: 'Azure OpenAI / AI services key',
            envName: 'AZURE_OPENAI_API_KEY',
          });
      };
      const value = `${HEX32}|[A-Za-z0-9]{84}`;
      emitGroup(
        keyed(
          String.raw`azure_?(?:openai|ai|cognitive|search|speech|language|vision|translator|document_?intelligence|form_?recognizer|oai)?_?(?:services_?)?(?:api_?)?key|Ocp-Apim-Subscription-Key|subscription_?key`,
          value,
        ),
        text,
        openai,
      );
      // `AzureOpenAI(api_key="…")`, `AzureChatOpenAI(openai_api_key="…")` in a cell that speaks Azure.
      emitGroup(keyed(String.raw`(?:openai_?)?api_?key`, value), text, openai);
    },
  },
  // Replicate API tokens: `r8_` + 37 characters. Source: Replicate docs, "API tokens"; GitHub
  // secret scanning (replicate_api_token).
  prefixed({
    ruleId: 'replicate-api-token',
    label: 'Replicate API token',
    envName: 'REPLICATE_API_TOKEN',
    triggers: ['r8_'],
    pattern: /(?<![\w-])r8_[A-Za-z0-9]{37}(?![\w-])/g,
    prefixLength: 3,
    minEntropy: 3.6,
  }),
  // Pinecone: `pcsk_<id>_<secret>` (2024+, Pinecone docs "Authentication"; GitHub secret scanning
  // pinecone_api_key). Legacy keys were UUIDs, recognisable only where a Pinecone key goes.
  {
    ruleId: 'pinecone-api-key',
    label: 'Pinecone API key',
    envName: 'PINECONE_API_KEY',
    triggers: ['pcsk_', 'pinecone'],
    caseInsensitive: true,
    scan(text, emit) {
      emitGroup(
        /(?<![\w-])pcsk_[A-Za-z0-9]{4,12}_[A-Za-z0-9]{40,100}(?![\w-])/g,
        text,
        (start, value) => {
          if (looksRandom(value.slice(5), 3.8)) emit(start, value);
        },
        0,
      );
      if (!/pinecone/i.test(text)) return;
      const uuid = (start: number, value: string): void => {
        if (looksRandom(value.replace(/-/g, ''), 3.0) && !/^0{8}-/.test(value)) emit(start, value);
      };
      emitGroup(keyed(String.raw`pinecone_?(?:api_?)?key`, UUID), text, uuid);
      // `Pinecone(api_key="…")`, `pinecone.init(api_key="…")`: a UUID api_key in a Pinecone cell.
      emitGroup(keyed('api_?key', UUID), text, uuid);
    },
  },
  // Twilio: auth tokens are 32 hex characters (Twilio docs, "Auth tokens and how to change
  // them"); API key SIDs `SK` + 32 hex with a 32-character secret (Twilio docs, "API keys").
  {
    ruleId: 'twilio-credential',
    label: 'Twilio auth token',
    envName: 'TWILIO_AUTH_TOKEN',
    // Every pattern below needs `twilio` in the name or in the text (`/twilio/i`).
    triggers: ['twilio'],
    caseInsensitive: true,
    scan(text, emit) {
      const twilio = /twilio/i.test(text);
      emitGroup(
        keyed(String.raw`twilio_?auth_?token|twilio_?token`, HEX32),
        text,
        (start, value) => {
          if (looksRandom(value, 3.0)) emit(start, value);
        },
      );
      if (!twilio) return;
      emitGroup(keyed(String.raw`auth_?token`, HEX32), text, (start, value) => {
        if (looksRandom(value, 3.0)) emit(start, value);
      });
      // `Client("AC…", "<token>")`: the account SID followed by the token.
      emitGroup(
        /["']AC[0-9a-f]{32}["']\s{0,4},\s{0,4}["']([0-9a-f]{32})["']/g,
        text,
        (start, value) => {
          if (looksRandom(value, 3.0)) emit(start, value);
        },
      );
      emitGroup(
        /(?<![\w-])SK[0-9a-f]{32}(?![\w-])/g,
        text,
        (start, value) => {
          if (looksRandom(value.slice(2), 3.0))
            emit(start, value, { label: 'Twilio API key', envName: 'TWILIO_API_KEY' });
        },
        0,
      );
      emitGroup(
        keyed(String.raw`(?:twilio_?)?api_?(?:key_?)?secret`, '[A-Za-z0-9]{32}'),
        text,
        (start, value) => {
          if (looksRandom(value, 3.4))
            emit(start, value, { label: 'Twilio API key secret', envName: 'TWILIO_API_SECRET' });
        },
      );
    },
  },
  // Weights & Biases: API keys are 40 hex characters (wandb docs, "wandb login"; the `.netrc`
  // entry for api.wandb.ai). Newer keys may be longer and prefixed; accepted in the same contexts.
  {
    ruleId: 'wandb-api-key',
    label: 'Weights & Biases API key',
    envName: 'WANDB_API_KEY',
    triggers: ['wandb', 'WANDB'],
    caseInsensitive: true,
    scan(text, emit) {
      const value = String.raw`[0-9a-f]{40}|[A-Za-z0-9_-]{40,100}`;
      const gate = (start: number, v: string): void => {
        if (looksRandom(v, 3.2)) emit(start, v);
      };
      emitGroup(keyed(String.raw`wandb_?(?:api_?)?key`, value), text, gate);
      emitGroup(
        /wandb\.login\(\s{0,8}(?:key\s{0,4}=\s{0,4})?[rRbBuU]?["']([\w-]{40,100})["']/g,
        text,
        gate,
      );
      emitGroup(
        /wandb\s{1,4}login\s{1,4}(?:--relogin\s{1,4})?([0-9a-f]{40})(?![\w-])/g,
        text,
        gate,
      );
      emitGroup(
        /machine\s{1,4}api\.wandb\.ai\s{1,8}login\s{1,4}\S{1,100}\s{1,8}password\s{1,4}([0-9a-f]{40})(?![\w-])/g,
        text,
        gate,
      );
    },
  },
  // Kaggle: the API key in `kaggle.json` (`{"username": …, "key": "<32 hex>"}`) or `KAGGLE_KEY`.
  // Source: Kaggle API docs, "API credentials".
  {
    ruleId: 'kaggle-api-key',
    label: 'Kaggle API key',
    envName: 'KAGGLE_KEY',
    triggers: ['kaggle', 'KAGGLE', 'Kaggle', '"username"', "'username'"],
    scan(text, emit) {
      const gate = (start: number, v: string): void => {
        if (looksRandom(v, 3.0)) emit(start, v);
      };
      emitGroup(keyed(String.raw`kaggle_?(?:api_?)?key`, HEX32), text, gate);
      // kaggle.json content: a `username` and a 32-hex `key` next to each other.
      emitGroup(
        /["']username["']\s{0,4}:\s{0,4}["'][^"'\n]{1,64}["']\s{0,4},\s{0,4}["']key["']\s{0,4}:\s{0,4}["']([0-9a-f]{32})["']/g,
        text,
        gate,
      );
      emitGroup(
        /["']key["']\s{0,4}:\s{0,4}["']([0-9a-f]{32})["']\s{0,4},\s{0,4}["']username["']/g,
        text,
        gate,
      );
    },
  },
  // Cohere: 40 alphanumeric characters, recognisable only in context (Cohere docs, "API keys";
  // the SDK reads `CO_API_KEY`).
  contextual({
    ruleId: 'cohere-api-key',
    label: 'Cohere API key',
    envName: 'CO_API_KEY',
    triggers: ['cohere', 'co_api_key'],
    patterns: [
      keyed(String.raw`co(?:here)?_?api_?key|cohere_?key`, '[A-Za-z0-9]{40}'),
      /cohere\.(?:Async)?Client(?:V2)?\(\s{0,8}(?:api_key\s{0,4}=\s{0,4})?[rRbBuU]?["']([A-Za-z0-9]{40})["']/g,
    ],
    minEntropy: 3.5,
  }),
  // AI services whose keys have a known prefix, and Mistral / Together whose keys are recognisable
  // in context. Sources: Perplexity docs ("pplx-"), Together AI docs ("tgp_v1_" keys since 2025;
  // earlier 64-hex keys), NVIDIA NIM docs ("nvapi-"), xAI docs ("xai-"), LangSmith docs
  // ("lsv2_pt_"/"lsv2_sk_"), Tavily docs ("tvly-"), Firecrawl docs ("fc-"), Mistral docs
  // (32-character keys, `MISTRAL_API_KEY`); GitHub secret scanning patterns for each.
  {
    ruleId: 'ai-service-api-key',
    label: 'AI service API key',
    envName: 'API_KEY',
    triggers: ['pplx-', 'tgp_v1_', 'nvapi-', 'xai-', 'lsv2_', 'tvly-', 'fc-'],
    // The Mistral patterns run in a text that says `mistral`; the Together one needs the name
    // `together_?(?:api_?)?key`, so not the English word.
    caseInsensitiveTriggers: [
      'mistral',
      'together_key',
      'togetherkey',
      'together_api',
      'togetherapi',
    ],
    scan(text, emit) {
      const prefixes: [RegExp, string, string, number][] = [
        [/(?<![\w-])pplx-[A-Za-z0-9]{48}(?![\w-])/g, 'Perplexity API key', 'PERPLEXITY_API_KEY', 5],
        [/(?<![\w-])tgp_v1_[\w-]{40,50}(?![\w-])/g, 'Together AI API key', 'TOGETHER_API_KEY', 7],
        [/(?<![\w-])nvapi-[\w-]{60,70}(?![\w-])/g, 'NVIDIA API key', 'NVIDIA_API_KEY', 6],
        [/(?<![\w-])xai-[A-Za-z0-9]{70,90}(?![\w-])/g, 'xAI API key', 'XAI_API_KEY', 4],
        [
          /(?<![\w-])lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}(?![\w-])/g,
          'LangSmith API key',
          'LANGSMITH_API_KEY',
          8,
        ],
        [
          /(?<![\w-])tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}(?![\w-])/g,
          'Tavily API key',
          'TAVILY_API_KEY',
          5,
        ],
        [/(?<![\w-])fc-[0-9a-f]{32}(?![\w-])/g, 'Firecrawl API key', 'FIRECRAWL_API_KEY', 3],
      ];
      for (const [pattern, label, envName, prefixLength] of prefixes) {
        emitGroup(
          pattern,
          text,
          (start, value) => {
            if (looksRandom(value.slice(prefixLength), 3.2)) emit(start, value, { label, envName });
          },
          0,
        );
      }
      if (/mistral/i.test(text)) {
        const gate = (start: number, value: string): void => {
          if (/[A-Z]/.test(value) && /[a-z]/.test(value) && looksRandom(value, 3.5))
            emit(start, value, { label: 'Mistral API key', envName: 'MISTRAL_API_KEY' });
        };
        emitGroup(keyed(String.raw`mistral_?(?:api_?)?key`, '[A-Za-z0-9]{32}'), text, gate);
        emitGroup(
          /Mistral(?:Client|AsyncClient)?\(\s{0,8}api_key\s{0,4}=\s{0,4}[rRbBuU]?["']([A-Za-z0-9]{32})["']/g,
          text,
          gate,
        );
      }
      if (/together_?(?:api|key)/i.test(text)) {
        emitGroup(
          keyed(String.raw`together_?(?:api_?)?key`, '[0-9a-f]{64}'),
          text,
          (start, value) => {
            if (looksRandom(value, 3.0))
              emit(start, value, { label: 'Together AI API key', envName: 'TOGETHER_API_KEY' });
          },
        );
      }
    },
  },
  // Passwords in URLs of any scheme: `postgresql+psycopg2://user:pw@host/db`, `redis://:pw@host`,
  // `amqp://`, `snowflake://`, `mongodb+srv://`, `https://user:pw@host` (RFC 3986 §3.2.1: userinfo
  // is `user:password` before the last `@` of the authority). Parsed by hand, not by one regex, so
  // passwords with `@`, `:` or `/` in them are cut at the right place without backtracking.
  {
    ruleId: 'password-in-url',
    label: 'password in a URL',
    envName: 'DATABASE_URL',
    triggers: ['://'],
    scan(text, emit) {
      // A password in a URL sits before an `@`.
      if (!text.includes('@')) return;
      const scheme = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\//g;
      for (const match of text.matchAll(scheme)) {
        const from = match.index + match[0].length;
        const stop = /[\s"'`<>\\]/.exec(text.slice(from, from + 400));
        const candidate = text.slice(from, stop ? from + stop.index : from + 400);
        // The authority ends at the first `/` or `?` after the first `@`; userinfo ends at the last
        // `@` before that. So `p@ss#word` stays whole, and an `@` in a query string is not taken.
        const firstAt = candidate.indexOf('@');
        if (firstAt <= 0) continue;
        const pathStart = candidate.slice(firstAt).search(/[/?]/);
        const at = candidate.lastIndexOf(
          '@',
          pathStart === -1 ? candidate.length : firstAt + pathStart,
        );
        const userinfo = candidate.slice(0, at);
        const colon = userinfo.indexOf(':');
        if (colon === -1) continue;
        const user = userinfo.slice(0, colon);
        if (user.includes('/')) continue;
        const password = userinfo.slice(colon + 1);
        const host = candidate.slice(at + 1);
        if (!/^[\w.[\]-]/.test(host)) continue;
        const name = match[1]!.toLowerCase();
        // `https://<token>:x-oauth-basic@github.com/…`: the token is the user part.
        if (password === 'x-oauth-basic') {
          if (user.length >= 20 && looksRandom(user, 3.0))
            emit(from, user, { label: 'token in a URL', envName: 'GITHUB_TOKEN' });
          continue;
        }
        if (!isUrlPassword(user, password)) continue;
        emit(from + colon + 1, password, { envName: urlEnvName(name) });
      }
    },
  },
];

/** Defaults and template parts that are not a real password in a URL. */
function isUrlPassword(user: string, password: string): boolean {
  if (password.length < 3 || password.length > 200) return false;
  if (password === user) return false;
  if (/[{}$<>]|%s|%\(|\*{2,}/.test(password) || /[{}$<>]/.test(user)) return false;
  if (isPlaceholder(password)) return false;
  if (
    /^(?:pass(?:word)?\d{0,3}|pwd|passwd|secret|admin|root|guest|postgres|mysql|redis|minioadmin|user|username|test|demo|default|example)$/i.test(
      password,
    )
  )
    return false;
  return true;
}

function urlEnvName(scheme: string): string {
  if (
    /^(?:postgres|mysql|mariadb|mssql|oracle|sqlite|cockroachdb|jdbc|snowflake|clickhouse|redshift|trino|presto|databricks)/.test(
      scheme,
    )
  )
    return 'DATABASE_URL';
  if (scheme.startsWith('mongodb')) return 'MONGODB_URI';
  if (scheme.startsWith('redis') || scheme.startsWith('rediss')) return 'REDIS_URL';
  if (scheme.startsWith('amqp')) return 'AMQP_URL';
  if (scheme.startsWith('http') || scheme.startsWith('ftp')) return 'SERVICE_URL';
  return `${scheme.replace(/[^a-z0-9]+/g, '_').toUpperCase()}_URL`;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
