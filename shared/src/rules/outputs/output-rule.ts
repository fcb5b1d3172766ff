/**
 * What every sensitive-output rule shares: scan each textual representation of an output once,
 * report ONE finding per output and kind (count in the message, range at the first value), and
 * offer the three output fixes — redact every value in every representation, clear this output,
 * clear all outputs of the cell. A detector only says where the values are.
 */
import type { Fix, Range, RedactOutputEdit, Severity } from '../../model/finding.js';
import type { Output, OutputText } from '../../model/notebook.js';
import { redactionFor } from '../../engine/mask.js';
import { defineRule, type Rule, type RuleMeta, type TextView } from '../../engine/rule.js';
import { scanTextOf, type ScanText } from './scan-text.js';

/** A value a detector found, as offsets into `ScanText.text`. */
export interface OutputMatch {
  readonly start: number;
  readonly end: number;
  /** The value as a reader sees it (entities decoded), used for allow-lists and masking. */
  readonly value: string;
}

export interface OutputDetector {
  /** Redaction label: `[REDACTED:<kind>]`. */
  readonly kind: string;
  /** Singular and plural noun for messages: `['email address', 'email addresses']`. */
  readonly noun: readonly [string, string];
  /** A cheap test on the stored text; false means the representation is skipped unscanned. */
  prefilter(text: string): boolean;
  /** Every value in the representation. Must be linear in the text length. */
  find(scan: ScanText, view: TextView): OutputMatch[];
}

interface RepresentationHits {
  readonly rep: OutputText;
  readonly ranges: Range[];
  readonly values: string[];
}

interface OutputHits {
  readonly reps: RepresentationHits[];
  /** The representation the finding is reported on: the first one with a value. */
  readonly reportOn: RepresentationHits | undefined;
  /** Distinct values found in the output (over all its representations). */
  readonly count: number;
}

const MAX_LITERAL_SEARCH = 200;
const MAX_LITERAL_WORK = 50_000_000;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Shortest head of a value that counts when pandas cut the rest off (`jane.doe84@gma...`). */
const MIN_TRUNCATED_HEAD = 6;

/**
 * Values one representation's detector missed are still redacted there: a phone number recognised
 * through its column in HTML but not in the text/plain copy, or a value that pandas' text/plain
 * repr truncated (`jane.doe84@gma...`, `max_colwidth`) — the head up to the ellipsis goes too.
 */
function literalHits(scan: ScanText, value: string, known: ReadonlySet<number>): Range[] {
  const { text } = scan;
  const ranges: Range[] = [];
  const head = value.slice(0, MIN_TRUNCATED_HEAD);
  let at = text.indexOf(head);
  while (at >= 0 && ranges.length < MAX_LITERAL_SEARCH) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    let end = -1;
    if (text.startsWith(value, at)) {
      const after = at + value.length < text.length ? text.charCodeAt(at + value.length) : 32;
      if (!isWordChar(after)) end = at + value.length;
    } else if (value.length > MIN_TRUNCATED_HEAD) {
      let k = MIN_TRUNCATED_HEAD;
      while (k < value.length && text.charCodeAt(at + k) === value.charCodeAt(k)) k++;
      if (text.startsWith('...', at + k)) end = at + k + 3;
      else if (text.startsWith('\u2026', at + k)) end = at + k + 1;
    }
    if (end > at && !known.has(at) && !isWordChar(before)) {
      ranges.push(scan.toRaw(at, end));
      at = text.indexOf(head, end);
    } else at = text.indexOf(head, at + 1);
  }
  return ranges;
}

function scanOutput(
  output: Output,
  view: TextView,
  detector: OutputDetector,
  isAllowed: (value: string) => boolean,
): OutputHits {
  const reps: RepresentationHits[] = [];
  const found: { scan: ScanText | undefined; matches: OutputMatch[] }[] = [];
  const allValues = new Set<string>();
  for (const rep of output.texts) {
    if (!detector.prefilter(rep.text)) {
      found.push({ scan: undefined, matches: [] });
      continue;
    }
    const scan = scanTextOf(rep);
    const matches = detector.find(scan, view).filter((m) => !isAllowed(m.value));
    for (const m of matches) allValues.add(m.value);
    found.push({ scan, matches });
  }
  output.texts.forEach((rep, i) => {
    const { scan, matches } = found[i]!;
    let ranges = scan ? matches.map((m) => scan.toRaw(m.start, m.end)) : [];
    let values = matches.map((m) => m.value);
    const own = new Set(values);
    const literalScan = own.size < allValues.size ? (scan ?? scanTextOf(rep)) : undefined;
    // Bounded: one search per missing value over this text (a table of 20,000 phone numbers
    // found through the HTML column only must not cost 20,000 passes over 2 MB of text/plain).
    if (literalScan && (allValues.size - own.size) * literalScan.text.length <= MAX_LITERAL_WORK) {
      const starts = new Set(matches.map((m) => m.start));
      for (const value of allValues) {
        if (own.has(value)) continue;
        for (const range of literalHits(literalScan, value, starts)) {
          ranges.push(range);
          values.push(value);
        }
      }
    }
    if (ranges.length > matches.length) {
      // Keep document order so the finding points at the first value.
      const order = ranges.map((_, k) => k).sort((a, b) => ranges[a]![0] - ranges[b]![0]);
      ranges = order.map((k) => ranges[k]!);
      values = order.map((k) => values[k]!);
    }
    reps.push({ rep, ranges, values });
  });
  // Distinct values: an error repeats its evalue in the traceback, a table shows a value twice.
  return { reps, reportOn: reps.find((r) => r.ranges.length > 0), count: allValues.size };
}

function redactFix(
  cellIndex: number,
  outputIndex: number,
  hits: OutputHits,
  detector: OutputDetector,
): Fix {
  const edits: RedactOutputEdit[] = [];
  for (const { rep, ranges } of hits.reps) {
    if (ranges.length === 0) continue;
    const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    // Drop overlaps (a value found twice): the edit's replacements must be disjoint.
    const disjoint: Range[] = [];
    for (const range of sorted) {
      const last = disjoint[disjoint.length - 1];
      if (!last || range[0] >= last[1]) disjoint.push(range);
    }
    edits.push({
      kind: 'redact-output',
      cellIndex,
      outputIndex,
      mimeType: rep.mimeType,
      replacements: disjoint.map((range) => ({ range, text: redactionFor(detector.kind) })),
    });
  }
  const noun = hits.count === 1 ? detector.noun[0] : detector.noun[1];
  return {
    title: `Redact the ${noun} in this output`,
    edits,
    applicability: 'safe',
    preferred: true,
  };
}

/** The fixes of an output finding: redact, clear this output, clear the cell's outputs. */
export function outputFixes(
  cellIndex: number,
  outputIndex: number,
  redact: Fix | undefined,
): Fix[] {
  const fixes: Fix[] = [];
  if (redact) fixes.push(redact);
  fixes.push({
    title: 'Clear this output',
    edits: [{ kind: 'clear-output', cellIndex, outputIndex }],
    applicability: 'safe',
  });
  fixes.push({
    title: 'Clear all outputs of this cell',
    edits: [{ kind: 'clear-cell-outputs', cellIndex }],
    applicability: 'safe',
  });
  return fixes;
}

export interface OutputRuleSpec {
  readonly meta: Omit<RuleMeta, 'category' | 'messages' | 'fixable'> & {
    /** Must use `{{output}}`, `{{count}}`, `{{noun}}` and `{{masked}}`. */
    readonly message: string;
  };
  readonly detector: OutputDetector;
  readonly severity?: Severity;
}

/** Define a sensitive-output rule from a detector. */
export function defineOutputRule(spec: OutputRuleSpec): Rule {
  const { message, ...meta } = spec.meta;
  const { detector } = spec;
  return defineRule({
    meta: { ...meta, category: 'sensitive-output', messages: { found: message }, fixable: true },
    create(context) {
      // Each output is scanned once, whichever of its representations is visited first. The
      // engine visits an output's representations one after another, so only the current
      // output's hits are kept: nothing of an earlier output stays alive (memory, issue #15).
      let last: { output: Output; hits: OutputHits } | undefined;
      return {
        output(view: TextView): void {
          if (!view.output) return;
          const output = view.cell.outputs[view.output.index];
          if (!output) return;
          let hits = last?.output === output ? last.hits : undefined;
          if (!hits) {
            last = undefined;
            hits = scanOutput(output, view, detector, (value) => context.isAllowed(value));
            last = { output, hits };
          }
          const target = hits.reportOn;
          if (
            !target ||
            target.rep.mimeType !== view.output.mimeType ||
            target.rep.text !== view.text
          )
            return;
          const count = Math.max(hits.count, 1);
          context.report({
            view,
            messageId: 'found',
            range: target.ranges[0]!,
            secret: target.values[0]!,
            data: {
              output: view.output.index + 1,
              count,
              noun: count === 1 ? detector.noun[0] : detector.noun[1],
            },
            properties: { count, kind: detector.kind },
            fixes: outputFixes(
              view.cellIndex,
              view.output.index,
              redactFix(view.cellIndex, view.output.index, hits, detector),
            ),
            ...(spec.severity ? { severity: spec.severity } : {}),
          });
        },
      };
    },
  });
}
