/**
 * Context that raises confidence in a PII match: the table column it sits in (`email`, `phone`,
 * `ssn`, `card_number`, `iban`) or the label just before it (`Phone: `, `"ssn": "`). Context alone
 * is never a finding; it only lets a detector accept a value it would otherwise find too bare
 * (a phone number without separators, an SSN without dashes).
 */
import type { ScanText } from './scan-text.js';

const SUFFIX = String.raw`(?:[ _-]?(?:no|num|number|nr|#))?`;

/** Column or label words per kind (lower case). */
const WORDS = {
  phone: String.raw`(?:phone|telephone|tel|mobile|cell|cellphone|fax|msisdn|whatsapp|contact[ _-]?(?:no|number))${SUFFIX}`,
  ssn: String.raw`(?:ssn|social[ _-]?security${SUFFIX}|ss[ _-]?(?:no|num|number)|ss#)`,
  card: String.raw`(?:card|credit[ _-]?card|cc|pan|payment[ _-]?card)${SUFFIX}`,
  iban: String.raw`(?:iban|bank[ _-]?account${SUFFIX}|account[ _-]?(?:no|num|number))`,
} as const;

export type ContextKind = keyof typeof WORDS;

const COLUMN: Record<ContextKind, RegExp> = {
  phone: new RegExp(String.raw`(?:^|[^a-z])${WORDS.phone}(?![a-z])`),
  ssn: new RegExp(String.raw`(?:^|[^a-z])${WORDS.ssn}(?![a-z])`),
  card: new RegExp(String.raw`(?:^|[^a-z])${WORDS.card}(?![a-z])`),
  iban: new RegExp(String.raw`(?:^|[^a-z])${WORDS.iban}(?![a-z])`),
};

// The label ends in the word, then at most a little punctuation: `phone: `, `"phone": "`,
// `phone=`, `Tel. `, `| phone | `. "phone was called 415…" does not count.
const LABEL: Record<ContextKind, RegExp> = {
  phone: new RegExp(String.raw`(?:^|[^a-z])${WORDS.phone}\.?[\s"':=,;|(){}[\]>-]{0,8}$`),
  ssn: new RegExp(String.raw`(?:^|[^a-z])${WORDS.ssn}\.?[\s"':=,;|(){}[\]>-]{0,8}$`),
  card: new RegExp(String.raw`(?:^|[^a-z])${WORDS.card}\.?[\s"':=,;|(){}[\]>-]{0,8}$`),
  iban: new RegExp(String.raw`(?:^|[^a-z])${WORDS.iban}\.?[\s"':=,;|(){}[\]>-]{0,8}$`),
};

/** True when the column header of the value or the label just before it speaks of `kind`. */
export function hasPiiContext(
  scan: ScanText,
  start: number,
  end: number,
  kind: ContextKind,
): boolean {
  if (LABEL[kind].test(scan.labelBefore(start))) return true;
  const column = scan.columnOf(start, end);
  return column !== undefined && COLUMN[kind].test(column);
}
