import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

// Made-up numbers that pass Luhn and an issuer range (not the processors' public test numbers).
ruleTester(getRule('payment-card-in-output')!, {
  valid: [
    { output: 'Stripe test card 4242 4242 4242 4242 and 4111-1111-1111-1111\n' },
    { output: 'order 4539148803436467 shipped\n' },
    { output: '4539 1488 0343 6468\n' },
    { output: '1234 5678 9012 3456\n' },
    { output: 'ids 45391488034364671234 and 4539 1488 0343 6467 1234 5678\n' },
    { output: 'card: **** **** **** 6467, 4539 XXXX XXXX 6467\n' },
    { output: 'timestamp 1700000000000000 tensor([4539, 1488, 343, 6467])\n' },
  ],
  invalid: [
    {
      input: { output: 'Visa 4539 1488 0343 6467\n' },
      errors: [
        {
          text: '4539 1488 0343 6467',
          severity: 'warning',
          messageIncludes: 'shows 1 payment card number',
        },
      ],
    },
    {
      input: { output: '5425-2334-3010-9903 and 3712 345678 90120\n' },
      errors: [{ text: '5425-2334-3010-9903', messageIncludes: '2 payment card numbers' }],
    },
    {
      input: { name: 'a bare number after a card label', output: 'card_number=4539148803436467\n' },
      errors: [{ text: '4539148803436467' }],
    },
    {
      input: {
        name: 'a bare number in a card column',
        output: '   name       card_number\n0   Ann  4539148803436467\n',
        mimeType: 'text/plain',
      },
      errors: [{ text: '4539148803436467' }],
    },
  ],
});
