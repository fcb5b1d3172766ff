/**
 * Byte sources and the forward-only streams the model readers walk. A `ByteSource` is random
 * access (a file handle in the CLI, a `Uint8Array` in tests and browsers); a `ByteStream` is what a
 * reader consumes: a window that is refilled on demand, so that a multi-GB checkpoint costs what
 * its pickle part costs — tensor storages are skipped by moving the offset, never read.
 */
/** Random-access bytes: a file, a blob, a buffer. `read` may return fewer bytes only at the end. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A `ByteSource` over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => {
      const start = Math.max(0, Math.min(offset, bytes.length));
      return Promise.resolve(
        bytes.subarray(start, Math.min(bytes.length, start + Math.max(0, length))),
      );
    },
  };
}

/** The window a reader may look at synchronously. */
const CHUNK = 64 * 1024;

/**
 * A forward-only stream with a synchronous window. Callers `ensure(n)` before reading `n` bytes;
 * `skip(n)` moves past data without keeping it (a seek for file-backed streams).
 */
export abstract class ByteStream {
  protected buf: Uint8Array = new Uint8Array(0);
  protected pos = 0;
  /** Stream offset of `buf[0]`. */
  protected base = 0;
  protected ended = false;

  /** Offset of the next unread byte, from the start of this stream. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Bytes readable synchronously now. */
  get available(): number {
    return this.buf.length - this.pos;
  }

  /** True when nothing is left to read. */
  async atEnd(): Promise<boolean> {
    return !(await this.ensure(1));
  }

  /** Makes at least `n` bytes readable synchronously; false when the stream ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.available < n && !this.ended) {
      const more = await this.pull(Math.max(CHUNK, n - this.available));
      if (more === undefined || more.length === 0) {
        this.ended = true;
        break;
      }
      this.append(more);
    }
    return this.available >= n;
  }

  /** The next byte (call `ensure(1)` first). */
  byte(): number {
    return this.buf[this.pos++] ?? 0;
  }

  /** The next byte without consuming it (call `ensure(1)` first). */
  peek(): number {
    return this.buf[this.pos] ?? 0;
  }

  /** The next `n` bytes (call `ensure(n)` first); a view, valid until the next `ensure`. */
  take(n: number): Uint8Array {
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += out.length;
    return out;
  }

  /** Index of `value` in the window at or after the read position, or -1. */
  indexOf(value: number, limit: number): number {
    const end = Math.min(this.buf.length, this.pos + limit);
    for (let i = this.pos; i < end; i++) if (this.buf[i] === value) return i - this.pos;
    return -1;
  }

  /** Moves `n` bytes on; resolves to the number actually skipped (less at the end). */
  async skip(n: number): Promise<number> {
    const inWindow = Math.min(n, this.available);
    this.pos += inWindow;
    if (inWindow === n) return n;
    const rest = await this.discard(n - inWindow);
    return inWindow + rest;
  }

  private append(more: Uint8Array): void {
    if (this.pos >= this.buf.length) {
      this.base += this.buf.length;
      this.buf = more;
      this.pos = 0;
      return;
    }
    const keep = this.buf.subarray(this.pos);
    const joined = new Uint8Array(keep.length + more.length);
    joined.set(keep, 0);
    joined.set(more, keep.length);
    this.base += this.pos;
    this.buf = joined;
    this.pos = 0;
  }

  /** The next piece of the stream, about `hint` bytes; undefined at the end. */
  protected abstract pull(hint: number): Promise<Uint8Array | undefined>;

  /** Drops `n` bytes past the window (the window is empty); returns how many were dropped. */
  protected async discard(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      if (!(await this.ensure(1))) break;
      const step = Math.min(left, this.available);
      this.pos += step;
      left -= step;
    }
    return n - left;
  }
}

/** A stream over `[start, start + length)` of a `ByteSource`; skips are seeks. */
export class RangeStream extends ByteStream {
  private next: number;
  private readonly end: number;

  constructor(
    private readonly source: ByteSource,
    start: number,
    length: number,
  ) {
    super();
    this.next = start;
    this.end = Math.min(source.size, start + Math.max(0, length));
  }

  protected async pull(hint: number): Promise<Uint8Array | undefined> {
    if (this.next >= this.end) return undefined;
    const length = Math.min(hint, this.end - this.next);
    const got = await this.source.read(this.next, length);
    this.next += got.length;
    return got.length > 0 ? got : undefined;
  }

  protected override discard(n: number): Promise<number> {
    // The window is empty here: move the read position without reading.
    const step = Math.min(n, this.end - this.next);
    this.next += step;
    this.base += this.buf.length + step;
    this.buf = new Uint8Array(0);
    this.pos = 0;
    return Promise.resolve(step);
  }
}

/** Why an inflating stream stopped early. */
export interface InflateState {
  error?: string;
  /** Inflated bytes produced so far. */
  produced: number;
  capped: boolean;
}

/**
 * A stream that inflates raw DEFLATE data (or zlib / gzip, see `kind`) read from another stream,
 * with the platform's `DecompressionStream` (Node ≥ 20, every current browser and web worker — no
 * dependency, no worker threads). Output is pulled chunk by chunk, so memory stays at a chunk;
 * `cap` bounds the total inflated size (zip bombs): past it the stream ends, `state.capped` set.
 */
export class InflateStream extends ByteStream {
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private consumed = 0;
  readonly state: InflateState = { produced: 0, capped: false };

  constructor(
    private readonly input: ByteStream,
    private readonly compressedLength: number,
    private readonly cap: number,
    private readonly kind: 'raw' | 'zlib' | 'gzip' = 'raw',
  ) {
    super();
  }

  private open(): ReadableStreamDefaultReader<Uint8Array> {
    const input = this.input;
    const compressed = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const left = this.compressedLength - this.consumed;
        if (left <= 0 || !(await input.ensure(1))) {
          controller.close();
          return;
        }
        const piece = input.take(Math.min(64 * 1024, left, input.available)).slice();
        this.consumed += piece.length;
        controller.enqueue(piece);
      },
    });
    const format = this.kind === 'raw' ? 'deflate-raw' : this.kind === 'zlib' ? 'deflate' : 'gzip';
    const inflated = compressed.pipeThrough(
      new DecompressionStream(format),
    ) as ReadableStream<Uint8Array>;
    return inflated.getReader();
  }

  protected async pull(): Promise<Uint8Array | undefined> {
    if (this.state.capped || this.state.error !== undefined) return undefined;
    this.reader ??= this.open();
    let chunk: Uint8Array | undefined;
    try {
      const next = await this.reader.read();
      chunk = next.done ? undefined : next.value;
    } catch (error) {
      this.state.error = error instanceof Error ? error.message : String(error);
      return undefined;
    }
    if (chunk === undefined) return undefined;
    const room = this.cap - this.state.produced;
    if (chunk.length >= room) {
      this.state.capped = chunk.length > room || this.compressedLength > this.consumed;
      this.state.produced = this.cap;
      if (this.state.capped) void this.reader.cancel().catch(() => undefined);
      return room > 0 ? chunk.subarray(0, room) : undefined;
    }
    this.state.produced += chunk.length;
    return chunk;
  }
}

/** Reads a whole (small) stream into memory, up to `cap` bytes; undefined past the cap. */
export async function readAll(stream: ByteStream, cap: number): Promise<Uint8Array | undefined> {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (await stream.ensure(1)) {
    const n = stream.available;
    if (total + n > cap) return undefined;
    parts.push(stream.take(n).slice());
    total += n;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
