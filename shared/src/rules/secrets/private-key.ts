/**
 * PEM private keys (`-----BEGIN … PRIVATE KEY-----`), also inside service-account JSON where the
 * newlines are escaped as `\n`. Format: RFC 7468 §2 (textual encoding), §10/§11 (PKCS#8, RSA).
 */
import { defineRule } from '../../engine/rule.js';
import type { TextView } from '../../engine/rule.js';
import { fixesFor } from './fixes.js';

// Header, base64 body (real or escaped "\n" line breaks), footer. One bounded lazy run ending at a
// literal footer: no two quantifiers compete for the same characters, so the scan stays linear.
const PEM =
  /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----([A-Za-z0-9+/=:,\- \t\r\n\\]{0,16384}?)-----END \1-----/g;

function scan(
  view: TextView,
  report: (range: [number, number], key: string, kind: string) => void,
): void {
  if (!view.text.includes('PRIVATE KEY')) return;
  for (const match of view.text.matchAll(PEM)) {
    const body = match[2] ?? '';
    // A real key has a long base64 body; "…" or "<your key>" placeholders do not.
    if (body.replace(/\\n|\\r|[\s\\]/g, '').length < 64) continue;
    const start = match.index;
    report([start, start + match[0].length], match[0], match[1] ?? 'PRIVATE KEY');
  }
}

/** `RSA PRIVATE KEY` → `RSA private key`, `PRIVATE KEY` → `Private key`. */
function label(kind: string): string {
  const words = kind.replace(/ BLOCK$/, '').split(' ');
  const text = words
    .map((word) =>
      word === 'PRIVATE' || word === 'KEY' || word === 'ENCRYPTED' ? word.toLowerCase() : word,
    )
    .join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export default defineRule({
  meta: {
    id: 'private-key',
    category: 'secret',
    defaultSeverity: 'error',
    cwe: ['CWE-798', 'CWE-321'],
    description: 'A PEM private key is stored in the notebook.',
    fixable: true,
    messages: {
      found:
        // The PEM label (`RSA PRIVATE KEY`) says what kind of key it is and is no secret; the key
        // itself only counts toward the length.
        '{{kind}} ({{length}} chars, PEM) is stored in the notebook. Load it from a file outside the repository or a secret manager, and rotate it.',
    },
  },
  create(context) {
    const visit = (view: TextView): void =>
      scan(view, (range, secret, kind) =>
        context.report({
          view,
          messageId: 'found',
          data: { kind: label(kind), length: secret.length },
          range,
          secret,
          fixes: fixesFor(view, range, 'PRIVATE_KEY', 'private-key'),
        }),
      );
    return { code: visit, markdown: visit, output: visit };
  },
});
