/**
 * A provider rule reports the shared provider scan's hits that belong to it: one Cellguard rule
 * per credential family (`openai-api-key`, `aws-access-key`, …), all fed by one scan per view.
 */
import { defineRule, type Rule, type TextView } from '../../engine/rule.js';
import { fixesFor } from './fixes.js';
import type { ProviderSpec } from './provider.js';
import { providerHits, type ProviderHit } from './scan.js';
import { warmUpSecretlint } from './secretlint.js';

/** Build the rule of one provider file. */
export function providerRule(spec: ProviderSpec): Rule {
  return defineRule({
    meta: {
      id: spec.id,
      category: 'secret',
      defaultSeverity: 'error',
      cwe: spec.cwe ?? ['CWE-798'],
      description: spec.description,
      fixable: true,
      messages: {
        inSource:
          '{{label}} {{masked}} is hardcoded. Read it from the environment or a secret manager, and rotate it: anyone with the notebook can use it.',
        inOutput:
          '{{label}} {{masked}} is stored in this output. Redact or clear the output, and rotate the key.',
      },
    },
    create(context) {
      // Compile secretlint's patterns before the first cell that needs them (once per process).
      void warmUpSecretlint();
      const report = (view: TextView, hits: readonly ProviderHit[]): void => {
        for (const hit of hits) {
          if (hit.ruleId !== spec.id) continue;
          context.report({
            view,
            messageId: view.kind === 'output' ? 'inOutput' : 'inSource',
            data: { label: hit.label },
            range: hit.range,
            secret: hit.secret,
            secretPrefix: spec.maskPrefix !== false,
            fixes: fixesFor(view, hit.range, hit.envName, spec.id),
          });
        }
      };
      // Synchronous when the shared scan was: no promise per rule per cell on the common path.
      const visit = (view: TextView): void | Promise<void> => {
        const hits = providerHits(view);
        if (Array.isArray(hits)) {
          if (hits.length > 0) report(view, hits);
          return undefined;
        }
        return (hits as Promise<ProviderHit[]>).then((found) => report(view, found));
      };
      return { code: visit, markdown: visit, output: visit };
    },
  });
}
