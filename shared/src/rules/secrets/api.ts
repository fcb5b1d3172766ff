/**
 * What the secret rules share with the rest of Cellguard (the outputs rules, the editors) and
 * with tests: the placeholder knowledge and the scan internals.
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
export { base62, crc32, hasValidGitHubChecksum, type ProviderHit } from './detectors.js';
export { DETECTORS, PROVIDER_EXAMPLES, PROVIDERS } from './registry.js';
export type { ProviderSpec } from './provider.js';
export {
  PRESET_RULE_IDS,
  SECRETLINT_DISABLED,
  SECRETLINT_LITERALS,
  SECRETLINT_PREFILTER,
  SECRETLINT_RULES,
  secretlintHits,
  warmUpSecretlint,
} from './secretlint.js';
export { cannotContainProviderSecret, ownHits, scanText } from './scan.js';
export { isCredentialValue, shortLivedTokensOf, textCandidates } from './hardcoded-credential.js';
export { caseVariants, LiteralSet } from './literals.js';
