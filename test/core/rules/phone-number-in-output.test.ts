import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

// Numbers below are made up or from fictional ranges; none belongs to a real person.
ruleTester(getRule('phone-number-in-output')!, {
  valid: [
    { output: 'Call 555-123-4567 or 123-456-7890\n' },
    { output: 'epoch 1699999999 step 4155552671 id 4155552671\n' },
    { output: 'tensor([[ 415, 555, 2671], [ 202, 555, 143]])\n' },
    { output: '[415 555 2671]\n' },
    { output: 'version 3.10.12, torch 2.1.0+cu121, ip 192.168.100.200\n' },
    { output: '2023-10-05 14:30:00 loss=0.4155552671 lr=1e+10\n' },
    { output: 'sha 415555267141555526714155552671 uuid 415-555-2671-0000\n' },
    { output: 'Toll-free: +1 800 555 1212\n' },
    { output: 'Our telephone number is (408) 555-0100.\n' },
    {
      output: '(713) 555-0100\n(Address, including zip code, and telephone number of registrant)\n',
    },
    { output: 'mobile: XXX-XXX-1234, phone: ***-***-2671, +44 ** **** 0958\n' },
    { output: 'ISBN 978-3-16-148410-0, 12.345.6789\n' },
    { output: '   id      value\n0  4155552671  0.5\n', mimeType: 'text/plain' },
  ],
  invalid: [
    {
      input: {
        name: 'a table without thead: the first row of th is the header; a second table has its own',
        output:
          '<table><tr><th>id</th><th>score</th></tr><tr><td>4155552672</td><td>1</td></tr></table>' +
          '<table><tr><th>name</th><th>phone</th></tr><tr><td>Ann</td><td>4155552671</td></tr></table>',
        mimeType: 'text/html',
      },
      errors: [{ text: '4155552671', messageIncludes: 'shows 1 phone number' }],
    },
    {
      input: {
        name: 'a no-break space from HTML',
        output: '<td>(415)&nbsp;555-2671</td>',
        mimeType: 'text/html',
      },
      errors: [{ text: '(415)&nbsp;555-2671' }],
    },
    {
      input: { output: 'Contact: (415) 555-2671\n' },
      errors: [
        { text: '(415) 555-2671', severity: 'warning', messageIncludes: 'shows 1 phone number' },
      ],
    },
    {
      input: { output: 'call 415-555-2671 or 415.555.2672 today\n' },
      errors: [{ text: '415-555-2671', messageIncludes: '2 phone numbers' }],
    },
    { input: { output: '1-415-555-2671\n' }, errors: [{ text: '1-415-555-2671' }] },
    { input: { output: 'UK office: +44 20 7946 0958\n' }, errors: [{ text: '+44 20 7946 0958' }] },
    {
      input: { output: "{'name': 'Lena', 'mobile': '+4915123456789'}\n", mimeType: 'text/plain' },
      errors: [{ text: '+4915123456789' }],
    },
    { input: { output: '+33 1 23 45 67 89\n' }, errors: [{ text: '+33 1 23 45 67 89' }] },
    { input: { output: '+91 98765 43210 12 items\n' }, errors: [{ text: '+91 98765 43210' }] },
    {
      input: { name: 'bare digits after a phone label', output: 'Phone: 4155552671\n' },
      errors: [{ text: '4155552671' }],
    },
    {
      input: {
        name: 'space-separated after a label',
        output: '"tel": "020 7946 0958"\n',
        mimeType: 'application/json',
      },
      errors: [{ text: '020 7946 0958' }],
    },
    {
      input: {
        name: 'bare digits in a pandas phone column',
        output: '    name       phone\n0   Ann  4155552671\n1   Bob  2025550143\n',
        mimeType: 'text/plain',
      },
      errors: [{ text: '4155552671', messageIncludes: '2 phone numbers' }],
    },
    {
      input: {
        name: 'bare digits in an HTML phone column',
        output:
          '<table><thead><tr><th></th><th>name</th><th>phone</th></tr></thead><tbody><tr><th>0</th><td>Ann</td><td>4155552671</td></tr></tbody></table>',
        mimeType: 'text/html',
      },
      errors: [{ text: '4155552671' }],
    },
  ],
});
