/**
 * The one registry of rules, sorted by id. Each family keeps its own list; `check:rules` fails
 * when a registered rule lacks a doc page, a test table or a fixture.
 */
import type { Rule } from '../engine/rule.js';
import unsafeModelFile from './model-files/unsafe-model-file.js';
import { modelLoadingRules } from './model-loading/index.js';
import { outputRules } from './outputs/index.js';
import { secretRules } from './secrets/index.js';

export const allRules: readonly Rule[] = [
  ...secretRules,
  ...outputRules,
  ...modelLoadingRules,
  unsafeModelFile,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

const byId = new Map(allRules.map((rule) => [rule.meta.id, rule]));
if (byId.size !== allRules.length) throw new Error('duplicate rule id in the registry');

export function getRule(id: string): Rule | undefined {
  return byId.get(id);
}
