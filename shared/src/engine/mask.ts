/**
 * The one place a secret becomes displayable. Every message, hover, log line, JSON and SARIF
 * result goes through `maskSecret`: at most a short prefix and the length, never the value.
 */

/** How many leading characters may be shown: enough to recognise a provider (`sk-p`, `AKIA`). */
const PREFIX_CHARS = 4;

/**
 * `sk-proj-abc…` → `sk-p…(51 chars)` when `showPrefix` (the value begins with a provider's public
 * format marker, such as `sk-`, `AKIA`, `ghp_`); `…(12 chars)` otherwise — passwords, personal data
 * and generic credentials show no character at all, since each shown character is one fewer to
 * guess. A prefix is never more than a quarter of the value, and values of 8 characters or fewer
 * show none.
 */
export function maskSecret(value: string, showPrefix = false): string {
  const length = value.length;
  const shown = showPrefix && length > 8 ? Math.min(PREFIX_CHARS, Math.floor(length / 4)) : 0;
  if (shown === 0) return `…(${length} chars)`;
  // Never cut a surrogate pair in half.
  let prefix = value.slice(0, shown);
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) prefix = prefix.slice(0, -1);
  return `${prefix}…(${length} chars)`;
}

/** A generic stand-in used when redacting a value from a stored output. */
export function redactionFor(kind: string): string {
  return `[REDACTED:${kind}]`;
}
