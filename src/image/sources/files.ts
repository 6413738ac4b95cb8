/** Random-access reads of local files, for archives and layouts on disk. */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export interface RandomAccessFile {
  size: number;
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
      return createReadStream(path, { start: offset, end: offset + length - 1, highWaterMark: 128 * 1024 });
    },
    close: () => fh.close(),
  };
}
