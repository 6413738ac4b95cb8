/**
 * How much of a SQLite write-ahead log (`rpmdb.sqlite-wal`) is committed: rpm runs its SQLite database in WAL mode, and
 * changes reach `rpmdb.sqlite` only at a checkpoint. SQLite checkpoints and deletes the log when the last connection
 * closes, so a log with committed frames in an image means rpm was stopped mid-way or the file system was captured
 * while it ran; the database file alone is then out of date. Pure: counts, never applies.
 * Format: https://www.sqlite.org/fileformat.html#the_write_ahead_log (header 32 bytes, frames of a 24-byte header and
 * one page; salts and a running checksum tell the frames of the current log from stale ones).
 */

const HEADER = 32;
const FRAME_HEADER = 24;

/** The running checksum of the WAL format over `data` (whole 8-byte units), from (s0, s1). */
function checksum(view: DataView, start: number, end: number, bigEndian: boolean, s: [number, number]): [number, number] {
  let [s0, s1] = s;
  for (let i = start; i < end; i += 8) {
    const x0 = view.getUint32(i, !bigEndian);
    const x1 = view.getUint32(i + 4, !bigEndian);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/**
 * The number of frames of `wal` that belong to committed transactions of the current log: frames whose salts match
 * the header and whose checksums chain, up to the last commit frame. 0 for an empty, truncated or foreign file.
 */
export function committedWalFrames(wal: Uint8Array): number {
  if (wal.length < HEADER) return 0;
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const magic = view.getUint32(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return 0;
  const bigEndian = magic === 0x377f0683;
  const pageSize = view.getUint32(8) === 1 ? 65536 : view.getUint32(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return 0;
  let sum = checksum(view, 0, 24, bigEndian, [0, 0]);
  if (sum[0] !== view.getUint32(24) || sum[1] !== view.getUint32(28)) return 0;
  const salt1 = view.getUint32(16);
  const salt2 = view.getUint32(20);
  let frames = 0;
  let committed = 0;
  for (let at = HEADER; at + FRAME_HEADER + pageSize <= wal.length; at += FRAME_HEADER + pageSize) {
    if (view.getUint32(at + 8) !== salt1 || view.getUint32(at + 12) !== salt2) break;
    sum = checksum(view, at, at + 8, bigEndian, sum);
    sum = checksum(view, at + FRAME_HEADER, at + FRAME_HEADER + pageSize, bigEndian, sum);
    if (sum[0] !== view.getUint32(at + 16) || sum[1] !== view.getUint32(at + 20)) break;
    frames++;
    if (view.getUint32(at + 4) !== 0) committed = frames; // a commit frame records the database size after it
  }
  return committed;
}
