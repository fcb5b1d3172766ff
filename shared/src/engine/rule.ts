/**
 * The rule framework, after eslint: a rule is metadata plus `create(context)`, which returns
 * visitors for the kinds of text it cares about. Rules report offsets; the engine adds the
 * location, masking, severity, suppressions and fingerprint.
 */
import type { Category, Fix, Range, Severity } from '../model/finding.js';
import type { Cell, MetadataText, NotebookDoc } from '../model/notebook.js';
import type { PythonSource } from '../python/source.js';
import type { PythonEnvironment } from '../env/environment.js';

/** Where rule docs live; every diagnostic links here. */
export const DOCS_BASE_URL = 'https://github.com/cellguard/cellguard/blob/main/shared/docs/rules/';

export interface RuleMeta {
  /** Named after what the rule flags, kebab-case: `torch-load-without-weights-only`. */
  readonly id: string;
  readonly category: Category;
  readonly defaultSeverity: Severity;
  /** e.g. `CWE-798`. */
  readonly cwe: readonly string[];
  /** One line, shown in SARIF `shortDescription` and rule lists. */
  readonly description: string;
  /** Message templates with `{{name}}` placeholders, filled from report `data`. */
  readonly messages: Readonly<Record<string, string>>;
  /** True when at least one report carries a fix. */
  readonly fixable?: boolean;
  /**
   * What the rule reads: notebooks and `.py` files (the default), or model files found in the
   * tree (`unsafe-model-file`), whose findings the front end makes with the rule's own function.
   */
  readonly target?: 'notebook' | 'model-file';
}

/** One piece of text a rule looks at, with what it needs to know about where it is. */
export interface TextView {
  /**
   * `metadata`: notebook or cell metadata (widget state included) and text attachments, read
   * by the same handler as markdown (`markdown`), as plain text. The notebook's own metadata
   * comes with an empty stand-in cell and `cellIndex` -1.
   */
  readonly kind: 'code' | 'markdown' | 'raw' | 'output' | 'metadata';
  readonly text: string;
  readonly notebook: NotebookDoc;
  readonly cell: Cell;
  readonly cellIndex: number;
  /** For output views. */
  readonly output?: {
    readonly index: number;
    readonly mimeType: string;
    readonly outputType: string;
    readonly truncated: boolean;
  };
  /** For metadata views: which value, and whether it belongs to a cell. */
  readonly metadata?: { readonly text: MetadataText; readonly ofCell: boolean };
  /** For code views of Python notebooks and `.py` files: parsed lazily on first use. */
  readonly python?: PythonSource;
  /** Compute something once per view and share it between rules (e.g. one secretlint pass). */
  memo<T>(key: string, compute: () => T): T;
}

export interface ReportDescriptor {
  readonly view: TextView;
  readonly messageId: string;
  /** Placeholder values. Never raw secrets: pass the value as `secret`, use `{{masked}}`. */
  readonly data?: Readonly<Record<string, string | number>>;
  readonly range: Range;
  /** The raw secret, if any: masked into `{{masked}}` and hashed into the fingerprint. */
  readonly secret?: string;
  readonly fixes?: readonly Fix[];
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
  /** Overrides the rule's default severity for this report (e.g. `**kwargs`: lower confidence). */
  readonly severity?: Severity;
}

export interface RuleContext {
  readonly meta: RuleMeta;
  /** Rule options from the config file (`rules.<id>.options`). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Is this value allow-listed in the config (exact value or pattern)? */
  isAllowed(value: string): boolean;
  report(descriptor: ReportDescriptor): void;
  /**
   * Library versions the notebook runs on: its environment files (`AnalyzeOptions.environment`)
   * overlaid with its own `%pip install` cells. Computed on first access.
   */
  readonly environment: PythonEnvironment;
}

export interface RuleVisitor {
  /** Code cells and `.py` files. */
  code?(view: TextView): void | Promise<void>;
  /**
   * Markdown and raw cells: not code, but a pasted credential still leaks. Also metadata and
   * text attachments (`view.kind === 'metadata'`), which are pushed with the notebook.
   */
  markdown?(view: TextView): void | Promise<void>;
  /** Every textual output representation. Findings here are category `sensitive-output`. */
  output?(view: TextView): void | Promise<void>;
}

export interface Rule {
  readonly meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}

/** Typed identity helper so rule files read as data. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

export function docsUrlFor(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** Fill `{{name}}` placeholders. Unknown placeholders are left visible, which tests catch. */
export function formatMessage(
  template: string,
  data: Readonly<Record<string, string | number>>,
): string {
  return template.replace(/\{\{\s{0,4}(\w{1,64})\s{0,4}\}\}/g, (whole, key: string) =>
    key in data ? String(data[key]) : whole,
  );
}
