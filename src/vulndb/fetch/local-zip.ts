/** Open a zip file on disk for the zip reader (I/O): positioned reads through one file descriptor. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { listZip, readZipEntry, type RandomAccess } from '../zip/read-zip.js';

/** Random access to a file. Call `close()` when done. */
export function openFileAccess(path: string): RandomAccess & { close(): void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    readAt(offset, length) {
      const len = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.allocUnsafe(len);
      let done = 0;
      while (done < len) {
        const n = readSync(fd, buf, done, len - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return done === len ? buf : buf.subarray(0, done);
    },
    close() {
      closeSync(fd);
    },
  };
}

/**
 * Visit every member of a zip (a feed export) in directory order.
 * @throws VulnDbError ZIP_CORRUPT when the directory cannot be read (a cut download); a bad member is passed to
 *   `onBadMember` and the walk goes on
 */
export function forEachZipMember(
  path: string,
  label: string,
  maxMember: number,
  visit: (name: string, bytes: Buffer) => void,
  onBadMember: (name: string, err: Error) => void,
): number {
  const src = openFileAccess(path);
  try {
    const entries = listZip(src, label);
    let n = 0;
    for (const e of entries) {
      if (e.name.endsWith('/')) continue;
      let bytes: Buffer;
      try {
        bytes = readZipEntry(src, e, label, maxMember);
      } catch (err) {
        onBadMember(e.name, err as Error);
        continue;
      }
      n++;
      visit(e.name, bytes);
    }
    return n;
  } finally {
    src.close();
  }
}
