import type { Rule } from '../../engine/rule.js';
import privateKey from './private-key.js';

/** Hardcoded secret rules (category `secret`; `sensitive-output` when found in an output). */
export const secretRules: readonly Rule[] = [privateKey];
