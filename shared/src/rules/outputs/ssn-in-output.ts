/**
 * US Social Security numbers in outputs. Validity after the SSA's rules (Program Operations
 * Manual RM 10201.035; "Social Security Number Randomization", 2011): the area (first 3 digits) is
 * never 000, 666 or 900–999, the group (middle 2) never 00, the serial (last 4) never 0000.
 *
 * Shape: `123-45-6789` (dashes) anywhere; `123 45 6789` or a bare `123456789` only in an SSN
 * column or after an SSN label (`ssn`, `social security number`) — nine bare digits are far more
 * often an id. Numbers the SSA or the press made famous as examples (078-05-1120, the Woolworth
 * wallet card; 219-09-9999; 123-45-6789) and masked forms (`XXX-XX-1234`, `***-**-1234`) are not
 * findings.
 */
import type { TextView } from '../../engine/rule.js';
import { hasDigits, sharedDigitRuns, joinedBy } from './digit-runs.js';
import { defineOutputRule, type OutputDetector, type OutputMatch } from './output-rule.js';
import { hasPiiContext } from './pii-context.js';
import type { ScanText } from './scan-text.js';

const EXAMPLES = new Set(['078051120', '219099999', '123456789']);

/** SSA validity of nine digits. */
export function isValidSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || EXAMPLES.has(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = digits.slice(3, 5);
  const serial = digits.slice(5);
  return area !== 0 && area !== 666 && area < 900 && group !== '00' && serial !== '0000';
}

export const ssnDetector: OutputDetector = {
  kind: 'ssn',
  noun: ['US Social Security number', 'US Social Security numbers'],
  prefilter: (text) => hasDigits(text, 9),
  find(scan: ScanText, _view: TextView): OutputMatch[] {
    const matches: OutputMatch[] = [];
    for (const run of sharedDigitRuns(scan, scan.text)) {
      if (run.digits < 9) continue;
      const g = run.groups;
      if (run.plus) continue;
      if (g.length === 1) {
        const only = g[0]!;
        if (
          only.digits.length === 9 &&
          !only.paren &&
          isValidSsn(only.digits) &&
          hasPiiContext(scan, only.start, only.end, 'ssn')
        ) {
          matches.push({ start: only.start, end: only.end, value: only.digits });
        }
        continue;
      }
      for (let k = 0; k + 2 < g.length; k++) {
        const [a, b, c] = [g[k]!, g[k + 1]!, g[k + 2]!];
        if (
          a.digits.length !== 3 ||
          b.digits.length !== 2 ||
          c.digits.length !== 4 ||
          a.paren ||
          b.paren ||
          c.paren
        )
          continue;
        const sep = b.sep;
        if (c.sep !== sep || (sep !== '-' && sep !== ' ')) continue;
        if (joinedBy(run, k, sep) || joinedBy(run, k + 3, sep)) continue;
        const digits = a.digits + b.digits + c.digits;
        if (!isValidSsn(digits)) continue;
        if (sep === ' ' && !hasPiiContext(scan, a.start, c.end, 'ssn')) continue;
        matches.push({ start: a.start, end: c.end, value: scan.text.slice(a.start, c.end) });
        break;
      }
    }
    return matches;
  },
};

export default defineOutputRule({
  meta: {
    id: 'ssn-in-output',
    defaultSeverity: 'warning',
    cwe: ['CWE-359'],
    description: 'An output shows US Social Security numbers (PII).',
    message:
      'Output {{output}} shows {{count}} {{noun}} (first: {{masked}}). Redact them or clear the output before the notebook is shared.',
  },
  detector: ssnDetector,
});
