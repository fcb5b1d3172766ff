/**
 * The one place a secret becomes displayable. Every message, hover, log line, JSON and SARIF
 * result goes through `maskSecret`: at most a short prefix and the length, never the value.
 */

/** How many leading characters may be shown: enough to recognise a provider (`sk-p`, `AKIA`). */
const PREFIX_CHARS = 4;

/**
 * `sk-proj-abc…` → `sk-p…(51 chars)`. Values of 8 characters or fewer show no prefix at all,
 * because 4 characters of a short password is too much of it.
 */
export function maskSecret(value: string): string {
  const length = value.length;
  if (length <= 8) return `…(${length} chars)`;
  // Never cut a surrogate pair in half.
  let prefix = value.slice(0, PREFIX_CHARS);
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) prefix = prefix.slice(0, -1);
  return `${prefix}…(${length} chars)`;
}

/** A generic stand-in used when redacting a value from a stored output. */
export function redactionFor(kind: string): string {
  return `[REDACTED:${kind}]`;
}
