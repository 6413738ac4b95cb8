/** Random-access reads of local files, for archives and layouts on disk. */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export interface RandomAccessFile {
  size: number;
  /** The descriptor, for synchronous reads and hashing workers (valid until close). */
  fd: number;
  readAt(offset: number, length: number): Promise<Uint8Array>;
  /** Stream `length` bytes from `offset`. */
  stream(offset: number, length: number): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

export async function openRandomAccess(path: string): Promise<RandomAccessFile> {
  const fh: FileHandle = await open(path, 'r');
  const { size } = await fh.stat();
  return {
    size,
    fd: fh.fd,
    async readAt(offset, length) {
      const buf = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === length ? buf : buf.subarray(0, done);
    },
    stream(offset, length) {
      if (length === 0) return (async function* () { /* empty */ })();
      // 1 MiB reads: each read is a round trip through libuv's thread pool, and a layer is read one chunk ahead,
      // so the read size sets the throughput (128 KiB reads made a 700 MB image ~30% slower). Peak memory pays a little.
      return createReadStream(path, { start: offset, end: offset + length - 1, highWaterMark: 1024 * 1024 });
    },
    close: () => fh.close(),
  };
}
