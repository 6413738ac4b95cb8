/**
 * Berkeley DB hash-file reader for the legacy rpmdb `Packages` file (rpm < 4.16; RHEL/CentOS ≤ 8, SLES ≤ 15 SP2).
 * Only what rpm stores there is read: the values of a hash database, which are rpm header blobs kept on
 * overflow pages. Page layouts are those of libdb's src/dbinc/db_page.h (generic meta page, hash meta page,
 * page header PAGE, HOFFPAGE item), as also used by go-rpmdb (pkg/bdb):
 *   meta page: magic @12 (0x061561 for hash), pagesize @20, encrypt_alg @24, type @25, last_pgno @32;
 *   page header (26 bytes): pgno @8, next_pgno @16, entries @20 (uint16), hf_offset @22 (uint16), type @25;
 *   hash page: entries × uint16 item offsets after the header, as key/value pairs;
 *   HOFFPAGE item (12 bytes): type 3 @0, pgno @4, tlen @8.
 * Byte order follows the file: the magic tells whether it was written little- or big-endian.
 */
import type { InventoryIssue } from '../../model/index.js';
import { RpmDbError } from './errors.js';

const HASH_MAGIC = 0x061561;
const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_OFFPAGE = 3;
const HOFFPAGE_SIZE = 12;

export interface RawRecords {
  /** The stored header blobs, with a label naming where each came from (for issues). */
  blobs: { where: string; bytes: Uint8Array }[];
  issues: InventoryIssue[];
}

/**
 * Read every value of a Berkeley DB hash file.
 * @throws {RpmDbError} RPMDB_BAD_MAGIC, RPMDB_UNSUPPORTED (encrypted) or RPMDB_CORRUPT (bad page size, truncated).
 */
export function readBerkeleyDbHash(bytes: Uint8Array, path: string): RawRecords {
  if (bytes.length < 512) throw new RpmDbError('RPMDB_CORRUPT', `${path}: ${bytes.length} bytes is too short for a Berkeley DB`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let le = true;
  if (view.getUint32(12, true) !== HASH_MAGIC) {
    if (view.getUint32(12, false) !== HASH_MAGIC) throw new RpmDbError('RPMDB_BAD_MAGIC', `${path}: not a Berkeley DB hash file`);
    le = false;
  }
  const u32 = (at: number) => view.getUint32(at, le);
  const u16 = (at: number) => view.getUint16(at, le);
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    throw new RpmDbError('RPMDB_CORRUPT', `${path}: invalid page size ${pageSize}`);
  }
  if (bytes[24] !== 0) throw new RpmDbError('RPMDB_UNSUPPORTED', `${path}: encrypted Berkeley DB`);
  if (bytes[25] !== P_HASHMETA) throw new RpmDbError('RPMDB_BAD_MAGIC', `${path}: first page is not a hash meta page`);
  const pagesInFile = Math.floor(bytes.length / pageSize);
  const lastPage = u32(32);
  const issues: InventoryIssue[] = [];
  if (lastPage >= pagesInFile) {
    issues.push({ code: 'RPMDB_TRUNCATED', message: `${path}: meta page says ${lastPage + 1} pages, file holds ${pagesInFile}`, path });
  }
  const nPages = Math.min(lastPage + 1, pagesInFile);
  const blobs: RawRecords['blobs'] = [];

  /** Concatenate an overflow chain; every page is visited at most once, so a cycle cannot loop. */
  function readOverflow(first: number, total: number, where: string): Uint8Array | undefined {
    if (total > bytes.length) {
      issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: length ${total} exceeds the file`, path });
      return undefined;
    }
    const out = new Uint8Array(total);
    let filled = 0;
    const seen = new Set<number>();
    for (let pg = first; pg !== 0; ) {
      if (pg >= nPages || seen.has(pg)) {
        issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: overflow chain ${seen.has(pg) ? 'loops back to' : 'points past the file at'} page ${pg}`, path });
        return undefined;
      }
      seen.add(pg);
      const base = pg * pageSize;
      if (bytes[base + 25] !== P_OVERFLOW) {
        issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: page ${pg} in an overflow chain is not an overflow page`, path });
        return undefined;
      }
      // On an overflow page hf_offset holds the number of data bytes on that page (libdb OV_LEN).
      const len = Math.min(u16(base + 22), pageSize - PAGE_HEADER, total - filled);
      out.set(bytes.subarray(base + PAGE_HEADER, base + PAGE_HEADER + len), filled);
      filled += len;
      pg = u32(base + 16);
    }
    if (filled !== total) {
      issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: overflow chain holds ${filled} of ${total} bytes`, path });
      return undefined;
    }
    return out;
  }

  for (let pg = 1; pg < nPages; pg++) {
    const base = pg * pageSize;
    const type = bytes[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(base + 20);
    if (PAGE_HEADER + entries * 2 > pageSize) {
      issues.push({ code: 'RPMDB_BAD_RECORD', message: `${path}: hash page ${pg} claims ${entries} items`, path });
      continue;
    }
    // Items come in key/value pairs; the values (odd indexes) hold the headers.
    for (let i = 1; i < entries; i += 2) {
      const off = u16(base + PAGE_HEADER + i * 2);
      const where = `${path} page ${pg} item ${i}`;
      if (off < PAGE_HEADER || off >= pageSize) {
        issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: item offset ${off} outside the page`, path });
        continue;
      }
      // rpm writes every header as an off-page item (they are larger than a hash page's item limit); small
      // on-page values are rpm's own bookkeeping, not packages.
      if (bytes[base + off] !== H_OFFPAGE) continue;
      if (off + HOFFPAGE_SIZE > pageSize) {
        issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: off-page item at ${off} crosses the page end`, path });
        continue;
      }
      const blob = readOverflow(u32(base + off + 4), u32(base + off + 8), where);
      if (blob) blobs.push({ where, bytes: blob });
    }
  }
  return { blobs, issues };
}
