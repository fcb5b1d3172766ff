/**
 * Where a finding sits in the raw `.ipynb` file, so SARIF consumers (GitHub code scanning)
 * annotate the right line of the JSON. A small scanner walks the raw JSON once and records the
 * string tokens under `cells[i].source` and `cells[i].outputs[j]`; a decoded offset inside a
 * string is then mapped back through its escape sequences.
 */
import type { Location } from '../model/finding.js';

interface StringToken {
  /** Raw offset of the opening quote. */
  readonly start: number;
  /** Raw offset of the closing quote. */
  readonly end: number;
}

interface RecordedValue {
  readonly start: number;
  readonly tokens: StringToken[];
}

interface CellTokens {
  source: StringToken[];
  outputs: Map<number, { field: string; tokens: StringToken[] }[]>;
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.pos++;
      else break;
    }
  }

  string(): StringToken {
    const start = this.pos;
    const t = this.text;
    this.pos++; // opening quote
    for (;;) {
      const next = t.indexOf('"', this.pos);
      if (next === -1) throw new Error('unterminated string');
      // Count the backslashes before the quote: an odd count escapes it.
      let backslashes = 0;
      for (let i = next - 1; i >= this.pos && t.charCodeAt(i) === 92; i--) backslashes++;
      this.pos = next + 1;
      if (backslashes % 2 === 0) return { start, end: next };
    }
  }

  /** Skip any value; when `collect` is given, string tokens inside it are appended. */
  skip(collect?: StringToken[]): void {
    this.ws();
    const c = this.text[this.pos];
    if (c === '"') {
      const token = this.string();
      collect?.push(token);
    } else if (c === '{') {
      this.object((_key) => this.skip(collect));
    } else if (c === '[') {
      this.array(() => this.skip(collect));
    } else {
      // number, true, false, null
      while (this.pos < this.text.length && !',}] \n\r\t'.includes(this.text[this.pos]!))
        this.pos++;
    }
  }

  /**
   * Skip a value, recording where each value inside it starts under its path (`\u0000`-joined)
   * and, for strings and lists of strings (nbformat multiline strings), their tokens.
   */
  record(path: string, into: Map<string, RecordedValue>): void {
    this.ws();
    const c = this.text[this.pos];
    const start = this.pos;
    if (c === '{') {
      into.set(path, { start, tokens: [] });
      this.object((key) => this.record(`${path}\u0000${key}`, into));
    } else if (c === '[') {
      const entry: RecordedValue = { start, tokens: [] };
      into.set(path, entry);
      this.array((index) => {
        const key = `${path}\u0000${index}`;
        this.record(key, into);
        const item = into.get(key);
        if (item && this.text[item.start] === '"') entry.tokens.push(...item.tokens);
      });
    } else if (c === '"') {
      into.set(path, { start, tokens: [this.string()] });
    } else {
      into.set(path, { start, tokens: [] });
      this.skip();
    }
  }

  object(onValue: (key: string) => void): void {
    this.pos++; // {
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.ws();
      const keyToken = this.string();
      const key = JSON.parse(this.text.slice(keyToken.start, keyToken.end + 1)) as string;
      this.ws();
      this.pos++; // :
      this.ws();
      onValue(key);
      this.ws();
      if (this.text[this.pos] === ',') this.pos++;
      else {
        this.pos++; // }
        return;
      }
    }
  }

  array(onItem: (index: number) => void): void {
    this.pos++; // [
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      onItem(index);
      this.ws();
      if (this.text[this.pos] === ',') this.pos++;
      else {
        this.pos++; // ]
        return;
      }
    }
  }
}

/** Index of the raw string tokens of every cell's source and outputs. */
/** Where decoded character `decoded` of a token list starts in the raw text. */
interface Checkpoint {
  readonly decoded: number;
  readonly token: number;
  readonly raw: number;
}
const CHECKPOINT_EVERY = 1024;

export class NotebookJsonIndex {
  private readonly cells: CellTokens[] = [];
  /** Metadata and attachment values by owner (`nb` or the cell index) and path. */
  private readonly metadata = new Map<string, RecordedValue>();

  constructor(private readonly raw: string) {
    const scanner = new Scanner(raw);
    scanner.ws();
    if (raw.charCodeAt(scanner.pos) === 0xfeff) scanner.pos++;
    scanner.ws();
    scanner.object((key) => {
      if (key === 'metadata') return scanner.record(`nb\u0000metadata`, this.metadata);
      if (key !== 'cells') return scanner.skip();
      scanner.ws();
      scanner.array((cellIndex) => {
        const cell: CellTokens = { source: [], outputs: new Map() };
        this.cells[cellIndex] = cell;
        scanner.ws();
        scanner.object((cellKey) => {
          if (cellKey === 'source') return scanner.skip(cell.source);
          if (cellKey === 'metadata' || cellKey === 'attachments')
            return scanner.record(`${cellIndex}\u0000${cellKey}`, this.metadata);
          if (cellKey !== 'outputs') return scanner.skip();
          scanner.ws();
          scanner.array((outputIndex) => {
            const fields: { field: string; tokens: StringToken[] }[] = [];
            cell.outputs.set(outputIndex, fields);
            scanner.ws();
            scanner.object((outputKey) => {
              if (outputKey === 'data') {
                scanner.ws();
                scanner.object((mime) => {
                  const tokens: StringToken[] = [];
                  scanner.skip(tokens);
                  fields.push({ field: mime, tokens });
                });
              } else {
                const tokens: StringToken[] = [];
                scanner.skip(tokens);
                fields.push({ field: outputKey, tokens });
              }
            });
          });
        });
      });
    });
  }

  /**
   * Raw offset of a decoded offset inside a list of string tokens (joined). Walks from the nearest
   * checkpoint (one per `CHECKPOINT_EVERY` decoded characters, built in one pass on first use), so
   * a text with many findings costs linear time, not one walk from its start per finding.
   */
  private rawOffsetIn(tokens: readonly StringToken[], decodedOffset: number): number | undefined {
    if (tokens.length === 0) return undefined;
    const points = this.checkpointsOf(tokens);
    // The last checkpoint at or before the offset (binary search).
    let lo = 0;
    let hi = points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (points[mid]!.decoded <= decodedOffset) lo = mid;
      else hi = mid - 1;
    }
    const from = points[lo]!;
    let remaining = decodedOffset - from.decoded;
    for (let t = from.token; t < tokens.length; t++) {
      const token = tokens[t]!;
      let raw = t === from.token ? from.raw : token.start + 1;
      while (raw < token.end) {
        if (remaining === 0) return raw;
        raw += this.rawStep(raw);
        remaining--;
      }
      if (remaining === 0 && t === tokens.length - 1) return raw;
    }
    return tokens[0]!.start;
  }

  /** Raw length of the decoded character at `raw`: an escape is 2 or 6 characters. */
  private rawStep(raw: number): number {
    if (this.raw.charCodeAt(raw) !== 92 /* \ */) return 1;
    return this.raw[raw + 1] === 'u' ? 6 : 2;
  }

  private readonly checkpoints = new WeakMap<readonly StringToken[], Checkpoint[]>();

  private checkpointsOf(tokens: readonly StringToken[]): Checkpoint[] {
    let points = this.checkpoints.get(tokens);
    if (points) return points;
    points = [{ decoded: 0, token: 0, raw: tokens[0]!.start + 1 }];
    let decoded = 0;
    tokens.forEach((token, t) => {
      for (let raw = token.start + 1; raw < token.end; raw += this.rawStep(raw)) {
        if (decoded > 0 && decoded % CHECKPOINT_EVERY === 0 && points!.at(-1)!.decoded !== decoded)
          points!.push({ decoded, token: t, raw });
        decoded++;
      }
    });
    this.checkpoints.set(tokens, points);
    return points;
  }

  /**
   * Raw offset of a position inside a finding's text (default: its start), or undefined when the
   * JSON layout is not understood.
   */
  rawOffset(location: Location, decodedOffset: number = location.range[0]): number | undefined {
    if (location.kind === 'metadata') {
      const owner = location.cellIndex === undefined ? 'nb' : String(location.cellIndex);
      const value = this.metadata.get([owner, ...location.path].join('\u0000'));
      if (!value) return undefined;
      return value.tokens.length > 0 ? this.rawOffsetIn(value.tokens, decodedOffset) : value.start;
    }
    const cell = this.cells[location.cellIndex];
    if (!cell) return undefined;
    if (location.kind === 'source') return this.rawOffsetIn(cell.source, decodedOffset);
    const fields = cell.outputs.get(location.outputIndex);
    if (!fields) return undefined;
    const wanted =
      location.mimeType === 'stream'
        ? 'text'
        : location.mimeType === 'error'
          ? 'evalue'
          : location.mimeType;
    const field = fields.find((f) => f.field === wanted) ?? fields.find((f) => f.tokens.length > 0);
    if (!field) return undefined;
    // Stream text and string/list payloads map exactly; error and JSON payloads map to the field.
    if (
      location.mimeType === 'error' ||
      location.mimeType.endsWith('json') ||
      field.field !== wanted
    ) {
      return field.tokens[0]?.start;
    }
    return this.rawOffsetIn(field.tokens, decodedOffset);
  }
}
