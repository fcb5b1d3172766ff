import type { Rule } from '../../engine/rule.js';
import authTokenInOutput from './auth-token-in-output.js';
import emailAddressInOutput from './email-address-in-output.js';
import environmentDumpInOutput from './environment-dump-in-output.js';
import ibanInOutput from './iban-in-output.js';
import paymentCardInOutput from './payment-card-in-output.js';
import phoneNumberInOutput from './phone-number-in-output.js';
import ssnInOutput from './ssn-in-output.js';

/** Rules for sensitive data in outputs: PII, environment dumps, credentials in logs (category `sensitive-output`). */
export const outputRules: readonly Rule[] = [
  authTokenInOutput,
  emailAddressInOutput,
  environmentDumpInOutput,
  ibanInOutput,
  paymentCardInOutput,
  phoneNumberInOutput,
  ssnInOutput,
];
