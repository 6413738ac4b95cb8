/**
 * NDB reader for rpm's "new database" `Packages.db` (rpm ≥ 4.16 ndb backend, SUSE's default). Format from rpm's
 * lib/backend/ndb/rpmpkg.c, as summarised by go-rpmdb (pkg/ndb); all fields little-endian uint32:
 *   header (32 bytes): magic "RpmP" @0, version 0 @4, generation @8, slot page count @12;
 *   slot pages (4096 bytes each, the first two 16-byte slots overlaid by the header):
 *     slot { magic "Slot", pkgIndex (0 = free), blkOffset (in 16-byte blocks), blkCount };
 *   blob at blkOffset × 16: { magic "BlbS", pkgIndex, adler32 checksum, length } then the header blob.
 */
import type { InventoryIssue } from '../../model/index.js';
import type { RawRecords } from './bdb.js';
import { RpmDbError } from './errors.js';

const HEADER_MAGIC = 0x506d7052; // "RpmP"
const SLOT_MAGIC = 0x746f6c53; // "Slot"
const BLOB_MAGIC = 0x53626c42; // "BlbS"
const SLOT_PAGE = 4096;
const SLOT_SIZE = 16;
const BLOCK = 16;
/** rpm itself never makes more slot pages than this; a larger count is corruption, not a big database. */
const MAX_SLOT_PAGES = 2048;

/**
 * Read every package blob of an NDB `Packages.db`.
 * @throws {RpmDbError} RPMDB_BAD_MAGIC, RPMDB_UNSUPPORTED (version) or RPMDB_CORRUPT (slot area out of range).
 */
export function readNdb(bytes: Uint8Array, path: string): RawRecords {
  if (bytes.length < 32) throw new RpmDbError('RPMDB_CORRUPT', `${path}: ${bytes.length} bytes is too short for an NDB header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  if (u32(0) !== HEADER_MAGIC) throw new RpmDbError('RPMDB_BAD_MAGIC', `${path}: not an rpm NDB Packages.db`);
  if (u32(4) !== 0) throw new RpmDbError('RPMDB_UNSUPPORTED', `${path}: NDB version ${u32(4)}`);
  const slotPages = u32(12);
  if (slotPages === 0 || slotPages > MAX_SLOT_PAGES || slotPages * SLOT_PAGE > bytes.length) {
    throw new RpmDbError('RPMDB_CORRUPT', `${path}: slot page count ${slotPages} out of range`);
  }
  const issues: InventoryIssue[] = [];
  const blobs: RawRecords['blobs'] = [];
  const end = slotPages * SLOT_PAGE;
  for (let at = 2 * SLOT_SIZE; at < end; at += SLOT_SIZE) {
    const slotNo = at / SLOT_SIZE;
    if (u32(at) !== SLOT_MAGIC) {
      issues.push({ code: 'RPMDB_BAD_RECORD', message: `${path} slot ${slotNo}: bad slot magic`, path });
      continue;
    }
    const pkgIndex = u32(at + 4);
    if (pkgIndex === 0) continue;
    const where = `${path} package ${pkgIndex}`;
    const blkOffset = u32(at + 8);
    const blkCount = u32(at + 12);
    const start = blkOffset * BLOCK;
    if (start < end || start + BLOCK > bytes.length) {
      issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: blob offset ${start} outside the data area`, path });
      continue;
    }
    if (u32(start) !== BLOB_MAGIC || u32(start + 4) !== pkgIndex) {
      issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: no blob header at ${start}`, path });
      continue;
    }
    const len = u32(start + 12);
    if (start + BLOCK + len > bytes.length || BLOCK + len > blkCount * BLOCK) {
      issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: blob length ${len} exceeds its ${blkCount} blocks or the file`, path });
      continue;
    }
    blobs.push({ where, bytes: bytes.subarray(start + BLOCK, start + BLOCK + len) });
  }
  return { blobs, issues };
}
