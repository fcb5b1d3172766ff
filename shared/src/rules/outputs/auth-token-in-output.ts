/**
 * Credentials that logs and tracebacks print in transit: HTTP `Authorization` /
 * `Proxy-Authorization` headers (RFC 9110 §11.6.2: `Bearer` RFC 6750, `Basic` RFC 7617, `Token`,
 * `Digest`), API-key headers (`X-API-Key`, `api-key`, `X-Auth-Token`, `Ocp-Apim-Subscription-Key`)
 * — as `requests`/`httpx`/`curl -v` print them and as header dicts repr — and tokens in URL query
 * strings (`?token=`, `&access_token=`, `?api_key=`, `?X-Amz-Security-Token=`), e.g. in the URL of
 * an `HTTPError` traceback.
 *
 * The secrets family runs on outputs too; what it already reports is left to it (no duplicate
 * finding): provider formats (`sk-…`, `hf_…`, JWTs, Azure SAS signatures, …) via its detectors,
 * and `name=value` pairs its `hardcoded-credential` rule accepts, which covers most query
 * parameters with random values.
 */
import type { TextView } from '../../engine/rule.js';
import {
  credentialNameKind,
  isCredentialValue,
  isPlaceholder,
  looksMasked,
  ownHits,
  shannonEntropy,
  shortLivedTokensOf,
  textCandidates,
} from '../secrets/api.js';
import { defineOutputRule, type OutputDetector, type OutputMatch } from './output-rule.js';
import type { ScanText } from './scan-text.js';

// `Authorization: Bearer abc`, `'Authorization': 'Bearer abc'`, `-H "Authorization: token abc"`.
const AUTH_HEADER =
  /(?<![\w-])(?:proxy-)?authorization["']?[ \t]{0,4}[:=][ \t]{0,4}["']?(?:bearer|basic|token|digest|bot|apikey|sso-key|key)[ \t]{1,4}([\w.~+/=:-]{8,4096})/gi;
// `X-API-Key: abc`, `'x-api-key': 'abc'`, `api-key: abc` (Azure OpenAI), `X-Auth-Token: abc`.
const KEY_HEADER =
  /(?<![\w-])(?:x-api-key|api-key|x-auth-token|x-access-token|ocp-apim-subscription-key|x-goog-api-key|x-rapidapi-key|private-token|x-vault-token|x-figma-token)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([\w.~+/=:-]{8,4096})/gi;
// `?token=abc`, `&api_key=abc` in a URL (after `?` or `&`).
const QUERY =
  /[?&](access_token|accesstoken|auth_token|authtoken|id_token|refresh_token|token|api_key|apikey|api-key|key|secret|client_secret|password|passwd|pwd|session|sessionid|session_id|jwt|auth|x-amz-security-token|sig|signature)=([\w.~%+/=-]{8,4096})/gi;

// One pass over the text before any of the patterns above runs: their literal parts.
const PREFILTER =
  /authorization|api-key|auth-token|access-token|subscription-key|private-token|vault-token|figma-token|rapidapi-key|goog-api-key|[?&](?:access_?token|auth_?token|id_token|refresh_token|token|api[_-]?key|key|secret|client_secret|passwd|password|pwd|session(?:_?id)?|jwt|auth|x-amz-security-token|sig|signature)=/i;

const WINDOW = 600;

function isTokenValue(value: string, minLength: number): boolean {
  if (value.length < minLength) return false;
  if (isPlaceholder(value) || looksMasked(value)) return false;
  if (/^(?:null|none|undefined|true|false)$/i.test(value)) return false;
  if (/^[a-z]{1,40}(?:[-_][a-z]{1,40}){0,4}$/i.test(value)) return false; // a word: `Bearer token`
  if (/%7B|%3C|[{}$]/.test(value)) return false; // templates, URL-encoded braces
  return shannonEntropy(value) >= 3.0;
}

/** Would the secrets family report this value (range in `text`) on its own? */
function reportedBySecretRules(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - WINDOW);
  const to = Math.min(text.length, end + WINDOW);
  const window = text.slice(from, to);
  const s = start - from;
  const e = end - from;
  const overlaps = (range: readonly [number, number]): boolean => range[0] < e && range[1] > s;
  if (ownHits(window).some((hit) => overlaps(hit.range))) return true;
  for (const candidate of textCandidates(window)) {
    if (!overlaps(candidate.range)) continue;
    const kind = credentialNameKind(candidate.name);
    if (kind && isCredentialValue(candidate.value, kind)) return true;
  }
  return false;
}

export const authTokenDetector: OutputDetector = {
  kind: 'token',
  noun: ['credential in a header or URL', 'credentials in headers or URLs'],
  prefilter: (text) => PREFILTER.test(text),
  find(scan: ScanText, view: TextView): OutputMatch[] {
    const { text } = scan;
    const matches: OutputMatch[] = [];
    const consider = (pattern: RegExp, group: number, minLength: number): void => {
      for (const match of text.matchAll(pattern)) {
        let value = match[group]!;
        // Trailing punctuation of a log line or a repr: `…abc',` / `…abc).`
        value = value.replace(/[.:,=-]{1,8}$/, (tail) => (/^=+$/.test(tail) ? tail : ''));
        const start = match.index + match[0].length - match[group]!.length;
        if (!isTokenValue(value, minLength)) continue;
        if (reportedBySecretRules(text, start, start + value.length)) continue;
        // The access token of an OAuth 2.0 token response printed elsewhere in the notebook lives
        // at most a day (RFC 6749 §5.1); the secrets family skips that response too, so the two
        // families agree. One set per notebook, not a search of every output per token.
        if (shortLivedTokensOf(view.notebook).has(value)) continue;
        matches.push({ start, end: start + value.length, value });
      }
    };
    consider(AUTH_HEADER, 1, 8);
    consider(KEY_HEADER, 1, 12);
    consider(QUERY, 2, 12);
    matches.sort((a, b) => a.start - b.start);
    return matches.filter((m, i) => i === 0 || m.start >= matches[i - 1]!.end);
  },
};

export default defineOutputRule({
  meta: {
    id: 'auth-token-in-output',
    defaultSeverity: 'error',
    cwe: ['CWE-532', 'CWE-200'],
    description:
      'An output (a log line, a traceback) shows a credential from an HTTP header or a URL query string.',
    message:
      'Output {{output}} shows {{count}} {{noun}} (first: {{masked}}). Clear or redact the output and rotate the credential; log requests without their credentials.',
  },
  detector: authTokenDetector,
});
