import type { Rule } from '../../engine/rule.js';
import emailAddressInOutput from './email-address-in-output.js';

/** Rules for sensitive data in outputs: PII, environment dumps (category `sensitive-output`). */
export const outputRules: readonly Rule[] = [emailAddressInOutput];
