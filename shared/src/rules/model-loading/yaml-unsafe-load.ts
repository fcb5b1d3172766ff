/**
 * PyYAML loads that construct arbitrary Python objects: `yaml.load` / `yaml.load_all` without a
 * safe Loader (positional or `Loader=`), an unsafe Loader (`Loader`, `UnsafeLoader`,
 * `FullLoader` and their C twins), and `yaml.unsafe_load` / `yaml.full_load` (+ `_all`). PyYAML
 * docs: "yaml.load(input) … is unsafe"; FullLoader had remote code execution bugs
 * (CVE-2020-1747, CVE-2020-14343). CWE-502. A Loader given as a variable is not flagged: custom
 * loaders are usually SafeLoader subclasses.
 */
import { defineRule } from '../../engine/rule.js';
import {
  hasKeywordUnpacking,
  insertArgument,
  keywordArgument,
  positionalArgument,
  replaceArgumentValue,
} from '../../python/edits.js';
import { resolveName } from '../../python/source.js';
import {
  calleeNameRange,
  lastSegment,
  sourceFix,
  unsafeLoadCandidates,
  writtenModulePrefix,
} from './common.js';

const LOAD = new Set(['yaml.load', 'yaml.load_all']);
/** Unsafe shortcuts → their safe twin. */
const SHORTCUTS: ReadonlyMap<string, string> = new Map([
  ['yaml.unsafe_load', 'safe_load'],
  ['yaml.full_load', 'safe_load'],
  ['yaml.unsafe_load_all', 'safe_load_all'],
  ['yaml.full_load_all', 'safe_load_all'],
]);
const SAFE_LOADERS = new Set([
  'yaml.SafeLoader',
  'yaml.CSafeLoader',
  'yaml.BaseLoader',
  'yaml.CBaseLoader',
]);
const UNSAFE_LOADERS = new Set([
  'yaml.Loader',
  'yaml.UnsafeLoader',
  'yaml.FullLoader',
  'yaml.CLoader',
  'yaml.CUnsafeLoader',
  'yaml.CFullLoader',
]);

export default defineRule({
  meta: {
    id: 'yaml-unsafe-load',
    category: 'unsafe-load',
    defaultSeverity: 'warning',
    cwe: ['CWE-502'],
    description:
      'PyYAML loads without SafeLoader can construct arbitrary Python objects and run code.',
    fixable: true,
    messages: {
      noLoader:
        '`{{callee}}` without a safe Loader can build arbitrary Python objects from YAML tags and run code (CWE-502). Use `yaml.safe_load` or `Loader=yaml.SafeLoader`.',
      unsafeLoader:
        '`{{loader}}` lets `{{callee}}` build arbitrary Python objects from YAML tags and run code (CWE-502). Use `Loader=yaml.SafeLoader` (or `yaml.safe_load`).',
      shortcut:
        '`{{callee}}` can build arbitrary Python objects from YAML tags and run code (CWE-502). Use `yaml.{{safe}}`.',
      unknown:
        '`{{callee}}` gets its keyword arguments from `**` unpacking: make sure a SafeLoader is passed, otherwise YAML tags can run code (CWE-502).',
    },
  },
  create(context) {
    return {
      code(view) {
        const python = view.python;
        if (!python) return;
        for (const { call, name } of unsafeLoadCandidates(view)) {
          const written = call.calleeText;
          const prefix = writtenModulePrefix(written);
          const safe = SHORTCUTS.get(name);
          if (safe !== undefined) {
            const nameRange = calleeNameRange(call);
            context.report({
              view,
              messageId: 'shortcut',
              data: { callee: call.callee, safe },
              range: [call.node.from, call.node.to],
              // `from yaml import full_load` leaves no module to hang `safe_load` on: no fix then.
              ...(prefix
                ? {
                    fixes: [
                      sourceFix(
                        view,
                        `Use ${prefix}${safe} (custom YAML tags will no longer load)`,
                        [
                          {
                            range: nameRange,
                            text: safe,
                          },
                        ],
                        { preferred: true },
                      ),
                    ],
                  }
                : {}),
            });
            continue;
          }
          if (!LOAD.has(name)) continue;
          const loader = keywordArgument(call, 'Loader') ?? positionalArgument(call, 1);
          if (loader) {
            if (!/^[\w.]+$/.test(loader.valueText)) continue;
            const loaderName = resolveName(loader.valueText, python.imports).replace(
              /^ruamel\.yaml\./,
              'yaml.',
            );
            if (SAFE_LOADERS.has(loaderName) || !UNSAFE_LOADERS.has(loaderName)) continue;
            const loaderPrefix = writtenModulePrefix(loader.valueText) || prefix;
            context.report({
              view,
              messageId: 'unsafeLoader',
              data: { callee: call.callee, loader: loader.valueText },
              range: loader.range,
              ...(loaderPrefix
                ? {
                    fixes: [
                      sourceFix(
                        view,
                        `Use ${loaderPrefix}SafeLoader (custom YAML tags will no longer load)`,
                        replaceArgumentValue(loader, `${loaderPrefix}SafeLoader`),
                        { preferred: true },
                      ),
                    ],
                  }
                : {}),
            });
            continue;
          }
          if (hasKeywordUnpacking(call)) {
            context.report({
              view,
              messageId: 'unknown',
              data: { callee: call.callee },
              range: [call.node.from, call.node.to],
              severity: 'note',
            });
            continue;
          }
          const fixes = [];
          if (prefix) {
            const nameRange = calleeNameRange(call);
            const safeName = lastSegment(name) === 'load_all' ? 'safe_load_all' : 'safe_load';
            fixes.push(
              sourceFix(
                view,
                `Use ${prefix}${safeName} (custom YAML tags will no longer load)`,
                [{ range: nameRange, text: safeName }],
                { preferred: true },
              ),
              sourceFix(
                view,
                `Pass Loader=${prefix}SafeLoader`,
                insertArgument(view.text, call, `Loader=${prefix}SafeLoader`),
              ),
            );
          }
          context.report({
            view,
            messageId: 'noLoader',
            data: { callee: call.callee },
            range: [call.node.from, call.node.to],
            ...(fixes.length ? { fixes } : {}),
          });
        }
      },
    };
  },
});
