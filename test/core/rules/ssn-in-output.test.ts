import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

// Made-up numbers that pass the SSA's structural rules.
ruleTester(getRule('ssn-in-output')!, {
  valid: [
    { output: '000-12-3456 666-12-3456 912-34-5678 123-00-4567 123-45-0000\n' },
    { output: 'The Woolworth card: 078-05-1120; the textbook example 123-45-6789\n' },
    { output: 'ssn: XXX-XX-1234, ***-**-6789\n' },
    { output: 'id 536225481 and 536 22 5481 without any label\n' },
    { output: 'date 2023-10-05, part 536-22-5481-7, phone 415-555-2671\n' },
    { output: 'loss 0.536225481\n' },
  ],
  invalid: [
    {
      input: { output: 'SSN 536-22-5481\n' },
      errors: [
        {
          text: '536-22-5481',
          severity: 'warning',
          messageIncludes: 'shows 1 US Social Security number',
        },
      ],
    },
    {
      input: { output: 'a 536-22-5481 b 402-71-9933\n' },
      errors: [{ text: '536-22-5481', messageIncludes: '2 US Social Security numbers' }],
    },
    {
      input: { name: 'spaces after an SSN label', output: 'Social Security Number: 536 22 5481\n' },
      errors: [{ text: '536 22 5481' }],
    },
    {
      input: {
        name: 'bare digits in an ssn column',
        output: '   name        ssn\n0   Ann  536225481\n',
        mimeType: 'text/plain',
      },
      errors: [{ text: '536225481' }],
    },
    {
      input: { output: '{\n "ssn": "536225481"\n}', mimeType: 'application/json' },
      errors: [{ text: '536225481' }],
    },
  ],
});
