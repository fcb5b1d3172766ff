/**
 * One provider scan per text view, shared by every provider rule through `view.memo`: Cellguard's
 * own detectors plus one secretlint pass, merged, deduplicated and filtered through the
 * placeholder knowledge. A cell with none of the detectors' literals costs one regex test.
 */
import type { TextView } from '../../engine/rule.js';
import { DETECTORS, type Detector, type ProviderHit } from './detectors.js';
import { isPlaceholder, looksMasked } from './placeholders.js';
import { SECRETLINT_PREFILTER, secretlintHits } from './secretlint.js';

export type { ProviderHit } from './detectors.js';

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const caseSensitive = DETECTORS.filter((d) => !d.caseInsensitive);
const caseInsensitive = DETECTORS.filter((d) => d.caseInsensitive);

/** Every own detector's literals, in one regex each for case-sensitive and -insensitive ones. */
const OWN_PREFILTER = new RegExp(caseSensitive.flatMap((d) => d.triggers).map(escape).join('|'));
const OWN_PREFILTER_CI = new RegExp(caseInsensitive.flatMap((d) => d.triggers).map(escape).join('|'), 'i');

/** True when no detector and no secretlint rule can match anything in the text. */
export function cannotContainProviderSecret(text: string): boolean {
  return !OWN_PREFILTER.test(text) && !OWN_PREFILTER_CI.test(text) && !SECRETLINT_PREFILTER.test(text);
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
  if (!OWN_PREFILTER.test(text) && !OWN_PREFILTER_CI.test(text)) return hits;
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

/** Own detectors and secretlint over a text: overlapping hits keep the first, longest one. */
export async function scanText(text: string): Promise<ProviderHit[]> {
  const own = ownHits(text);
  const fromSecretlint = (await secretlintHits(text)).map((hit) => ({ ...hit, secret: text.slice(hit.range[0], hit.range[1]) }));
  const all = [...own, ...fromSecretlint.filter((hit) => !isPlaceholder(hit.secret) && !looksMasked(hit.secret))];
  all.sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
  const kept: ProviderHit[] = [];
  for (const hit of all) {
    const previous = kept[kept.length - 1];
    if (previous && hit.range[0] < previous.range[1]) continue;
    kept.push(hit);
  }
  return kept;
}

/** The provider hits of a view, computed once per view whichever rule asks first. */
export function providerHits(view: TextView): Promise<ProviderHit[]> {
  return view.memo('cellguard/secrets/provider-hits', () => scanText(view.text));
}
