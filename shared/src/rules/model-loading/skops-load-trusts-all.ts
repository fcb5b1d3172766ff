/**
 * skops is the safe way to persist scikit-learn models, unless told to trust everything:
 * `skops.io.load(f, trusted=True)` (older skops) or `trusted=get_untrusted_types(file=f)` for the
 * same file, which approves whatever types the file asks for. skops docs: "you should never
 * pass `trusted=True`… only trust types you have checked". CWE-502. A list built elsewhere
 * (`trusted=unknown_types` after printing them) is the documented review flow and is not flagged.
 */
import { defineRule } from '../../engine/rule.js';
import { keywordArgument, positionalArgument } from '../../python/edits.js';
import type { Call } from '../../python/source.js';
import { unsafeLoadCandidates, type ResolvedCall } from './common.js';

const LOADS = new Set(['skops.io.load', 'skops.io.loads']);

/** The file (or bytes) argument of a load / get_untrusted_types call, as written. */
function sourceArgument(call: Call): string | undefined {
  return (
    keywordArgument(call, 'file') ??
    keywordArgument(call, 'data') ??
    positionalArgument(call, 0)
  )?.valueText;
}

export default defineRule({
  meta: {
    id: 'skops-load-trusts-all',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description: 'skops.io.load told to trust every type in the file loses its protection.',
    messages: {
      trustAll:
        '`{{callee}}` with `{{trusted}}` trusts every type the file asks for, so a crafted file can run code (CWE-502). Review `get_untrusted_types(...)` once and pass that explicit list of type names.',
    },
  },
  create(context) {
    return {
      code(view) {
        const calls = unsafeLoadCandidates(view);
        const byStart = new Map<number, ResolvedCall>(calls.map((c) => [c.call.node.from, c]));
        for (const { call, name } of calls) {
          if (!LOADS.has(name)) continue;
          const trusted = keywordArgument(call, 'trusted') ?? positionalArgument(call, 1);
          if (!trusted) continue;
          let trustsAll = trusted.valueText === 'True';
          if (!trustsAll) {
            const inner = byStart.get(trusted.value.from);
            if (
              inner &&
              inner.call.node.to === trusted.value.to &&
              inner.name === 'skops.io.get_untrusted_types'
            ) {
              const loaded = sourceArgument(call);
              trustsAll = loaded !== undefined && loaded === sourceArgument(inner.call);
            }
          }
          if (!trustsAll) continue;
          context.report({
            view,
            messageId: 'trustAll',
            data: { callee: call.callee, trusted: trusted.valueText.replace(/\s+/g, ' ') },
            range: trusted.range,
          });
        }
      },
    };
  },
});
