/**
 * One provider scan per text view, shared by every provider rule through `view.memo`: Cellguard's
 * own detectors plus one secretlint pass, merged, deduplicated and filtered through the
 * placeholder knowledge. One pass over the text finds WHICH trigger literals occur; only the
 * detectors and secretlint rules gated by those run. A cell with none of them costs that pass.
 */
import type { TextView } from '../../engine/rule.js';
import type { ProviderHit } from './detectors.js';
import { isPlaceholder, looksMasked } from './placeholders.js';
import { LiteralSet } from './literals.js';
import { DETECTORS, PROVIDER_EXAMPLES, SECRETLINT_RULES } from './registry.js';
import { secretlintHits } from './secretlint.js';

export type { ProviderHit } from './detectors.js';

/**
 * `hardcoded-credential`'s name stems (its `NAME_HINT`, case-insensitive): their positions come
 * out of the same pass, so that rule does not read the text again to find them.
 */
const CREDENTIAL_NAME_STEMS = [
  'pass',
  'pwd',
  'secret',
  'token',
  'key',
  'auth',
  'cred',
  'bearer',
  'dsn',
  'conn',
];

/**
 * Every trigger literal once (exact ones, then case-insensitive ones), and for each the own
 * detectors (by index in `DETECTORS`) and secretlint rules (short ids) it gates.
 */
const TRIGGERS = (() => {
  const exact = new Map<string, { detectors: number[]; secretlint: string[] }>();
  const folded = new Map<string, { detectors: number[]; secretlint: string[] }>();
  const entry = (
    map: typeof exact,
    literal: string,
  ): { detectors: number[]; secretlint: string[] } => {
    let found = map.get(literal);
    if (!found) map.set(literal, (found = { detectors: [], secretlint: [] }));
    return found;
  };
  DETECTORS.forEach((detector, i) => {
    for (const t of detector.triggers) {
      const e = detector.caseInsensitive ? entry(folded, t.toLowerCase()) : entry(exact, t);
      if (!e.detectors.includes(i)) e.detectors.push(i);
    }
    for (const t of detector.caseInsensitiveTriggers ?? []) {
      const e = entry(folded, t.toLowerCase());
      if (!e.detectors.includes(i)) e.detectors.push(i);
    }
  });
  for (const [short, mapping] of Object.entries(SECRETLINT_RULES)) {
    for (const t of mapping.triggers) {
      const e = entry(exact, t);
      if (!e.secretlint.includes(short)) e.secretlint.push(short);
    }
  }
  const set = new LiteralSet(exact.keys(), folded.keys(), CREDENTIAL_NAME_STEMS);
  return { set, gates: [...exact.values(), ...folded.values()] };
})();

const SECRETLINT_ORDER = Object.keys(SECRETLINT_RULES);

interface Gated {
  /** Own detectors to run, in `DETECTORS` order. */
  readonly detectors: readonly number[];
  /** secretlint rules to run (short ids, in `SECRETLINT_RULES` order). */
  readonly secretlint: readonly string[];
}

const NOTHING: Gated = { detectors: [], secretlint: [] };

/** The one literal pass over a text: trigger hits, and where the credential-name stems are. */
export interface LiteralPass {
  readonly hits: Uint8Array | undefined;
  /** Start of every occurrence of a `CREDENTIAL_NAME_STEMS` stem (any case), in text order. */
  readonly stems: readonly number[];
}

function literalPass(text: string): LiteralPass {
  const stems: number[] = [];
  return { hits: TRIGGERS.set.hits(text, stems), stems };
}

/** The literal pass of a view, once per view (provider scan and `hardcoded-credential`). */
export function literalPassOf(view: TextView): LiteralPass {
  return view.memo('cellguard/secrets/literal-pass', () => literalPass(view.text));
}

/** The detectors and secretlint rules whose literals occur in the text. */
function gated(text: string, hits = TRIGGERS.set.hits(text)): Gated {
  if (!hits) return NOTHING;
  const detectors = new Uint8Array(DETECTORS.length);
  const secretlint = new Set<string>();
  for (let id = 0; id < hits.length; id++) {
    if (hits[id] !== 1) continue;
    const gate = TRIGGERS.gates[id]!;
    for (const d of gate.detectors) detectors[d] = 1;
    for (const s of gate.secretlint) secretlint.add(s);
  }
  const list: number[] = [];
  for (let d = 0; d < detectors.length; d++) if (detectors[d] === 1) list.push(d);
  return {
    detectors: list,
    secretlint:
      secretlint.size === 0
        ? []
        : SECRETLINT_ORDER.filter(
            (s) => secretlint.has(s) && (SECRETLINT_RULES[s]!.mustMatch?.test(text) ?? true),
          ),
  };
}

/** True when no detector and no secretlint rule can match anything in the text. */
export function cannotContainProviderSecret(text: string): boolean {
  return !TRIGGERS.set.test(text);
}

function runDetectors(text: string, detectors: readonly number[]): ProviderHit[] {
  const hits: ProviderHit[] = [];
  for (const i of detectors) {
    const detector = DETECTORS[i]!;
    detector.scan(text, (start, value, override) => {
      if (isPlaceholder(value) || looksMasked(value) || PROVIDER_EXAMPLES.has(value)) return;
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

/** Own detectors over a text, placeholder-filtered. Synchronous; exported for tests. */
export function ownHits(text: string): ProviderHit[] {
  return runDetectors(text, gated(text).detectors);
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
      .filter(
        (hit) =>
          !isPlaceholder(hit.secret) &&
          !looksMasked(hit.secret) &&
          !PROVIDER_EXAMPLES.has(hit.secret),
      ),
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
 * Own detectors and secretlint over a text. Synchronous (an array) when no secretlint rule's
 * literals occur, which is nearly always; a promise otherwise.
 */
export function scanText(text: string, pass?: LiteralPass): ProviderHit[] | Promise<ProviderHit[]> {
  const gate = pass ? gated(text, pass.hits) : gated(text);
  if (gate === NOTHING) return [];
  const own = runDetectors(text, gate.detectors);
  if (gate.secretlint.length === 0) return merge(text, own, []);
  return secretlintHits(text, gate.secretlint).then((found) => merge(text, own, found));
}

/** The provider hits of a view, computed once per view whichever rule asks first. */
export function providerHits(view: TextView): ProviderHit[] | Promise<ProviderHit[]> {
  return view.memo('cellguard/secrets/provider-hits', () =>
    scanText(view.text, literalPassOf(view)),
  );
}
