/**
 * One provider scan per text view, shared by every provider rule through `view.memo`: Cellguard's
 * own detectors plus one secretlint pass, merged, deduplicated and filtered through the
 * placeholder knowledge. A cell with none of the detectors' literals costs one regex test.
 */
import type { TextView } from '../../engine/rule.js';
import { DETECTORS, type Detector, type ProviderHit } from './detectors.js';
import { isPlaceholder, looksMasked } from './placeholders.js';
import { caseVariants, LiteralSet } from './literals.js';
import { SECRETLINT_LITERALS, SECRETLINT_PREFILTER, secretlintHits } from './secretlint.js';

export type { ProviderHit } from './detectors.js';

/** Every own detector's literals (case-insensitive ones in their usual spellings) and secretlint's. */
const OWN_LITERALS: readonly string[] = DETECTORS.flatMap((d) =>
  d.caseInsensitive ? d.triggers.flatMap(caseVariants) : d.triggers,
);
const OWN_PREFILTER = new LiteralSet(OWN_LITERALS);
const ANY_PREFILTER = new LiteralSet([...OWN_LITERALS, ...SECRETLINT_LITERALS]);

/** True when no detector and no secretlint rule can match anything in the text. */
export function cannotContainProviderSecret(text: string): boolean {
  return !ANY_PREFILTER.test(text);
}

function applies(detector: Detector, text: string, lower: () => string): boolean {
  if (detector.caseInsensitive) {
    const l = lower();
    return detector.triggers.some((t) => l.includes(t.toLowerCase()));
  }
  return detector.triggers.some((t) => text.includes(t));
}

/** Own detectors over a text, placeholder-filtered. Synchronous; exported for tests. */
export function ownHits(text: string): ProviderHit[] {
  const hits: ProviderHit[] = [];
  if (!OWN_PREFILTER.test(text)) return hits;
  let lowered: string | undefined;
  const lower = (): string => (lowered ??= text.toLowerCase());
  for (const detector of DETECTORS) {
    if (!applies(detector, text, lower)) continue;
    detector.scan(text, (start, value, override) => {
      if (isPlaceholder(value) || looksMasked(value)) return;
      hits.push({
        ruleId: detector.ruleId,
        label: override?.label ?? detector.label,
        envName: override?.envName ?? detector.envName,
        range: [start, start + value.length],
        secret: value,
      });
    });
  }
  return hits;
}

function merge(
  text: string,
  own: ProviderHit[],
  fromSecretlint: readonly {
    ruleId: string;
    label: string;
    envName: string;
    range: readonly [number, number];
  }[],
): ProviderHit[] {
  if (own.length <= 1 && fromSecretlint.length === 0) return own;
  const all = [
    ...own,
    ...fromSecretlint
      .map((hit) => ({ ...hit, secret: text.slice(hit.range[0], hit.range[1]) }))
      .filter((hit) => !isPlaceholder(hit.secret) && !looksMasked(hit.secret)),
  ];
  // Overlapping hits (a key both detectors know) keep the first, longest one.
  all.sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
  const kept: ProviderHit[] = [];
  for (const hit of all) {
    const previous = kept[kept.length - 1];
    if (previous && hit.range[0] < previous.range[1]) continue;
    kept.push(hit);
  }
  return kept;
}

/**
 * Own detectors and secretlint over a text. Synchronous (an array) when secretlint's literals are
 * absent, which is nearly always; a promise otherwise.
 */
export function scanText(text: string): ProviderHit[] | Promise<ProviderHit[]> {
  if (!ANY_PREFILTER.test(text)) return [];
  const own = ownHits(text);
  if (!SECRETLINT_PREFILTER.test(text)) return merge(text, own, []);
  return secretlintHits(text).then((found) => merge(text, own, found));
}

/** The provider hits of a view, computed once per view whichever rule asks first. */
export function providerHits(view: TextView): ProviderHit[] | Promise<ProviderHit[]> {
  return view.memo('cellguard/secrets/provider-hits', () => scanText(view.text));
}
