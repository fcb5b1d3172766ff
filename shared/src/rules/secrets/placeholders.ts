/**
 * What is *not* a secret: placeholders people write where a key goes, masked values, and the
 * identifiers that fill real notebooks (git SHAs, UUIDs, hashes, run ids, model names, paths).
 * One module for every secret rule and for the outputs rules, so they agree on what a
 * placeholder is. Every pattern here is bounded and runs on one value (at most a few hundred
 * characters), never on a whole cell.
 */

/** Values that local, keyless LLM servers accept as an "API key" (vLLM, Ollama, LM Studio docs). */
const NO_AUTH_VALUES = new Set([
  'empty',
  'ollama',
  'lm-studio',
  'lmstudio',
  'none',
  'null',
  'nil',
  'undefined',
  'not-needed',
  'not_needed',
  'notneeded',
  'no-key',
  'nokey',
  'no-key-required',
  'sk-no-key-required',
  'dummy',
  'fake',
  'fake-key',
  'test',
  'token-abc123',
  'abc123',
  'secret',
  'password',
  'passwd',
  'pass',
  'changeme',
  'change-me',
  'change_me',
  'replace_me',
  'replace-me',
  'replaceme',
  'todo',
  'tbd',
  'redacted',
  'hidden',
  'sk-',
  'hf_',
]);

/**
 * AWS's documented example credentials (IAM user guide, "Understanding and getting your AWS
 * credentials"): they appear in every tutorial and are not live keys.
 */
const AWS_EXAMPLE_VALUES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'ASIAIOSFODNN7EXAMPLE',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
]);

/** Words that only occur in a value when someone is describing where the real value goes. */
const PLACEHOLDER_WORDS =
  /your|example|placeholder|change_?me|replace|insert|dummy|redacted|sample|fake|paste|enter[\s_-]|put[\s_-]|here\b|todo|xxxx|\*\*\*|\.\.\.|…|•{2}|<[^<>]{0,80}>|\[[^[\]]{0,80}\]|\$\{[^{}]{0,80}\}|\{\{[^{}]{0,80}\}\}|\{[\w.\s-]{0,80}\}|%\([\w.-]{0,80}\)s|%[A-Z_]{2,40}%|^\$[A-Z_]{2,40}$|\bos\.environ|getenv|\benv:|secretmanager|\bvault:|\bop:\/\//i;

/** `sk-...`, `hf_****`: a known prefix followed by nothing or by filler. */
const PREFIX_AND_FILLER = /^[a-z]{1,8}[_-](?:[a-z]{1,8}[_-])?[.*x•…_-]{0,200}$/i;

/**
 * True when the value is a stand-in for a secret rather than one: `YOUR_API_KEY`, `<token>`,
 * `sk-...`, `[your-api-key]`, `changeme`, `${VAR}`, `{{var}}`, `os.environ[...]`, keyless local
 * server keys (`EMPTY`, `ollama`), AWS's documented example keys, runs of `x`, `*` or `.`.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (v.length > 4096) return false;
  if (AWS_EXAMPLE_VALUES.has(v)) return true;
  if (NO_AUTH_VALUES.has(v.toLowerCase())) return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  if (PREFIX_AND_FILLER.test(v)) return true;
  if (looksMasked(v)) return true;
  // An environment-variable *name* in capitals (`OPENAI_API_KEY`, `REPLACE_ME`), not its value.
  if (/^[A-Z][A-Z0-9]{0,40}(?:_[A-Z0-9]{1,40}){1,10}$/.test(v)) return true;
  // One character repeated (`xxxxxxxx`, `00000000`, `--------`).
  if (/^(.)\1{3,}$/s.test(v)) return true;
  // Ascending runs people type as filler.
  if (/^(?:0?123456789|abcdefgh|qwerty|asdf)/i.test(v) && distinctChars(v) < 12) return true;
  return false;
}

/** True when the value has been masked for display: `****`, `sk-proj-****a1Xz`, `abcd…wxyz`, `xxxx`. */
export function looksMasked(value: string): boolean {
  return /\*{3,}|•{2,}|…|x{4,}|X{4,}|#{4,}|\.{3,}|\[REDACTED[^\]]{0,40}\]|\bREDACTED\b|<redacted>/.test(
    value,
  );
}

function distinctChars(value: string): number {
  return new Set(value).size;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** How many of lower case, upper case, digits and other printable characters the value uses. */
export function characterClasses(value: string): number {
  return (
    (/[a-z]/.test(value) ? 1 : 0) +
    (/[A-Z]/.test(value) ? 1 : 0) +
    (/\d/.test(value) ? 1 : 0) +
    (/[^A-Za-z0-9\s]/.test(value) ? 1 : 0)
  );
}

/**
 * True for values that fill notebooks and look random without being secrets: git SHAs, UUIDs,
 * hex digests and checksums, `sha256:` digests, base64 digests, numbers, dates, versions, run ids,
 * file paths, URLs without a password, model names (`meta-llama/Llama-3-8B`), secret *names*
 * (`prod/openai/key`), dotted identifiers and words.
 */
export function isIdentifierLike(value: string): boolean {
  const v = value.trim();
  // Hex: git SHAs (7–40), MD5/SHA-1/SHA-256/SHA-512 digests, object ids. Provider keys that are
  // bare hex are only ever matched in a provider's context, never by shape alone.
  if (/^(?:0x)?[0-9a-f]{7,128}$/.test(v) || /^[0-9A-F]{7,128}$/.test(v)) return true;
  // UUIDs (with or without dashes, braces).
  if (/^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(v))
    return true;
  // Algorithm-prefixed digests: `sha256:…`, `sha512-…` (SRI), `md5:…`.
  if (/^(?:sha\d{1,3}|md5|blake2b?|xxh\d{2})[:=-]/i.test(v)) return true;
  // Numbers, dates, times, versions, IPs.
  if (/^[\d\s.,:+_/-]{1,64}$/.test(v)) return true;
  if (
    /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(
      v,
    )
  )
    return true;
  if (/^v?\d{1,6}(?:\.\d{1,6}){1,4}(?:[-+.][\w.]{1,40})?$/.test(v)) return true;
  // URLs (a password in one is the business of `password-in-url`) and file paths.
  if (/^[a-z][a-z0-9+.-]{1,30}:\/\//i.test(v)) return true;
  if (/^(?:~|\.{1,2})?\/[\w.@~+-]/.test(v) || /^[A-Za-z]:\\/.test(v)) return true;
  if (
    /^[\w.@~+-]{1,100}(?:\/[\w.@~+-]{1,100}){1,20}\/?$/.test(v) &&
    (/\.[a-z]{1,5}$/i.test(v) || /[a-z]{3}/i.test(v.split('/').pop() ?? ''))
  ) {
    // `meta-llama/Llama-3-8B`, `prod/openai/key`, `data/train.csv`: path-shaped with word parts.
    // A base64 key with a `/` in it has no word-like segments on both sides, so check the parts.
    const parts = v.split('/');
    if (parts.every((p) => p.length === 0 || isWordish(p))) return true;
  }
  // Dotted or snake identifiers: `torch.float16`, `bert_base_uncased`, `my-bucket-name`.
  if (/^[A-Za-z_][\w-]{0,100}(?:\.[A-Za-z_][\w-]{0,100}){0,10}$/.test(v) && isWordish(v))
    return true;
  // Email addresses are the outputs rules' business.
  if (/^[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}$/.test(v)) return true;
  return false;
}

/**
 * True when a token reads like words: split at `_ - . /` and case changes, most parts are
 * vowel-bearing chunks or short numbers. Random keys fail this quickly.
 */
export function isWordish(value: string): boolean {
  const parts = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_.\-/:@]+/)
    .filter(Boolean);
  if (parts.length === 0) return true;
  let wordLike = 0;
  for (const part of parts) {
    if (/^[a-z]{2,12}\d{1,4}$/.test(part)) {
      wordLike++;
      continue;
    }
    if (
      /^\d{1,8}$/.test(part) ||
      /^[A-Z]?[a-z]{1,20}$/.test(part) ||
      /^[A-Z]{1,8}s?$/.test(part) ||
      /^[A-Za-z]{1,3}\d{1,4}[a-z]{0,3}$/.test(part)
    ) {
      if (/^\d{1,8}$/.test(part) || /[aeiouy]/i.test(part) || part.length <= 4) wordLike++;
    }
  }
  return wordLike / parts.length >= 0.75;
}

/**
 * Name-side vocabulary that contains a credential word but never holds a credential. Pagination
 * cursors (`nextPageToken` in Google APIs, `NextToken` / `ContinuationToken` in AWS, `sync_token`,
 * `resume_token`) are opaque positions in a listing, not credentials.
 */
const NOT_A_CREDENTIAL_NAME =
  /(?:page|continuation|next|prev|previous|sync|resume|resumption|cursor|pagination|iterator)_?token|tokeniz|tiktoken|tokens\b|tokens_|_tokens|^n_?tokens|(?:max|min|num|pad|eos|bos|unk|sep|cls|mask|special|new|stop|start|end|image|audio|video|vision|think|added|extra|chat|prompt|input|output|completion|total)_?token|token_?(?:id|ids|type|types|count|counts|len|length|limit|num|usage|budget|logprobs?|embeddings?|level|index|idx|classification|class|offset|pattern|regex|endpoint|url|uri|path|file|name)(?![a-z])|(?:key|secret|token|password|credential)s?_?(?:name|names|id|ids|path|file|filename|dir|env|var|field|prefix|suffix|label|type|length|len|header|location|ref|arn|version|source|hint|helper|manager|store|provider|mode)\b|(?:primary|foreign|sort|partition|dict|cache|group|join|hash|map|index|column|row|random|rng|prng|jax|sort_|lookup|metadata|label|class)_?keys?$|^keys?$|^(?:hot|short|monkey|turkey|whiskey|hockey|jockey)|keyboard|keyword|keypoint|keyframe|keystroke|keyspace|passthrough|passage|compass|bypass|password_?(?:field|input|prompt|widget|policy|hash|salt|reset|changed|required|protected|strength)|auth(?:or|entic|_?(?:type|method|mode|url|uri|endpoint|provider|header|scheme|flow|required|enabled|domain|host|server|handler|backend|config|client|user|name))|secretary|credential_?(?:type|provider|chain|path|file)|pwd_?(?:dir|path)|^cwd$|os\.getcwd/i;

/** Name-side words that mark a credential, strongest first. */
const CREDENTIAL_NAME =
  /passw(?:or)?d|passphrase|^pass$|_pass$|^pwd$|_pwd$|pwd_|secret|token|api_?key|access_?key|private_?key|client_?secret|signing_?key|encryption_?key|master_?key|account_?key|subscription_?key|license_?key|auth_?key|auth$|^auth_|credential|^creds?$|_creds?$|session_?key|bearer|conn(?:ection)?_?str(?:ing)?$|dsn$/i;

/** What kind of credential a name speaks of, or undefined when it is not a credential name. */
export function credentialNameKind(name: string): 'password' | 'secret' | undefined {
  const n = name.trim();
  if (n.length === 0 || n.length > 200) return undefined;
  if (NOT_A_CREDENTIAL_NAME.test(n)) return undefined;
  if (!CREDENTIAL_NAME.test(n)) return undefined;
  return /passw(?:or)?d|passphrase|(?:^|_)pass$|(?:^|_)pwd(?:$|_)/i.test(n) ? 'password' : 'secret';
}
