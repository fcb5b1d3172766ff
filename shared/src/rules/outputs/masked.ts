/**
 * Masked, redacted and placeholder values are not findings: `****`, `sk-proj-****a1Xz`,
 * `<EMAIL_ADDRESS>` (Presidio's anonymizer), `[REDACTED:email]` (ours), `XXX-XX-1234`, `${TOKEN}`,
 * `your-api-key`. A local check, kept small on purpose: the secrets family owns the full
 * placeholder vocabulary (`secrets/placeholders.ts`).
 */

// Mask characters used by redaction tools and UIs: *, •, ●, ×, █, …
const MASK_CHARS = /[*\u2022\u25cf\u00d7\u2588\u2026]/;
// Three or more x/X/#/0 in a row stand for hidden digits or letters: XXX-XX-1234, ####-1234.
const MASK_RUN = /(?:[xX]{3}|#{3}|\.{3})/;
const REDACTED = /REDACTED|\bMASKED\b|\bHIDDEN\b|\bCENSORED\b/i;
// Template and documentation placeholders.
const TEMPLATE = /^(?:<[^<>]{1,64}>|\{\{?[^{}]{1,64}\}?\}|\$\{[^{}]{1,64}\}|\$[A-Z_][A-Z0-9_]{0,63}|%\([^()]{1,64}\)s|%s)$/;
const PLACEHOLDER_WORDS =
  /\b(?:your|my)[_\- ]?(?:api[_\- ]?)?(?:key|token|secret|password|pass)\b|\b(?:changeme|change[_\-]me|replace[_\-]?me|placeholder|dummy|example|sample|redacted|xxxx+|todo|none|null|undefined|notset|not[_\-]set)\b/i;

/** True when the value is a mask, a redaction marker or a template placeholder. */
export function looksMasked(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (MASK_CHARS.test(v) || MASK_RUN.test(v) || REDACTED.test(v) || TEMPLATE.test(v)) return true;
  return PLACEHOLDER_WORDS.test(v);
}
