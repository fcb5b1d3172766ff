/**
 * @cellguard/core — the analysis core shared by the CLI, the VS Code extension and the
 * JupyterLab extension. Pure: no editor API, no file system, no network.
 */
export type * from './model/finding.js';
export { describeMetadata, displayCellIndex } from './model/finding.js';
export type * from './model/notebook.js';
export {
  Analyzer,
  compareFindings,
  metadataLocation,
  type AnalysisResult,
  type AnalyzeOptions,
  type Notice,
} from './engine/analyze.js';
export {
  CONFIG_FILE_NAME,
  ConfigError,
  configWarnings,
  DEFAULT_CONFIG,
  parseConfig,
  resolveConfig,
  type CellguardConfig,
  type ResolvedConfig,
  type RuleSetting,
} from './engine/config.js';
export {
  applyEditsToNotebookJson,
  applySourceEdits,
  redactOutputJson,
  replaceInJson,
  replaceValues,
} from './engine/edits.js';
export { maskSecret, redactionFor } from './engine/mask.js';
export { ExcludeSet, Glob, GlobError, isExcluded } from './engine/exclude.js';
export * from './editor/index.js';
export { LineIndex, offsetAt, positionAt, type Position } from './engine/offsets.js';
export {
  DOCS_BASE_URL,
  defineRule,
  docsUrlFor,
  type Rule,
  type RuleContext,
  type RuleMeta,
  type RuleVisitor,
  type TextView,
} from './engine/rule.js';
export {
  cellSuppressionList,
  cellSuppresses,
  isIsoDate,
  LineSuppressions,
  notebookSuppressions,
  suppressCellFix,
  suppressionProblem,
  suppressionStatus,
  suppressLineFix,
  todayUtc,
  type Suppression,
  type SuppressionPolicy,
  type SuppressionStatus,
} from './engine/suppress.js';
export {
  collectEnvironment,
  EMPTY_ENVIRONMENT,
  environmentFromFiles,
  environmentSearchPath,
  joinPath,
  notebookInstalls,
  parentPath,
  withNotebookInstalls,
  type EnvironmentFileText,
  type EnvironmentIO,
  type PythonEnvironment,
} from './env/environment.js';
export {
  environmentFileKind,
  environmentFileNames,
  MAX_ENVIRONMENT_FILE_CHARS,
  parseEnvironmentFile,
  poetryConstraint,
  type EnvironmentFileKind,
  type ParsedEnvironmentFile,
} from './env/files.js';
export {
  normalizeName,
  parsePep508,
  type Requirement,
  type RequirementSource,
} from './env/requirement.js';
export { relationTo, specifierBounds, type VersionRelation } from './env/versions.js';
export {
  isCommitHash,
  loadReferences,
  modelFileReferences,
  modelPathCandidates,
  type LoadKind,
  type LoadReference,
} from './loads/references.js';
export {
  joinModelFiles,
  modelFileRequests,
  verdictSentence,
  type ModelFileCallable,
  type ModelFileRequest,
  type ModelFileScan,
} from './loads/join.js';
export { NotebookError } from './notebook/errors.js';
export { LIMITS } from './notebook/limits.js';
export {
  cappedOutputText,
  fromPythonSource,
  fromTextSource,
  isJsonMime,
  isTextualMime,
  metadataTexts,
  notebookFromJson,
  parseNotebook,
  stripAnsi,
  suppressionFromMetadata,
} from './notebook/parse.js';
export { maskMagics, type Magic, type MaskedSource } from './python/magics.js';
export {
  hasKeywordUnpacking,
  insertArgument,
  keywordArgument,
  positionalArgument,
  removeArgument,
  replaceArgumentValue,
  type TextEdit,
} from './python/edits.js';
export {
  importContexts,
  PythonSource,
  resolveName,
  type Call,
  type CallArgument,
  type ImportMap,
  type StringLiteral,
} from './python/source.js';
export {
  MODEL_EXTENSIONS,
  scanModel,
  sniffModelFormat,
  type ModelCallable,
  type ModelScan,
  type ModelScanVerdict,
  type ModelVerdict,
  type ScanModelOptions,
} from './models/scan.js';
export { bytesSource, type ByteSource } from './models/stream.js';
export { classifyGlobal, type GlobalVerdict } from './models/verdict.js';
export {
  modelFileFinding,
  modelFileFormat,
  SEVERITY_BY_VERDICT,
  UNSAFE_MODEL_FILE,
  type FileLocation,
  type ModelFileFinding,
} from './rules/model-files/unsafe-model-file.js';
export { allRules, getRule } from './rules/index.js';
// Public: predicates and metadata only. Scan internals that return raw values are not exported.
export * as secrets from './rules/secrets/public-api.js';
export { VERSION } from './version.js';

import { Analyzer, type AnalyzerOptions } from './engine/analyze.js';
import type { ResolvedConfig } from './engine/config.js';
import { allRules } from './rules/index.js';

/** An analyzer with every registered rule. Keep one per config and reuse it. */
export function createAnalyzer(config?: ResolvedConfig, options?: AnalyzerOptions): Analyzer {
  return new Analyzer(allRules, config, options);
}
