/** What every report format says about the scan itself, besides its findings. */
import { relative, sep } from 'node:path';
import type { FingerprintKeySource } from './fingerprint-key.js';

export interface ReportMeta {
  /** The config file that was used (absolute), if any. */
  readonly configPath?: string;
  /** Where the fingerprint key came from (never the key). */
  readonly fingerprintKey?: FingerprintKeySource;
  /** What the config turns off without saying so (`configWarnings`). */
  readonly configWarnings?: readonly string[];
}

/** `{ config, fingerprintKey }` as written into JSON and SARIF: the config path relative to `cwd`. */
export function reportProperties(
  meta: ReportMeta,
  cwd: string,
): {
  config: string | null;
  fingerprintKey: FingerprintKeySource;
  configWarnings?: readonly string[];
} {
  return {
    config: meta.configPath === undefined ? null : displayPath(meta.configPath, cwd),
    fingerprintKey: meta.fingerprintKey ?? 'none',
    ...(meta.configWarnings?.length ? { configWarnings: meta.configWarnings } : {}),
  };
}

/** A path as reports show it: relative to `cwd` with `/`, or absolute when it lies outside. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '' || rel.startsWith('..') || /^[a-zA-Z]:|^\//.test(rel))
    return path.split(sep).join('/');
  return rel.split(sep).join('/');
}
