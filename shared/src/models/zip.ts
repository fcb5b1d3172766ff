/**
 * A lenient ZIP reader over a `ByteSource` (APPNOTE.TXT 6.3.10), as forgiving as Python's
 * `zipfile` and PyTorch's miniz where scanners have been fooled: CRCs are never checked (a bad CRC
 * does not stop torch from loading), flag bits never hide a member, ZIP64 sizes and offsets are
 * read, and a missing or corrupt central directory falls back to walking the local headers.
 * Only the central directory and local headers are read; member data is streamed on demand.
 */
import { type ByteSource, type ByteStream, InflateStream, RangeStream } from './stream.js';

export interface ZipMember {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header. */
  headerOffset: number;
  /** Offset of the member's data (after the local header), once resolved. */
  dataOffset: number;
}

export interface ZipDirectory {
  members: ZipMember[];
  notes: string[];
}

const MAX_MEMBERS = 200_000;
const MAX_DIRECTORY = 64 * 1024 * 1024;

function u16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) + u16(b, at + 2) * 65536) >>> 0;
}
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 2 ** 32;
}

const names = new TextDecoder('utf-8');
const cp437 = new TextDecoder('latin1');

function memberName(bytes: Uint8Array, flags: number): string {
  // Bit 11 marks UTF-8 names; others are CP437, which matches ASCII for every name torch writes.
  return (flags & 0x800) !== 0 ? names.decode(bytes) : cp437.decode(bytes);
}

/** ZIP64 extended information (header id 0x0001): the fields that were 0xFFFFFFFF, in order. */
function zip64Extra(
  extra: Uint8Array,
  fields: { size: number; compressedSize: number; offset: number },
): { size: number; compressedSize: number; offset: number } {
  let at = 0;
  const out = { ...fields };
  while (at + 4 <= extra.length) {
    const id = u16(extra, at);
    const len = u16(extra, at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const end = Math.min(extra.length, p + len);
      if (out.size === 0xffffffff && p + 8 <= end) {
        out.size = u64(extra, p);
        p += 8;
      }
      if (out.compressedSize === 0xffffffff && p + 8 <= end) {
        out.compressedSize = u64(extra, p);
        p += 8;
      }
      if (out.offset === 0xffffffff && p + 8 <= end) out.offset = u64(extra, p);
      break;
    }
    at += 4 + len;
  }
  return out;
}

/** Reads the directory of a ZIP; never throws for bad input (problems become notes). */
export async function readZipDirectory(source: ByteSource): Promise<ZipDirectory> {
  const notes: string[] = [];
  const fromCentral = await readCentral(source, notes);
  const members = fromCentral ?? (await walkLocalHeaders(source, notes));
  // Resolve data offsets from the local headers (their name and extra lengths may differ).
  for (const m of members) {
    if (m.dataOffset >= 0) continue;
    const head = await source.read(m.headerOffset, 30);
    if (head.length < 30 || u32(head, 0) !== 0x04034b50) {
      notes.push(`member ${m.name}: no local header at offset ${m.headerOffset}`);
      m.dataOffset = -1;
      continue;
    }
    m.dataOffset = m.headerOffset + 30 + u16(head, 26) + u16(head, 28);
  }
  return { members: members.filter((m) => m.dataOffset >= 0), notes };
}

async function readCentral(source: ByteSource, notes: string[]): Promise<ZipMember[] | undefined> {
  const tailLength = Math.min(source.size, 22 + 65535 + 20);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    notes.push('no end-of-central-directory record; members found by walking local headers');
    return undefined;
  }
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  // ZIP64 end of central directory locator sits right before the EOCD record.
  const loc = eocd - 20;
  if (loc >= 0 && u32(tail, loc) === 0x07064b50) {
    const recOffset = u64(tail, loc + 8);
    const rec = await source.read(recOffset, 56);
    if (rec.length >= 56 && u32(rec, 0) === 0x06064b50) {
      count = u64(rec, 32);
      cdSize = u64(rec, 40);
      cdOffset = u64(rec, 48);
    } else notes.push('ZIP64 locator points at no ZIP64 record');
  }
  if (cdSize > MAX_DIRECTORY || cdOffset + cdSize > source.size) {
    notes.push('central directory out of bounds; members found by walking local headers');
    return undefined;
  }
  const cd = await source.read(cdOffset, cdSize);
  const members: ZipMember[] = [];
  let at = 0;
  while (at + 46 <= cd.length && members.length < MAX_MEMBERS) {
    if (u32(cd, at) !== 0x02014b50) {
      notes.push(`central directory entry ${members.length} is corrupt`);
      break;
    }
    const flags = u16(cd, at + 8);
    const method = u16(cd, at + 10);
    const nameLen = u16(cd, at + 28);
    const extraLen = u16(cd, at + 30);
    const commentLen = u16(cd, at + 32);
    const name = memberName(cd.subarray(at + 46, at + 46 + nameLen), flags);
    const sizes = zip64Extra(cd.subarray(at + 46 + nameLen, at + 46 + nameLen + extraLen), {
      compressedSize: u32(cd, at + 20),
      size: u32(cd, at + 24),
      offset: u32(cd, at + 42),
    });
    members.push({
      name,
      flags,
      method,
      compressedSize: sizes.compressedSize,
      size: sizes.size,
      headerOffset: sizes.offset,
      dataOffset: -1,
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  if (members.length < count && members.length < MAX_MEMBERS) {
    notes.push(`central directory lists ${count} members but holds ${members.length}`);
    if (members.length === 0) return undefined;
  }
  if (members.length >= MAX_MEMBERS)
    notes.push(`more than ${MAX_MEMBERS} members; the rest were not read`);
  return members;
}

/** Recovery path: walk local file headers from the start of the file. */
async function walkLocalHeaders(source: ByteSource, notes: string[]): Promise<ZipMember[]> {
  const members: ZipMember[] = [];
  let at = 0;
  while (at + 30 <= source.size && members.length < MAX_MEMBERS) {
    const head = await source.read(at, 30);
    if (u32(head, 0) !== 0x04034b50) break;
    const flags = u16(head, 6);
    const method = u16(head, 8);
    const nameLen = u16(head, 26);
    const extraLen = u16(head, 28);
    const rest = await source.read(at + 30, nameLen + extraLen);
    const name = memberName(rest.subarray(0, nameLen), flags);
    const sizes = zip64Extra(rest.subarray(nameLen), {
      compressedSize: u32(head, 18),
      size: u32(head, 22),
      offset: at,
    });
    const dataOffset = at + 30 + nameLen + extraLen;
    const member: ZipMember = {
      name,
      flags,
      method,
      compressedSize: sizes.compressedSize,
      size: sizes.size,
      headerOffset: at,
      dataOffset,
    };
    if ((flags & 0x8) !== 0 && sizes.compressedSize === 0) {
      // Sizes follow the data (a data descriptor); deflate finds its own end, stored data cannot.
      member.compressedSize = source.size - dataOffset;
      members.push(member);
      notes.push(`member ${name} has its size after the data; later members were not located`);
      break;
    }
    members.push(member);
    at = dataOffset + sizes.compressedSize;
  }
  return members;
}

/** Compression methods a member may use that this reader can open. */
export function canOpen(m: ZipMember): boolean {
  return m.method === 0 || m.method === 8;
}

/** A stream of the member's uncompressed bytes; deflate output capped at `cap` bytes. */
export function openMember(source: ByteSource, m: ZipMember, cap: number): ByteStream {
  const raw = new RangeStream(
    source,
    m.dataOffset,
    Math.min(m.compressedSize, source.size - m.dataOffset),
  );
  if (m.method === 0) return raw;
  return new InflateStream(raw, m.compressedSize, cap);
}

/** Human name of a ZIP compression method (APPNOTE 4.4.5). */
export function methodName(method: number): string {
  const known: Record<number, string> = {
    0: 'stored',
    8: 'deflate',
    9: 'deflate64',
    12: 'bzip2',
    14: 'lzma',
    93: 'zstd',
    95: 'xz',
    98: 'ppmd',
    99: 'AES',
  };
  return known[method] ?? `method ${method}`;
}
