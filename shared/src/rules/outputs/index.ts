import type { Rule } from '../../engine/rule.js';

/** Rules for sensitive data in outputs: PII, environment dumps (category `sensitive-output`). */
export const outputRules: readonly Rule[] = [];
