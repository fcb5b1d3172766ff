import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

// Made-up IBANs with valid check digits (not the registry's published examples).
ruleTester(getRule('iban-in-output')!, {
  valid: [
    { output: 'The registry example DE89 3704 0044 0532 0130 00 and GB82WEST12345698765432\n' },
    { output: 'DE12 3456 7890 1234 5678 90\n' },
    { output: 'DE21500500001234567897XYZ and xDE21500500001234567897\n' },
    { output: 'model AB12CD34 and ZZ12345678901234567890\n' },
    { output: 'IBAN: DE** **** **** **** **78 97\n' },
  ],
  invalid: [
    {
      input: { output: 'IBAN DE21500500001234567897\n' },
      errors: [
        { text: 'DE21500500001234567897', severity: 'warning', messageIncludes: 'shows 1 IBAN' },
      ],
    },
    {
      input: { output: 'FR76 3000 6000 0112 3456 7890 189, NL02ABNA0123456789\n' },
      errors: [{ text: 'FR76 3000 6000 0112 3456 7890 189', messageIncludes: '2 IBANs' }],
    },
  ],
});
