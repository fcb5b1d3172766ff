/**
 * Phone numbers in outputs, validated with libphonenumber-js against Google's libphonenumber
 * metadata. We import the `/max` build on purpose: `getType()` (how toll-free and premium-rate
 * lines are told apart) needs its per-type patterns, and `isValid()` is stricter with them — on
 * random 10-digit numbers it accepts 64% of Indian and 37% of NANP ones against 81% and 43% with
 * `/min`. Shape rules (below) do most of the work against ids either way. Cost, measured with
 * esbuild (minified, parser + metadata): 194 KB / 50 KB gzipped with `/max` against 121 KB / 30 KB
 * with `/min`, i.e. +73 KB in each editor bundle.
 *
 * Strict by design — a number must carry formatting cues that people use for phone numbers and
 * that ids, timestamps, versions, floats and tensor values lack:
 *   - international form: `+` then digits (`+44 20 7946 0958`, `+4915123456789`);
 *   - NANP form with a separator: `(415) 555-2671`, `415-555-2671`, `415.555.2671`, `1-415-555-2671`;
 *   - anything else (`4155552671`, `415 555 2671`, `020 7946 0958`) only in a phone column or
 *     after a phone label (`phone`, `tel`, `mobile`, `fax`, …), validated for a few regions.
 * Toll-free, premium-rate and shared-cost numbers, and numbers a text presents as a company's
 * (an SEC filing's cover page, "our telephone number is", customer service), are businesses'
 * lines, not personal data.
 */
import {
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import type { TextView } from '../../engine/rule.js';
import { hasDigits, sharedDigitRuns, joinedBy, type DigitRun } from './digit-runs.js';
import { defineOutputRule, type OutputDetector, type OutputMatch } from './output-rule.js';
import { hasPiiContext } from './pii-context.js';
import type { ScanText } from './scan-text.js';

/** Regions tried for a national number in a phone column (no `+`): the most common in data sets. */
const CONTEXT_REGIONS: readonly CountryCode[] = [
  'US',
  'GB',
  'DE',
  'FR',
  'IN',
  'CA',
  'AU',
  'BR',
  'ES',
  'IT',
  'NL',
  'MX',
  'JP',
];
/**
 * A company's published line, not a person's: the cover page of an SEC filing ("telephone number,
 * including area code, of registrant's principal executive offices"), "our telephone number is",
 * toll-free and customer-service numbers. Looked for within a short window around the number.
 */
const BUSINESS_CONTEXT =
  /registrant|principal executive offices?|our (?:main |corporate )?(?:tele)?phone number|toll[- ]free|customer (?:service|support|care)|call us\b|head ?quarters|switchboard|hotline/i;
const BUSINESS_WINDOW = 160;

function isBusinessLine(text: string, start: number, end: number): boolean {
  return BUSINESS_CONTEXT.test(
    text.slice(Math.max(0, start - BUSINESS_WINDOW), Math.min(text.length, end + BUSINESS_WINDOW)),
  );
}

const NOT_PERSONAL = new Set(['TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOICEMAIL']);

function parse(candidate: string, region?: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(
      candidate,
      region ? { defaultCountry: region, extract: false } : { extract: false },
    );
  } catch {
    return undefined;
  }
}

function isPersonalNumber(candidate: string, region?: CountryCode): boolean {
  const number = parse(candidate, region);
  if (!number || !number.isValid()) return false;
  const type = number.getType();
  return type === undefined || !NOT_PERSONAL.has(type);
}

/**
 * libphonenumber costs tens of microseconds a call. Past this many validations in one output
 * representation (a table of 20,000 distinct numbers, or an adversarial 2 MB log), the shape
 * rules alone decide, so an output is never slower than about a second to scan.
 */
const VALIDATION_BUDGET = 20_000;

/** Shape-only fallback once the budget is spent: E.164 length, or a NANP number. */
function hasPhoneShape(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (candidate.startsWith('+'))
    return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0';
  const national = digits.length === 11 && digits[0] === '1' ? digits.slice(1) : digits;
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(national);
}

/** Validation with a memo (tables repeat numbers) and a budget, per representation. */
class Validator {
  private readonly memo = new Map<string, boolean>();
  private spent = 0;

  isPersonal(candidate: string, region?: CountryCode): boolean {
    const key = `${region ?? '+'} ${candidate}`;
    let ok = this.memo.get(key);
    if (ok === undefined) {
      if (this.spent < VALIDATION_BUDGET) {
        this.spent++;
        ok = isPersonalNumber(candidate, region);
      } else ok = hasPhoneShape(candidate);
      this.memo.set(key, ok);
    }
    return ok;
  }
}

/** `+…`: the whole run, or the run without its last group (`+91 98765 43210 12 items`). */
function international(text: string, run: DigitRun, validator: Validator): OutputMatch | undefined {
  const last = run.groups.length - 1;
  for (const end of [run.end, last > 0 ? run.groups[last - 1]!.end : -1]) {
    if (end < 0) continue;
    const candidate = text.slice(run.start, end);
    const digits = candidate.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    if (validator.isPersonal(candidate)) return { start: run.start, end, value: candidate };
  }
  return undefined;
}

/** NANP with separators: (415) 555-2671, 415-555-2671, 415.555.2671, 1-415-555-2671. */
function nanp(text: string, run: DigitRun, validator: Validator): OutputMatch | undefined {
  const g = run.groups;
  for (let k = 0; k + 2 < g.length; k++) {
    const area = g[k]!;
    const exchange = g[k + 1]!;
    const line = g[k + 2]!;
    if (
      area.digits.length !== 3 ||
      exchange.digits.length !== 3 ||
      line.digits.length !== 4 ||
      exchange.paren ||
      line.paren
    )
      continue;
    let sep: string;
    if (area.paren) {
      if (!['', ' ', '-'].includes(exchange.sep) || !['-', ' ', '.'].includes(line.sep)) continue;
      sep = line.sep;
    } else {
      if (exchange.sep !== line.sep || (exchange.sep !== '-' && exchange.sep !== '.')) continue;
      sep = exchange.sep;
    }
    let first = k;
    if (k > 0 && g[k - 1]!.digits === '1' && (area.sep === sep || area.sep === ' ' || area.paren))
      first = k - 1;
    // Isolated: the neighbours are not joined with the same separator (`555-2671-0000` is an id).
    if (joinedBy(run, first, sep) && !area.paren) continue;
    if (joinedBy(run, k + 3, sep)) continue;
    const start = g[first]!.start;
    const end = line.end;
    const candidate = text.slice(start, end);
    if (validator.isPersonal(candidate, 'US')) return { start, end, value: candidate };
  }
  return undefined;
}

/** In a phone column or after a phone label: the whole run, for a few regions. */
function inContext(scan: ScanText, run: DigitRun, validator: Validator): OutputMatch | undefined {
  const candidate = scan.text.slice(run.start, run.end);
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return undefined;
  if (!hasPiiContext(scan, run.start, run.end, 'phone')) return undefined;
  const e164 = digits.startsWith('00') ? `+${digits.slice(2)}` : undefined;
  if (e164 && validator.isPersonal(e164))
    return { start: run.start, end: run.end, value: candidate };
  if (CONTEXT_REGIONS.some((region) => validator.isPersonal(candidate, region)))
    return { start: run.start, end: run.end, value: candidate };
  return undefined;
}

export const phoneDetector: OutputDetector = {
  kind: 'phone',
  noun: ['phone number', 'phone numbers'],
  prefilter: (text) => hasDigits(text, 7),
  find(scan: ScanText, _view: TextView): OutputMatch[] {
    const matches: OutputMatch[] = [];
    const validator = new Validator();
    for (const run of sharedDigitRuns(scan, scan.text)) {
      if (run.digits < 7) continue;
      const match = run.plus
        ? international(scan.text, run, validator)
        : (nanp(scan.text, run, validator) ?? inContext(scan, run, validator));
      if (match && !isBusinessLine(scan.text, match.start, match.end)) matches.push(match);
    }
    return matches;
  },
};

export default defineOutputRule({
  meta: {
    id: 'phone-number-in-output',
    defaultSeverity: 'warning',
    cwe: ['CWE-359'],
    description: 'An output shows phone numbers of people (PII).',
    message:
      'Output {{output}} shows {{count}} {{noun}} (first: {{masked}}). Redact them or clear the output before the notebook is shared.',
  },
  detector: phoneDetector,
});
