/**
 * A streaming tar reader: ustar, GNU (long names `L`/`K`, base-256 numbers) and POSIX pax (`x`, `g`) headers.
 * It reads a byte stream front to back and yields one entry at a time; each entry's body is a lazy stream that the
 * caller reads or leaves (the reader then skips it). It holds at most one header and one chunk in memory.
 *
 * Format: POSIX.1-2001 pax / ustar (https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06),
 * GNU tar extensions (https://www.gnu.org/software/tar/manual/html_node/Standard.html).
 *
 * Threats handled here: corrupt headers (checksum), truncated input, absurd sizes (base-256 up to 2^53),
 * oversized pax/long-name records (limits). Path normalisation and link checks belong to the caller (walk.ts).
 */
import { ChunkReader, TruncatedInputError } from './chunk-reader.js';
import { ImageError } from '../errors.js';

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'other';

export interface TarHeader {
  /** The entry name as written (after pax/GNU long-name overrides), not normalised. */
  name: string;
  type: TarEntryType;
  /** The raw typeflag character. */
  typeflag: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  linkname: string;
  /** pax extended attributes of this entry (other than path/linkpath/size), e.g. SCHILY.xattr.* */
  pax?: Record<string, string>;
}

export interface TarEntry extends TarHeader {
  /** The body; read it fully or not at all before asking for the next entry. */
  body: AsyncIterable<Uint8Array>;
  /**
   * Present when the tar is read with random access (`readTarAt`): read `length` bytes of the body from `offset`,
   * synchronously, as a copy the caller owns. Valid as long as the underlying reader is open (hardlinks use it).
   */
  readBody?(offset: number, length: number): Uint8Array;
}

export interface TarLimits {
  /** Largest pax header or GNU long-name record accepted (default 1 MiB). */
  maxMetaSize: number;
}

const BLOCK = 512;
const DEFAULT_LIMITS: TarLimits = { maxMetaSize: 1024 * 1024 };
const decoder = new TextDecoder('utf-8');

function cstring(buf: Uint8Array, start: number, len: number): string {
  let end = start;
  const stop = start + len;
  while (end < stop && buf[end] !== 0) end++;
  // Most link names and prefixes are empty: skip the decoder call for them.
  return end === start ? '' : decoder.decode(buf.subarray(start, end));
}

/** Parse a numeric field: octal ASCII, or GNU base-256 when the high bit of the first byte is set. */
function parseNumber(buf: Uint8Array, start: number, len: number, field: string): number {
  const first = buf[start]!;
  if (first & 0x80) {
    // base-256, big-endian two's complement; negative values are never valid here
    if (first & 0x40) throw new ImageError('TAR_CORRUPT', `negative base-256 ${field}`);
    let v = first & 0x3f;
    for (let i = 1; i < len; i++) {
      v = v * 256 + buf[start + i]!;
      if (v > Number.MAX_SAFE_INTEGER) throw new ImageError('TAR_CORRUPT', `${field} too large`);
    }
    return v;
  }
  // Octal digits, optionally surrounded by spaces and ended by NUL or space (POSIX allows both).
  let i = start;
  const stop = start + len;
  while (i < stop && buf[i] === 0x20) i++;
  let v = 0;
  let digits = 0;
  for (; i < stop; i++) {
    const c = buf[i]!;
    if (c >= 0x30 && c <= 0x37) {
      v = v * 8 + (c - 0x30);
      digits++;
      continue;
    }
    break;
  }
  for (; i < stop; i++) {
    const c = buf[i]!;
    if (c === 0) break;
    if (c !== 0x20) throw new ImageError('TAR_CORRUPT', `bad octal ${field} "${cstring(buf, start, len).slice(0, 20)}"`);
  }
  if (digits === 0) return 0;
  if (!Number.isSafeInteger(v)) throw new ImageError('TAR_CORRUPT', `${field} too large`);
  return v;
}

function isZeroBlock(b: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

function verifyChecksum(b: Uint8Array): boolean {
  const stored = parseNumber(b, 148, 8, 'checksum');
  // The checksum field itself counts as eight spaces.
  let unsigned = 8 * 32;
  for (let i = 0; i < 148; i++) unsigned += b[i]!;
  for (let i = 156; i < BLOCK; i++) unsigned += b[i]!;
  if (stored === unsigned) return true;
  // Some old writers summed signed chars; accept either.
  let signed = 8 * 32;
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    const c = b[i]!;
    signed += c > 127 ? c - 256 : c;
  }
  return stored === signed;
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0': case '\0': case '7': case '': return 'file';
    case '1': return 'hardlink';
    case '2': return 'symlink';
    case '3': return 'char';
    case '4': return 'block';
    case '5': return 'dir';
    case '6': return 'fifo';
    default: return 'other';
  }
}

/** Parse pax extended header records: "<len> <key>=<value>\n". */
export function parsePaxRecords(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break; // padding
    let sp = pos;
    while (sp < data.length && data[sp] !== 0x20) sp++;
    const len = Number(decoder.decode(data.subarray(pos, sp)));
    if (!Number.isSafeInteger(len) || len <= sp - pos || pos + len > data.length) {
      throw new ImageError('TAR_CORRUPT', `bad pax record length at offset ${pos}`);
    }
    const record = decoder.decode(data.subarray(sp + 1, pos + len - 1));
    const eq = record.indexOf('=');
    if (eq <= 0) throw new ImageError('TAR_CORRUPT', `bad pax record at offset ${pos}`);
    out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

/** Decode a header block, applying pax records and GNU long names that preceded it. */
function headerFromBlock(block: Uint8Array, pax: Record<string, string>, longName?: string, longLink?: string): TarHeader {
  const typeflag = String.fromCharCode(block[156]!);
  // POSIX "ustar\0" at 257 has a name prefix; old GNU "ustar " keeps other fields there.
  const ustar = block[257] === 0x75 && block[258] === 0x73 && block[259] === 0x74 && block[260] === 0x61 && block[261] === 0x72 && block[262] === 0;
  let name = cstring(block, 0, 100);
  if (ustar) {
    const prefix = cstring(block, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  if (longName !== undefined) name = longName;
  if (pax.path !== undefined) name = pax.path;
  let linkname = cstring(block, 157, 100);
  if (longLink !== undefined) linkname = longLink;
  if (pax.linkpath !== undefined) linkname = pax.linkpath;
  let size = parseNumber(block, 124, 12, 'size');
  if (pax.size !== undefined) {
    const s = Number(pax.size);
    if (!Number.isSafeInteger(s) || s < 0) throw new ImageError('TAR_CORRUPT', `bad pax size "${pax.size}"`);
    size = s;
  }
  const header: TarHeader = {
    name,
    type: typeOf(typeflag),
    typeflag,
    size,
    mode: parseNumber(block, 100, 8, 'mode'),
    uid: paxNumber(pax, 'uid', block, 108, 8),
    gid: paxNumber(pax, 'gid', block, 116, 8),
    mtime: paxNumber(pax, 'mtime', block, 136, 12),
    linkname,
  };
  if (pax === NO_PAX) return header; // nearly every entry: no records to copy
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(pax)) if (k !== 'path' && k !== 'linkpath' && k !== 'size') extra[k] = v;
  if (Object.keys(extra).length) header.pax = extra;
  return header;
}

/** A numeric field a pax record may override. */
function paxNumber(pax: Record<string, string>, key: string, block: Uint8Array, off: number, len: number): number {
  const v = pax[key] !== undefined ? Number(pax[key]) : parseNumber(block, off, len, key);
  return Number.isFinite(v) ? v : 0;
}

const NO_PAX: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * The state that meta entries (pax `x`/`g`, GNU `L`/`K`) carry to the header they describe. One copy of this logic
 * serves the streaming reader, the random-access reader and the archive index.
 */
class MetaState {
  private globalPax: Record<string, string> = {};
  private globalEmpty = true;
  private nextPax: Record<string, string> | undefined;
  private longName: string | undefined;
  private longLink: string | undefined;

  /** What a meta typeflag's body is, for limits and errors; undefined for an ordinary entry. */
  static kind(typeflag: string): string | undefined {
    if (typeflag === 'x' || typeflag === 'g') return 'pax header';
    if (typeflag === 'L' || typeflag === 'K') return 'GNU long name';
    return undefined;
  }

  absorb(typeflag: string, data: Uint8Array): void {
    if (typeflag === 'x') this.nextPax = { ...(this.nextPax ?? {}), ...parsePaxRecords(data) };
    else if (typeflag === 'g') {
      this.globalPax = { ...this.globalPax, ...parsePaxRecords(data) };
      this.globalEmpty = Object.keys(this.globalPax).length === 0;
    }
    else if (typeflag === 'L') this.longName = cstring(data, 0, data.length);
    else this.longLink = cstring(data, 0, data.length);
  }

  /** Decode an ordinary header block with the pending meta records, then forget them. */
  header(block: Uint8Array): TarHeader {
    const none = this.nextPax === undefined && this.globalEmpty;
    const h = headerFromBlock(block, none ? NO_PAX : { ...this.globalPax, ...(this.nextPax ?? {}) }, this.longName, this.longLink);
    this.nextPax = undefined;
    this.longName = undefined;
    this.longLink = undefined;
    return h;
  }
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/** A tar member's header and where its body starts, for random access to archives on disk. */
export interface TarIndexEntry extends TarHeader {
  offset: number;
}

/**
 * Synchronous random access to a byte range (a layer stored as a plain tar inside a local file). `peek` returns a
 * view that stays valid only until the next call; `read` returns a copy the caller owns.
 */
export interface SyncRangeReader {
  size: number;
  peek(offset: number, length: number): Uint8Array;
  read(offset: number, length: number): Uint8Array;
}

const BODY_CHUNK = 1024 * 1024;

/**
 * Read a plain tar with random access, synchronously: only the headers and the bodies the caller asks for are read;
 * skipped bodies cost nothing. Each entry has `readBody` for direct reads, a `body` stream for callers that stream,
 * and `offset`, where its body starts in the range (archives index their members this way).
 * Digests over the whole range are the caller's business (they need every byte; this reader avoids reading them).
 * @throws ImageError TAR_CORRUPT, TAR_TRUNCATED, LIMIT_EXCEEDED
 */
export function* readTarAt(src: SyncRangeReader, limits: Partial<TarLimits> = {}): Generator<TarEntry & TarIndexEntry> {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const meta = new MetaState();
  let offset = 0;
  while (offset < src.size) {
    if (offset + BLOCK > src.size) {
      throw new ImageError('TAR_TRUNCATED', `tar stream truncated: input ended after ${src.size} bytes inside the header at offset ${offset}`);
    }
    const block = src.peek(offset, BLOCK);
    if (isZeroBlock(block)) return;
    if (!verifyChecksum(block)) throw new ImageError('TAR_CORRUPT', `header checksum mismatch at offset ${offset}`);
    const typeflag = String.fromCharCode(block[156]!);
    const bodyAt = offset + BLOCK;
    const what = MetaState.kind(typeflag);
    if (what) {
      const size = parseNumber(block, 124, 12, 'size');
      if (size > lim.maxMetaSize) throw new ImageError('LIMIT_EXCEEDED', `${what} of ${size} bytes exceeds the limit of ${lim.maxMetaSize}`);
      if (bodyAt + size > src.size) throw new ImageError('TAR_TRUNCATED', `tar stream truncated: ${what} at offset ${bodyAt} runs past the end (${src.size} bytes)`);
      meta.absorb(typeflag, src.peek(bodyAt, size));
      offset = bodyAt + padded(size);
      continue;
    }
    const header = meta.header(block);
    const { name, size } = header;
    if (bodyAt + size > src.size) {
      throw new ImageError('TAR_TRUNCATED', `tar stream truncated inside ${name}: ${size} bytes declared, ${src.size - bodyAt} left`);
    }
    const readBody = (at: number, length: number): Uint8Array => {
      if (at < 0 || length < 0 || at + length > size) throw new RangeError(`read of ${length} bytes at ${at} is outside ${name} (${size} bytes)`);
      return src.read(bodyAt + at, length);
    };
    const body: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: async function* () {
        for (let at = 0; at < size; at += BODY_CHUNK) yield readBody(at, Math.min(BODY_CHUNK, size - at));
      },
    };
    // The header is fresh for each entry: extend it rather than copy it (this runs for every file of a layer).
    const entry = header as TarEntry & TarIndexEntry;
    entry.body = body;
    entry.readBody = readBody;
    entry.offset = bodyAt;
    yield entry;
    offset = bodyAt + padded(size);
  }
}

async function readAll(reader: ChunkReader, size: number, limits: TarLimits, what: string): Promise<Uint8Array> {
  if (size > limits.maxMetaSize) {
    throw new ImageError('LIMIT_EXCEEDED', `${what} of ${size} bytes exceeds the limit of ${limits.maxMetaSize}`);
  }
  const data = (await reader.readExact(size)) ?? new Uint8Array(0);
  if (data.length < size) throw new TruncatedInputError(`${what} truncated`);
  const pad = (BLOCK - (size % BLOCK)) % BLOCK;
  await reader.skip(pad);
  return data.slice();
}

/**
 * Read a tar stream entry by entry.
 * @throws ImageError TAR_CORRUPT (bad checksum, bad number), TAR_TRUNCATED (input ends inside an entry), LIMIT_EXCEEDED
 * @example for await (const e of readTar(stream)) { if (e.type === 'file') for await (const c of e.body) … }
 */
export async function* readTar(source: AsyncIterable<Uint8Array>, limits: Partial<TarLimits> = {}): AsyncGenerator<TarEntry> {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const reader = new ChunkReader(source);
  const meta = new MetaState();
  try {
    for (;;) {
      const block = await reader.readExact(BLOCK);
      if (!block) return; // clean end without end-of-archive blocks (accepted, as GNU tar does)
      if (isZeroBlock(block)) {
        // End of archive. Read the rest so that any digest over the stream sees every byte.
        await reader.drain();
        return;
      }
      if (!verifyChecksum(block)) {
        throw new ImageError('TAR_CORRUPT', `header checksum mismatch at offset ${reader.position - BLOCK}`);
      }
      const typeflag = String.fromCharCode(block[156]!);
      const what = MetaState.kind(typeflag);
      if (what) {
        meta.absorb(typeflag, await readAll(reader, parseNumber(block, 124, 12, 'size'), lim, what));
        continue;
      }
      const header = meta.header(block);
      const { name, size: bodySize } = header;
      // Only regular files carry data that belongs to them; others may still declare a size (skip it).
      let consumed = false;
      let remaining = bodySize;
      const body: AsyncIterable<Uint8Array> = {
        [Symbol.asyncIterator]: async function* () {
          if (consumed) throw new Error(`body of ${name} read twice`);
          consumed = true;
          try {
            for await (const c of reader.take(bodySize)) {
              remaining -= c.length;
              yield c;
            }
          } catch (err) {
            if (err instanceof TruncatedInputError) {
              throw new ImageError('TAR_TRUNCATED', `tar stream truncated inside ${name}: ${err.message}`, { cause: err });
            }
            throw err;
          }
        },
      };
      yield { ...header, body };
      // Skip what the consumer did not read, then the padding to the next block.
      await reader.skip(remaining);
      remaining = 0;
      consumed = true;
      await reader.skip((BLOCK - (bodySize % BLOCK)) % BLOCK);
    }
  } catch (err) {
    if (err instanceof TruncatedInputError) {
      throw new ImageError('TAR_TRUNCATED', `tar stream truncated: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
