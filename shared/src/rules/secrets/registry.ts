/**
 * The provider files, bound: each detector and secretlint mapping carries its provider's rule id,
 * label and environment variable, and every provider's published sample values are in one set.
 * Data only; the rules themselves are built in `index.ts`.
 */
import type { Detector } from './detectors.js';
import type { SecretlintSpec } from './provider.js';
import { PROVIDERS } from './providers/index.js';

export { PROVIDERS } from './providers/index.js';

/** A secretlint preset rule mapped to the Cellguard rule that reports its hits. */
export interface SecretlintMapping extends SecretlintSpec {
  readonly ruleId: string;
  readonly label: string;
  readonly envName: string;
}

/** Every Cellguard-own detector, in provider order. */
export const DETECTORS: readonly Detector[] = PROVIDERS.flatMap((provider) =>
  (provider.detectors ?? []).map((detector) => ({
    ...detector,
    ruleId: provider.id,
    label: detector.label ?? provider.label,
    envName: detector.envName ?? provider.envName,
  })),
);

/**
 * Enabled preset rules → Cellguard rules. Rules not listed are disabled, each for a reason kept in
 * `SECRETLINT_DISABLED`; a test fails when the preset gains a rule that is in neither.
 */
export const SECRETLINT_RULES: Readonly<Record<string, SecretlintMapping>> = Object.fromEntries(
  PROVIDERS.flatMap((provider) =>
    Object.entries(provider.secretlint ?? {}).map(([short, spec]) => [
      short,
      {
        ...spec,
        ruleId: provider.id,
        label: spec.label ?? provider.label,
        envName: spec.envName ?? provider.envName,
      },
    ]),
  ),
);

/** Published sample values of every provider: never findings. */
export const PROVIDER_EXAMPLES: ReadonlySet<string> = new Set(
  PROVIDERS.flatMap((provider) => provider.examples ?? []),
);
