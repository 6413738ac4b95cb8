/**
 * A small, read-only zip reader over an in-memory buffer: just enough of the format to list a Java archive's
 * entries and inflate the few we need. It never writes and never extracts to disk, so entry names are only
 * labels here (the caller decides how to show them).
 *
 * Layout facts from PKWARE's APPNOTE.TXT (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT):
 * 4.3.16 end of central directory record, 4.3.14/4.3.15 zip64 end of central directory record and locator,
 * 4.3.12 central directory file header, 4.3.7 local file header, 4.5.3 zip64 extended information extra field.
 *
 * Threats: the archive comes from an image under an attacker's control. Every offset and length is checked
 * against the buffer before use; entry count is capped; inflation is bounded per entry (declared size) and per
 * archive tree (a shared budget), so a zip bomb costs at most the budget.
 */
import { zlib } from '../../builtins.js';
import { JavaArchiveError } from './errors.js';

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

/** One central-directory entry. Sizes and offsets are already resolved from zip64 extras. */
export interface ZipEntry {
  /** Entry name as stored (decoded as UTF-8). May contain "../", absolute paths or backslashes: treat as a label. */
  name: string;
  /** 0 = stored, 8 = deflate; others are not readable here. */
  method: number;
  /** General-purpose flags (bit 0 = encrypted, bit 3 = sizes in data descriptor, bit 11 = UTF-8 names). */
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the local file header, already corrected for data prepended to the archive. */
  localHeaderOffset: number;
  /** True when the name ends in "/". */
  isDirectory: boolean;
}

export interface ZipDirectory {
  /** The selected entries, in central-directory order. */
  entries: ZipEntry[];
  /** How many entries the central directory holds (selected or not). */
  totalEntries: number;
  /** Bytes found before the first local header (e.g. a launch script of an executable Spring Boot jar). */
  prefixBytes: number;
}

export interface ReadZipOptions {
  /** Refuse archives whose central directory lists more entries than this. Default 500 000. */
  maxEntries?: number;
  /** Keep only entries whose name passes (the others are counted, not stored). Default: keep all. */
  select?: (name: string) => boolean;
}

/** A shared allowance of inflated bytes across one archive and everything nested in it. */
export interface InflateBudget {
  remaining: number;
}

const utf8 = new TextDecoder('utf-8');

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Read a little-endian u64 as a number; values beyond 2^53 cannot be valid offsets in a buffer anyway. */
function u64(dv: DataView, at: number): number {
  const lo = dv.getUint32(at, true);
  const hi = dv.getUint32(at + 4, true);
  return hi * 0x1_0000_0000 + lo;
}

function truncated(what: string): JavaArchiveError {
  return new JavaArchiveError('ZIP_TRUNCATED', `zip ${what} lies outside the file`);
}

/** Find the end-of-central-directory record: it sits in the last 22 + 65535 bytes (4.3.16, the comment is ≤ 64 KiB). */
function findEocd(bytes: Uint8Array, dv: DataView): number {
  if (bytes.length < EOCD_SIZE) throw new JavaArchiveError('ZIP_NOT_AN_ARCHIVE', 'file is too short to be a zip archive');
  const stop = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = bytes.length - EOCD_SIZE; at >= stop; at--) {
    // Cheap first-byte test before the 4-byte read ("PK\x05\x06").
    if (bytes[at] !== 0x50) continue;
    if (dv.getUint32(at, true) !== SIG_EOCD) continue;
    const commentLen = dv.getUint16(at + 20, true);
    // Searching backwards, the first candidate whose comment fits in the file wins: a "PK\x05\x06" inside the
    // comment itself would claim a comment running past the end of the file.
    if (at + EOCD_SIZE + commentLen <= bytes.length) return at;
  }
  throw new JavaArchiveError('ZIP_NOT_AN_ARCHIVE', 'no zip end-of-central-directory record');
}

/**
 * List a zip archive's central directory.
 * @throws JavaArchiveError ZIP_NOT_AN_ARCHIVE, ZIP_TRUNCATED, ZIP_MALFORMED or ZIP_TOO_MANY_ENTRIES.
 * @example readZipDirectory(bytes, { select: (n) => n.endsWith('pom.properties') }).entries.map((e) => e.name)
 */
export function readZipDirectory(bytes: Uint8Array, options: ReadZipOptions = {}): ZipDirectory {
  const maxEntries = options.maxEntries ?? 500_000;
  const dv = view(bytes);
  const eocd = findEocd(bytes, dv);
  let totalEntries = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  let cdEndAt = eocd; // where the central directory should end in the file

  // Zip64 (4.3.14/4.3.15): the locator sits right before the EOCD when any field overflowed.
  const locAt = eocd - 20;
  if (locAt >= 0 && dv.getUint32(locAt, true) === SIG_EOCD64_LOCATOR) {
    const declared = u64(dv, locAt + 8);
    // The zip64 record normally ends where the locator starts; use that position to survive prepended data.
    let at = locAt - 56;
    if (at < 0 || dv.getUint32(at, true) !== SIG_EOCD64) at = declared;
    if (at < 0 || at + 56 > bytes.length) throw truncated('zip64 end-of-central-directory record');
    if (dv.getUint32(at, true) !== SIG_EOCD64) throw new JavaArchiveError('ZIP_MALFORMED', 'bad zip64 end-of-central-directory signature');
    totalEntries = u64(dv, at + 32);
    cdSize = u64(dv, at + 40);
    cdOffset = u64(dv, at + 48);
    cdEndAt = at;
  } else if (totalEntries === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
    throw new JavaArchiveError('ZIP_MALFORMED', 'zip needs a zip64 record but has none');
  }
  if (totalEntries > maxEntries) {
    throw new JavaArchiveError('ZIP_TOO_MANY_ENTRIES', `zip lists ${totalEntries} entries (limit ${maxEntries})`);
  }
  // Data prepended to the archive (launch scripts, self-extractors) shifts every offset by the same amount:
  // the directory really ends where the EOCD starts, so the difference is the prefix length.
  const prefix = cdEndAt - cdSize - cdOffset;
  if (prefix < 0) throw truncated('central directory');
  const start = cdOffset + prefix;
  const end = start + cdSize;
  if (end > bytes.length) throw truncated('central directory');

  const entries: ZipEntry[] = [];
  let at = start;
  for (let i = 0; i < totalEntries; i++) {
    if (at + CENTRAL_SIZE > end) throw truncated(`central directory entry ${i}`);
    if (dv.getUint32(at, true) !== SIG_CENTRAL) throw new JavaArchiveError('ZIP_MALFORMED', `bad central directory signature at entry ${i}`);
    const flags = dv.getUint16(at + 8, true);
    const method = dv.getUint16(at + 10, true);
    const crc = dv.getUint32(at + 16, true);
    let compressedSize = dv.getUint32(at + 20, true);
    let uncompressedSize = dv.getUint32(at + 24, true);
    const nameLen = dv.getUint16(at + 28, true);
    const extraLen = dv.getUint16(at + 30, true);
    const commentLen = dv.getUint16(at + 32, true);
    let localOffset = dv.getUint32(at + 42, true);
    const nameAt = at + CENTRAL_SIZE;
    const next = nameAt + nameLen + extraLen + commentLen;
    if (next > end) throw truncated(`central directory entry ${i}`);
    const name = utf8.decode(bytes.subarray(nameAt, nameAt + nameLen));
    if (options.select && !options.select(name)) {
      at = next;
      continue;
    }
    // Zip64 extended information (4.5.3): only the fields that overflowed are present, in this order.
    if (compressedSize === U32_MAX || uncompressedSize === U32_MAX || localOffset === U32_MAX) {
      let x = nameAt + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = dv.getUint16(x, true);
        const size = dv.getUint16(x + 2, true);
        const body = x + 4;
        if (body + size > xEnd) break;
        if (id === 0x0001) {
          let p = body;
          const take = (): number => {
            if (p + 8 > body + size) throw new JavaArchiveError('ZIP_MALFORMED', `short zip64 extra field in entry ${i}`);
            const v = u64(dv, p);
            p += 8;
            return v;
          };
          if (uncompressedSize === U32_MAX) uncompressedSize = take();
          if (compressedSize === U32_MAX) compressedSize = take();
          if (localOffset === U32_MAX) localOffset = take();
          break;
        }
        x = body + size;
      }
    }
    entries.push({
      name,
      method,
      flags,
      crc32: crc,
      compressedSize,
      uncompressedSize,
      localHeaderOffset: localOffset + prefix,
      isDirectory: name.endsWith('/'),
    });
    at = next;
  }
  return { entries, totalEntries, prefixBytes: prefix };
}

/**
 * Read (and inflate) one entry's bytes, charging the inflated size to `budget`.
 * The output may not exceed the entry's declared size nor the budget: a lying header cannot make us allocate more.
 * @throws JavaArchiveError ZIP_TRUNCATED, ZIP_MALFORMED, ZIP_UNSUPPORTED_ENTRY, ZIP_INFLATE_LIMIT, ZIP_INFLATE_FAILED, ZIP_CRC_MISMATCH.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget): Uint8Array {
  const dv = view(bytes);
  const at = entry.localHeaderOffset;
  if (at < 0 || at + LOCAL_SIZE > bytes.length) throw truncated(`local header of ${entry.name}`);
  if (dv.getUint32(at, true) !== SIG_LOCAL) throw new JavaArchiveError('ZIP_MALFORMED', `bad local header signature for ${entry.name}`);
  if (entry.flags & 0x1) throw new JavaArchiveError('ZIP_UNSUPPORTED_ENTRY', `${entry.name} is encrypted`);
  // The local header's name and extra lengths may differ from the central copy (4.3.7): use the local ones.
  const dataAt = at + LOCAL_SIZE + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
  const dataEnd = dataAt + entry.compressedSize;
  if (dataEnd > bytes.length) throw truncated(`data of ${entry.name}`);
  const raw = bytes.subarray(dataAt, dataEnd);
  if (entry.uncompressedSize > budget.remaining) {
    throw new JavaArchiveError('ZIP_INFLATE_LIMIT', `${entry.name} declares ${entry.uncompressedSize} bytes, over the remaining inflate budget`);
  }
  let out: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw new JavaArchiveError('ZIP_MALFORMED', `stored entry ${entry.name} has differing sizes`);
    out = raw;
  } else if (entry.method === 8) {
    try {
      // maxOutputLength caps allocation at the declared size; a stream that inflates further throws.
      out = zlib().inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (cause) {
      const code = (cause as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new JavaArchiveError('ZIP_INFLATE_LIMIT', `${entry.name} inflates beyond its declared ${entry.uncompressedSize} bytes`, { cause });
      }
      throw new JavaArchiveError('ZIP_INFLATE_FAILED', `cannot inflate ${entry.name}`, { cause });
    }
    if (out.length !== entry.uncompressedSize) {
      throw new JavaArchiveError('ZIP_MALFORMED', `${entry.name} inflates to ${out.length} bytes, not the declared ${entry.uncompressedSize}`);
    }
  } else {
    throw new JavaArchiveError('ZIP_UNSUPPORTED_ENTRY', `${entry.name} uses compression method ${entry.method}`);
  }
  budget.remaining -= out.length;
  if ((zlib().crc32(out) >>> 0) !== entry.crc32) throw new JavaArchiveError('ZIP_CRC_MISMATCH', `${entry.name} fails its CRC-32 check`);
  return out;
}
