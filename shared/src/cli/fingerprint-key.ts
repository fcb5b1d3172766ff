/**
 * Where the CLI's fingerprint key comes from. Fingerprints are HMAC-SHA-256 digests keyed per
 * repository, so a report (SARIF uploaded to code scanning, a JSON baseline) cannot be used to
 * confirm a guessed password or e-mail offline without the key. The key never enters a report;
 * only where it came from does (`fingerprintKey` in JSON and SARIF).
 *
 * Not the repository's first commit id: finding it means running git (the scanner starts no
 * process, see SECURITY.md) or walking packed history, and everyone who can clone the
 * repository knows it anyway.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The file holding a repository's own key (keep it out of version control). */
export const KEY_FILE_NAME = '.cellguard-key';
/** The environment variable that overrides the file (a CI secret). */
export const KEY_ENV_NAME = 'CELLGUARD_FINGERPRINT_KEY';

export type FingerprintKeySource = 'environment' | 'key-file' | 'none';

export interface FingerprintKey {
  /** Undefined when no source gave a key: the core's public default key is used. */
  readonly key?: string;
  readonly source: FingerprintKeySource;
}

/**
 * The key for a scan started in `start`, first of: `$CELLGUARD_FINGERPRINT_KEY`; the first line
 * of `.cellguard-key` in `start` or a parent, up to the repository root (the folder holding
 * `.git`); none.
 */
export function fingerprintKeyFor(
  start: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): FingerprintKey {
  const fromEnv = env[KEY_ENV_NAME]?.trim();
  if (fromEnv) return { key: fromEnv, source: 'environment' };
  let dir = resolve(start);
  for (;;) {
    const file = join(dir, KEY_FILE_NAME);
    if (existsSync(file)) {
      const key = (readFileSync(file, 'utf8').split(/\r?\n/, 1)[0] ?? '').trim();
      if (key) return { key, source: 'key-file' };
    }
    if (existsSync(join(dir, '.git'))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { source: 'none' };
}
