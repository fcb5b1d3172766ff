/**
 * International Bank Account Numbers in outputs, validated as ISO 13616-1 prescribes: the
 * country's fixed length (SWIFT IBAN Registry, release 99, 2024) and the MOD 97-10 check digits
 * (ISO 7064). Written compact (`DE89370400440532013000`) or in groups of four separated by single
 * spaces (`DE89 3704 0044 0532 0130 00`). The ECBS/registry example IBANs published in every
 * banking tutorial (`DE89370400440532013000`, `GB82WEST12345698765432`, …) are not findings.
 */
import type { TextView } from '../../engine/rule.js';
import { defineOutputRule, type OutputDetector, type OutputMatch } from './output-rule.js';
import type { ScanText } from './scan-text.js';

/** IBAN length per country (SWIFT IBAN Registry). */
const LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** Example IBANs from the SWIFT registry and bank documentation. */
const EXAMPLES = new Set([
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  'GB29NWBK60161331926819',
  'FR1420041010050500013M02606',
  'NL91ABNA0417164300',
  'CH9300762011623852957',
  'ES9121000418450200051332',
  'IT60X0542811101000000123456',
  'BE68539007547034',
  'AT611904300234573201',
]);

/** ISO 7064 MOD 97-10 over the rearranged IBAN, computed piecewise (no big integers). */
export function ibanChecksumOk(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) remainder = (remainder * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) remainder = (remainder * 100 + (c - 55)) % 97;
    else return false;
  }
  return remainder === 1;
}

function isUpperAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

// Country code and check digits at a word start.
const START = /(?<![A-Za-z0-9])([A-Z]{2})\d{2}/g;

export const ibanDetector: OutputDetector = {
  kind: 'iban',
  noun: ['IBAN', 'IBANs'],
  prefilter: (text) => /[A-Z]{2}\d{2}/.test(text),
  find(scan: ScanText, _view: TextView): OutputMatch[] {
    const { text } = scan;
    const matches: OutputMatch[] = [];
    START.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = START.exec(text)) !== null) {
      const length = LENGTHS[match[1]!];
      if (length === undefined) continue;
      const start = match.index;
      // Read `length` characters, allowing one space after every group of four (printed form).
      let j = start;
      let compact = '';
      let spaced = false;
      while (j < text.length && compact.length < length) {
        const c = text.charCodeAt(j);
        if (isUpperAlnum(c)) {
          compact += text[j];
          j++;
        } else if (
          c === 32 &&
          compact.length % 4 === 0 &&
          compact.length > 0 &&
          isUpperAlnum(text.charCodeAt(j + 1))
        ) {
          spaced = true;
          j++;
        } else break;
      }
      if (compact.length !== length) continue;
      // Not the head of a longer token.
      const after = text.charCodeAt(j);
      if (isUpperAlnum(after) || (after >= 97 && after <= 122)) continue;
      if (
        spaced &&
        after === 32 &&
        isUpperAlnum(text.charCodeAt(j + 1)) &&
        compact.length % 4 === 0
      )
        continue;
      if (!ibanChecksumOk(compact) || EXAMPLES.has(compact)) continue;
      matches.push({ start, end: j, value: text.slice(start, j) });
      START.lastIndex = j;
    }
    return matches;
  },
};

export default defineOutputRule({
  meta: {
    id: 'iban-in-output',
    defaultSeverity: 'warning',
    cwe: ['CWE-359'],
    description: 'An output shows IBANs (bank account numbers of people or companies).',
    message:
      'Output {{output}} shows {{count}} {{noun}} (first: {{masked}}). Redact them or clear the output before the notebook is shared.',
  },
  detector: ibanDetector,
});
