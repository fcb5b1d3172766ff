/**
 * Payment card numbers (PANs) in outputs: the Luhn check (ISO/IEC 7812-1 Annex B) plus the
 * issuer's prefix range and length (ISO/IEC 7812 IINs as the networks publish them: Visa 4…,
 * 13/16/19 digits; Mastercard 51–55 and 2221–2720, 16; American Express 34/37, 15; Discover 6011,
 * 644–649, 65 and 622126–622925, 16–19; JCB 3528–3589, 16–19; Diners Club 36, 300–305, 38/39,
 * 14–19; UnionPay 62, 16–19; Maestro 50, 56–69, 12–19 only when grouped).
 *
 * Shape: grouped as cards are printed (`4111 1111 1111 1111`, `4111-1111-1111-1111`, Amex
 * `3782 822463 10005`, Diners `3056 930902 5904`) anywhere; a bare run of 13–19 digits only in a
 * card column or after a card label — a bare long number is far more often an id, a timestamp or
 * a hash. Never inside a longer digit run. The networks' and processors' published test numbers
 * (Stripe, Braintree, Adyen, PayPal docs: 4242 4242 4242 4242, 4111 1111 1111 1111, …) are not
 * findings: they are in every payments tutorial and belong to no one.
 */
import type { TextView } from '../../engine/rule.js';
import { hasDigits, sharedDigitRuns, joinedBy, type DigitRun } from './digit-runs.js';
import { defineOutputRule, type OutputDetector, type OutputMatch } from './output-rule.js';
import { hasPiiContext } from './pii-context.js';
import type { ScanText } from './scan-text.js';

const TEST_NUMBERS = new Set([
  '4242424242424242',
  '4000056655665556',
  '4111111111111111',
  '4012888888881881',
  '4222222222222',
  '5555555555554444',
  '5200828282828210',
  '5105105105105100',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '378734493671000',
  '6011111111111117',
  '6011000990139424',
  '6011981111111113',
  '3056930009020004',
  '36227206271667',
  '30569309025904',
  '38520000023237',
  '3566002020360505',
  '3530111333300000',
  '6200000000000005',
  '4000000000000002',
  '4000000000009995',
  '4000002500003155',
]);

/** ISO/IEC 7812-1 Annex B. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The network of a PAN by prefix and length, or undefined. */
export function cardNetwork(digits: string, grouped: boolean): string | undefined {
  const len = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4' && (len === 13 || len === 16 || len === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && len === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && len === 15) return 'amex';
  if (
    (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) &&
    len >= 16 &&
    len <= 19
  )
    return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && len >= 16 && len <= 19) return 'jcb';
  if ((p2 === 36 || (p3 >= 300 && p3 <= 305) || p2 === 38 || p2 === 39) && len >= 14 && len <= 19)
    return 'diners';
  if (p2 === 62 && len >= 16 && len <= 19) return 'unionpay';
  if (grouped && (p2 === 50 || (p2 >= 56 && p2 <= 69)) && len >= 12 && len <= 19) return 'maestro';
  return undefined;
}

/** Group layouts cards are printed in. */
const LAYOUTS: readonly (readonly number[])[] = [
  [4, 4, 4, 4],
  [4, 4, 4, 4, 3],
  [4, 6, 5],
  [4, 6, 4],
];

function grouped(scan: ScanText, run: DigitRun): OutputMatch | undefined {
  const g = run.groups;
  for (const layout of LAYOUTS) {
    for (let k = 0; k + layout.length <= g.length; k++) {
      const sep = g[k + 1]!.sep;
      if (sep !== ' ' && sep !== '-') continue;
      let ok = true;
      for (let m = 0; m < layout.length && ok; m++) {
        const group = g[k + m]!;
        if (group.paren || group.digits.length !== layout[m] || (m > 0 && group.sep !== sep))
          ok = false;
      }
      if (!ok) continue;
      const last = k + layout.length - 1;
      if (joinedBy(run, k, sep) || joinedBy(run, last + 1, sep)) continue;
      let digits = '';
      for (let m = k; m <= last; m++) digits += g[m]!.digits;
      if (!luhn(digits) || !cardNetwork(digits, true) || TEST_NUMBERS.has(digits)) continue;
      const start = g[k]!.start;
      const end = g[last]!.end;
      return { start, end, value: scan.text.slice(start, end) };
    }
  }
  return undefined;
}

export const cardDetector: OutputDetector = {
  kind: 'card',
  noun: ['payment card number', 'payment card numbers'],
  prefilter: (text) => hasDigits(text, 12),
  find(scan: ScanText, _view: TextView): OutputMatch[] {
    const matches: OutputMatch[] = [];
    for (const run of sharedDigitRuns(scan, scan.text)) {
      if (run.digits < 12) continue;
      if (run.plus) continue;
      if (run.groups.length === 1) {
        const only = run.groups[0]!;
        const { digits } = only;
        if (only.paren || digits.length < 13 || digits.length > 19) continue;
        if (!luhn(digits) || !cardNetwork(digits, false) || TEST_NUMBERS.has(digits)) continue;
        if (!hasPiiContext(scan, only.start, only.end, 'card')) continue;
        matches.push({ start: only.start, end: only.end, value: digits });
        continue;
      }
      const match = grouped(scan, run);
      if (match) matches.push(match);
    }
    return matches;
  },
};

export default defineOutputRule({
  meta: {
    id: 'payment-card-in-output',
    defaultSeverity: 'warning',
    cwe: ['CWE-359'],
    description: 'An output shows payment card numbers (PII, PCI DSS cardholder data).',
    message:
      'Output {{output}} shows {{count}} {{noun}} (first: {{masked}}). Redact them or clear the output before the notebook is shared.',
  },
  detector: cardDetector,
});
