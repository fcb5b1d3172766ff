/**
 * The data model every Cellguard surface shares: a finding means the same thing in the CLI, in
 * VS Code and in JupyterLab. Findings speak in UTF-16 offsets into a cell's source or into an
 * output's text; only editor adapters turn offsets into lines and columns.
 */

/** What family of problem a finding belongs to. */
export type Category = 'secret' | 'sensitive-output' | 'unsafe-load';

/** Severities, named as SARIF names its levels. */
export type Severity = 'error' | 'warning' | 'note';

/** `[start, end)` in UTF-16 code units. */
export type Range = readonly [start: number, end: number];

/** A place inside a cell's source (or inside a whole `.py` file, which is cell 0). */
export interface SourceLocation {
  readonly kind: 'source';
  readonly cellIndex: number;
  readonly cellId?: string;
  readonly range: Range;
}

/** A place inside one textual representation of one output of a cell. */
export interface OutputLocation {
  readonly kind: 'output';
  readonly cellIndex: number;
  readonly cellId?: string;
  readonly outputIndex: number;
  /** `text/plain`, `text/html`, … or `stream` / `error` for those output types. */
  readonly mimeType: string;
  readonly range: Range;
}

/**
 * A place inside metadata: the notebook's own (`cellIndex` absent), a cell's, or a cell
 * attachment. Nothing there is shown as text by an editor, so the location names the JSON
 * value — `path` from the notebook object (`['metadata', 'widgets', …]`) or from the cell object
 * (`['metadata', 'tags', '0']`, `['attachments', 'notes.txt', 'text/plain']`), array indexes as
 * decimal strings — and `range` is an offset pair into that string value once decoded
 * (`[0, 0]` when the value at `path` is not a string). Editors show it on the cell, or on the
 * notebook when there is no cell.
 */
export interface MetadataLocation {
  readonly kind: 'metadata';
  readonly cellIndex?: number;
  readonly cellId?: string;
  readonly path: readonly string[];
  readonly range: Range;
}

export type Location = SourceLocation | OutputLocation | MetadataLocation;

/** Replace `range` of a cell's source by `text`. */
export interface SourceEdit {
  readonly kind: 'source';
  readonly cellIndex: number;
  readonly range: Range;
  readonly text: string;
}

/**
 * Replace spans of one output's stored text. Ranges are offsets into the text that Cellguard
 * analysed for that output and mime type (see `OutputText`), which for every redactable
 * representation is the stored text itself.
 */
export interface RedactOutputEdit {
  readonly kind: 'redact-output';
  readonly cellIndex: number;
  readonly outputIndex: number;
  readonly mimeType: string;
  readonly replacements: readonly { readonly range: Range; readonly text: string }[];
}

/** Remove one output of a cell. */
export interface ClearOutputEdit {
  readonly kind: 'clear-output';
  readonly cellIndex: number;
  readonly outputIndex: number;
}

/** Remove every output of a cell. */
export interface ClearCellOutputsEdit {
  readonly kind: 'clear-cell-outputs';
  readonly cellIndex: number;
}

/** Set or merge keys into a cell's metadata (used by "suppress in this cell"). */
export interface CellMetadataEdit {
  readonly kind: 'cell-metadata';
  readonly cellIndex: number;
  readonly key: string;
  readonly value: unknown;
}

export type Edit =
  SourceEdit | RedactOutputEdit | ClearOutputEdit | ClearCellOutputsEdit | CellMetadataEdit;

/**
 * `safe` fixes keep the program's meaning and may be applied without the user clicking;
 * `unsafe` fixes may change behaviour and are only ever applied on request.
 */
export type Applicability = 'safe' | 'unsafe';

export interface Fix {
  readonly title: string;
  readonly edits: readonly Edit[];
  readonly applicability: Applicability;
  /** Set on the one fix an editor should offer first. */
  readonly preferred?: boolean;
}

export interface Finding {
  readonly ruleId: string;
  readonly category: Category;
  readonly severity: Severity;
  /**
   * Which of the rule's message templates (`meta.messages`) the message was filled from, so tests
   * and tools can tell `inSource` from `inOutput` without parsing the text (ESLint's `messageId`).
   */
  readonly messageId: string;
  /** Human message. Never contains a raw secret: values are masked by `maskSecret`. */
  readonly message: string;
  readonly location: Location;
  readonly fixes: readonly Fix[];
  /**
   * Stable identity of the finding across runs, line moves and cell moves: an HMAC-SHA-256 (keyed
   * with `AnalyzerOptions.fingerprintKey`) of the rule, source or output, the cell's id where the
   * notebook has ids, the matched value and which occurrence of it this is. Never the line, the
   * cell index or the value itself; without the key a guessed value cannot be checked against it.
   */
  readonly fingerprint: string;
  /** Link to the rule's documentation. */
  readonly docsUrl: string;
  /** Rule-specific, already-masked extras (counts per kind for output findings, …). */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The cell an editor shows a finding on: its own cell, or the first cell for the notebook's
 * own metadata (editors have no place for notebook metadata; the message names it).
 */
export function displayCellIndex(location: Location): number {
  return location.cellIndex ?? 0;
}

/** `notebook metadata widgets.…` / `cell metadata tags.0` / `attachment notes.txt`: for messages. */
export function describeMetadata(location: MetadataLocation): string {
  const [head, ...rest] = location.path;
  const owner = location.cellIndex === undefined ? 'notebook' : 'cell';
  const where = rest.join('.').slice(0, 80);
  if (head === 'attachments') return `attachment ${where}`;
  return `${owner} metadata${where ? ` ${where}` : ''}`;
}
