import type { Rule } from '../../engine/rule.js';
import hardcodedCredential from './hardcoded-credential.js';
import privateKey from './private-key.js';
import { providerRule } from './provider-rule.js';
import { PROVIDERS } from './registry.js';

/** Hardcoded secret rules (category `secret`; `sensitive-output` when found in an output). */
export const secretRules: readonly Rule[] = [
  ...PROVIDERS.map(providerRule),
  hardcodedCredential,
  privateKey,
];

export { isPlaceholder, looksMasked } from './placeholders.js';
