/**
 * The `secrets` namespace of the public API: placeholder knowledge and the rule-to-preset map,
 * all of which answer with booleans, numbers or metadata. Nothing here returns a matched value —
 * the scan internals that do (hits with raw values) live in `./api.ts`, which only the rules and
 * the tests import (`@cellguard/core/internal/secrets`).
 */
export {
  characterClasses,
  credentialNameKind,
  isIdentifierLike,
  isPlaceholder,
  isWordish,
  looksMasked,
  shannonEntropy,
} from './placeholders.js';
export { base62, crc32, hasValidGitHubChecksum } from './detectors.js';
export {
  PRESET_RULE_IDS,
  SECRETLINT_DISABLED,
  SECRETLINT_PREFILTER,
  SECRETLINT_RULES,
  warmUpSecretlint,
} from './secretlint.js';
export { cannotContainProviderSecret } from './scan.js';
