/**
 * The normalised notebook the rules see. `parseNotebook` builds it from nbformat 4 JSON;
 * `fromPythonSource` wraps a `.py` file as a single code cell. Editor adapters build it from
 * their live documents.
 */
import type { Range } from './finding.js';

export type CellKind = 'code' | 'markdown' | 'raw';

/** One textual representation of an output, as Cellguard analyses it. */
export interface OutputText {
  /** Mime type for `execute_result`/`display_data`, `stream` or `error` otherwise. */
  readonly mimeType: string;
  /** The text as stored in the notebook (lines joined). Offsets of findings point into this. */
  readonly text: string;
  /** True when the text was cut at the analysis cap (see `LIMITS.maxOutputChars`). */
  readonly truncated?: boolean;
}

export interface Output {
  readonly outputType: 'stream' | 'execute_result' | 'display_data' | 'error';
  /** stdout / stderr for streams. */
  readonly name?: string;
  /** Textual representations only: images and other binary payloads are never analysed. */
  readonly texts: readonly OutputText[];
}

/** Cell-level suppression stored in cell metadata under `cellguard`. */
export interface CellSuppression {
  /** Rule ids, or `true` for every rule. */
  readonly ignore: true | readonly string[];
  readonly reason?: string;
  /** `YYYY-MM-DD`: the last day it suppresses (as written; validated where it is applied). */
  readonly until?: string;
}

/**
 * Metadata as the text rules read: a JSON value pretty-printed (`json`) with the position of each
 * string in it, or a text attachment as stored (`text`).
 */
export interface MetadataText {
  /** JSON path of the value, from the notebook or from the cell (see `MetadataLocation`). */
  readonly path: readonly string[];
  readonly format: 'json' | 'text';
  readonly text: string;
  /** For `json`: each string value's path and the range of its token (quotes included) in `text`. */
  readonly strings: readonly { readonly path: readonly string[]; readonly range: Range }[];
  readonly truncated?: boolean;
}

export interface Cell {
  readonly kind: CellKind;
  readonly id?: string;
  readonly source: string;
  readonly outputs: readonly Output[];
  readonly suppression?: CellSuppression;
  /** The cell's metadata and text attachments (only when read from nbformat JSON). */
  readonly metadata?: readonly MetadataText[];
}

export interface NotebookDoc {
  readonly cells: readonly Cell[];
  /** `python` unless the kernel says otherwise; rules that parse Python skip other languages. */
  readonly language: string;
  /** True for a plain `.py` (or other text) file wrapped as one cell: no cell numbers. */
  readonly isPythonFile?: boolean;
  /** The notebook's own metadata, widget state included (only when read from nbformat JSON). */
  readonly metadata?: readonly MetadataText[];
}
