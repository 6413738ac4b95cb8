/**
 * A small zip reader over a random-access source (a file descriptor, a buffer): it reads the central directory, then
 * each member on demand, so a 50 MB `all.zip` is never held in memory whole. Pure: the caller supplies `readAt`.
 * Format: PKWARE APPNOTE.TXT 6.3.x, sections 4.3.7 (local header), 4.3.12 (central directory), 4.3.16 (EOCD),
 * 4.3.14-15 (zip64). https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
import { inflateRawSync } from 'node:zlib';
import { VulnDbError } from '../errors.js';

/** Random access to the archive bytes. */
export interface RandomAccess {
  size: number;
  /** Read exactly `length` bytes at `offset` (fewer only at the end of the source). */
  readAt(offset: number, length: number): Buffer;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;

function corrupt(file: string, why: string): VulnDbError {
  return new VulnDbError('ZIP_CORRUPT', `${file}: not a readable zip (${why})`);
}

/**
 * List the members of a zip archive from its central directory.
 * @throws VulnDbError ZIP_CORRUPT when the end record or the directory is missing or truncated (e.g. a cut download)
 * @example listZip(bufferAccess(bytes), 'all.zip').map((e) => e.name)
 */
export function listZip(src: RandomAccess, file: string): ZipEntry[] {
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  const tailLen = Math.min(src.size, 22 + 0xffff);
  const tail = src.readAt(src.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) { eocd = i; break; }
  }
  if (eocd < 0) throw corrupt(file, 'no end-of-central-directory record; truncated?');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  const eocdAbs = src.size - tailLen + eocd;
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocdAbs >= 20) {
    const loc = src.readAt(eocdAbs - 20, 20);
    if (loc.readUInt32LE(0) === ZIP64_LOCATOR_SIG) {
      const z64 = src.readAt(Number(loc.readBigUInt64LE(8)), 56);
      if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw corrupt(file, 'bad zip64 end record');
      count = Number(z64.readBigUInt64LE(32));
      cdSize = Number(z64.readBigUInt64LE(40));
      cdOffset = Number(z64.readBigUInt64LE(48));
    }
  }
  if (cdOffset + cdSize > eocdAbs) throw corrupt(file, 'central directory runs past its end record');
  const cd = src.readAt(cdOffset, cdSize);
  if (cd.length < cdSize) throw corrupt(file, 'central directory truncated');
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw corrupt(file, `central directory entry ${i} is damaged`);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64 extra field (id 1) holds the 64-bit values for fields saturated at 0xffffffff, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff) { size = Number(cd.readBigUInt64LE(q)); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = Number(cd.readBigUInt64LE(q)); q += 8; }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.push({ name, method: cd.readUInt16LE(p + 10), compressedSize, size, crc32: cd.readUInt32LE(p + 16), localHeaderOffset });
    p = extraEnd + commentLen;
  }
  return entries;
}

/**
 * The bytes of one member, inflated. `maxSize` guards against a member that claims or inflates to more than we accept
 * (a zip bomb inside a feed: the threat is a hostile mirror).
 * @throws VulnDbError ZIP_CORRUPT for a damaged header, an unsupported method, a size over `maxSize` or a bad inflate
 */
export function readZipEntry(src: RandomAccess, entry: ZipEntry, file: string, maxSize: number): Buffer {
  const where = `${file}!${entry.name}`;
  if (entry.size > maxSize) throw corrupt(where, `member is ${entry.size} bytes, over the ${maxSize} byte limit`);
  const lfh = src.readAt(entry.localHeaderOffset, 30);
  if (lfh.length < 30 || lfh.readUInt32LE(0) !== LFH_SIG) throw corrupt(where, 'bad local header');
  const start = entry.localHeaderOffset + 30 + lfh.readUInt16LE(26) + lfh.readUInt16LE(28);
  const raw = src.readAt(start, entry.compressedSize);
  if (raw.length < entry.compressedSize) throw corrupt(where, 'member data truncated');
  if (entry.method === 0) return raw;
  if (entry.method !== 8) throw corrupt(where, `compression method ${entry.method} is not supported`);
  try {
    const out = inflateRawSync(raw, { maxOutputLength: Math.max(1, maxSize) });
    if (out.length !== entry.size) throw new Error(`inflated to ${out.length} bytes, directory says ${entry.size}`);
    return out;
  } catch (err) {
    throw new VulnDbError('ZIP_CORRUPT', `${where}: cannot inflate (${(err as Error).message})`, { cause: err });
  }
}

/** A RandomAccess over bytes already in memory (tests, small archives). */
export function bufferAccess(bytes: Buffer): RandomAccess {
  return { size: bytes.length, readAt: (offset, length) => bytes.subarray(Math.max(0, offset), Math.max(0, offset) + length) };
}
