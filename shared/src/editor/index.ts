/**
 * What both editors (and the CLI) decide alike: action menus, bulk output edits, save checks,
 * config layering, exclusion, the notebook language, and redaction that leaves nothing.
 */
export {
  actionsFor,
  clearCellOutputsFix,
  clearOutputFix,
  fixLabel,
  normaliseFixes,
  outputEdits,
  outputsWithFindings,
  outputSummary,
  plainRuleName,
  UNSAFE_MARK,
  type FindingAction,
  type OutputAction,
} from './actions.js';
export {
  configSearchPaths,
  layerConfig,
  readConfigText,
  relativeToConfig,
  resolveLayers,
  type EditorConfigLayer,
  type LayeredConfig,
} from './config-layers.js';
export { notebookLanguage } from './language.js';
export {
  applyFixPlan,
  locationLabel,
  planSafeFixes,
  redactNotebookJson,
  type FixPlan,
  type PlannedFix,
} from './notebook-fix.js';
export {
  applyEditsToNotebookText,
  applyOutputEdits,
  applyOutputEditsToCell,
  mergeSpans,
  notebookCellSpans,
  redactionLabel,
  redactionValues,
  redactOutput,
  type RedactionValue,
} from './redact.js';
export {
  describeFindings,
  SAVE_POLICIES,
  saveCheck,
  type SaveDecision,
  type SavePolicy,
} from './save.js';
export { modelFilesFor, type ModelFileOpener, type NotebookModelFiles } from './model-files.js';
