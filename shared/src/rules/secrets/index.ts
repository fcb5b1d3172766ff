import type { Rule } from '../../engine/rule.js';
import hardcodedCredential from './hardcoded-credential.js';
import privateKey from './private-key.js';
import { providerRules } from './providers.js';

/** Hardcoded secret rules (category `secret`; `sensitive-output` when found in an output). */
export const secretRules: readonly Rule[] = [...providerRules, hardcodedCredential, privateKey];

export { isPlaceholder, looksMasked } from './placeholders.js';
