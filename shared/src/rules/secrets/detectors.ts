/**
 * What every provider file (`providers/*.ts`) builds its detectors from: the `name = value`
 * pattern builder, the entropy gate, prefix and context detector shapes, and checksums. Every
 * pattern is linear: bounded quantifiers, and no two adjacent quantifiers can match the same
 * characters except where a literal separates them.
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

/**
 * One detector of a provider file. `label` and `envName` default to the provider's; the rule id
 * is always the provider's.
 */
export interface ProviderDetector {
  readonly label?: string;
  readonly envName?: string;
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

/** A detector bound to its provider (built by the registry). */
export interface Detector extends ProviderDetector {
  readonly ruleId: string;
  readonly label: string;
  readonly envName: string;
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

export function emitGroup(
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

// CRC-32 and base62, for the checksums some providers put in their tokens (GitHub).

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

/** Prefix tokens: one detector, one pattern, an entropy gate on the random part. */
export function prefixed(spec: {
  label?: string;
  envName?: string;
  triggers: string[];
  pattern: RegExp;
  /** Characters to drop from the front before the entropy check (the prefix). */
  prefixLength: number;
  minEntropy?: number;
  validate?: (value: string) => boolean;
}): ProviderDetector {
  return {
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    ...(spec.envName !== undefined ? { envName: spec.envName } : {}),
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
export function contextual(spec: {
  label?: string;
  envName?: string;
  triggers: string[];
  patterns: RegExp[];
  minEntropy?: number;
}): ProviderDetector {
  return {
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    ...(spec.envName !== undefined ? { envName: spec.envName } : {}),
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

/** 32 lowercase hex characters. */
export const HEX32 = '[0-9a-f]{32}';
/** A lowercase UUID (legacy keys of some providers). */
export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The decoded text of a base64url segment, or undefined when it is not base64url. */
export function base64UrlDecode(segment: string): string | undefined {
  try {
    const b64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    return atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return undefined;
  }
}

/** `decodeURIComponent`, or the value itself when it is not valid percent-encoding. */
export function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
