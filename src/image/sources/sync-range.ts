/**
 * Synchronous reads of a byte range of an open local file, for layers stored as plain tars (docker save archives,
 * uncompressed OCI blobs). A reused window serves the tar headers and small bodies that sit next to each other, so
 * a layer costs one read per window of the bytes it actually uses, and bodies nobody wants are never read.
 */
import { createReadStream, readSync } from 'node:fs';
import { ImageError } from '../errors.js';
import type { SyncRangeReader } from '../layers/tar.js';
import { startSha256, type PendingHash } from './hash.js';
import type { RandomAccessLayer } from './types.js';

const WINDOW = 256 * 1024;
/** First read after a jump: tar headers of skipped bodies sit alone, so a jump reads little and sequential reads grow. */
const MIN_WINDOW = 8 * 1024;

function readFully(fd: number, into: Uint8Array, position: number, what: string): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new ImageError('READ_FAILED', `${what}: the file ended ${into.length - done} bytes early (changed while reading?)`);
    done += n;
  }
}

/** A reader over [base, base + size) of the file open as `fd`; `what` names it in errors. The caller owns the fd. */
export function syncRange(fd: number, base: number, size: number, what: string): SyncRangeReader {
  const window = Buffer.allocUnsafe(WINDOW);
  let winStart = 0;
  let winLen = 0;
  let next = MIN_WINDOW;
  const check = (offset: number, length: number): void => {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new RangeError(`${what}: read of ${length} bytes at ${offset} is outside the ${size}-byte range`);
    }
  };
  const inWindow = (offset: number, length: number): boolean => offset >= winStart && offset + length <= winStart + winLen;
  const read = (offset: number, length: number): Uint8Array => {
    check(offset, length);
    if (inWindow(offset, length)) return new Uint8Array(window.subarray(offset - winStart, offset - winStart + length));
    const out = new Uint8Array(length);
    readFully(fd, out, base + offset, what);
    return out;
  };
  return {
    size,
    read,
    peek(offset, length) {
      check(offset, length);
      if (length > WINDOW) return read(offset, length);
      if (!inWindow(offset, length)) {
        // Reading on from the end of the window doubles the next read; a jump (a skipped body) starts small again.
        next = winLen > 0 && offset >= winStart && offset <= winStart + winLen ? Math.min(WINDOW, next * 2) : MIN_WINDOW;
        winLen = 0;
        const fill = Math.min(Math.max(next, length), size - offset);
        readFully(fd, window.subarray(0, fill), base + offset, what);
        winStart = offset;
        winLen = fill;
      }
      return window.subarray(offset - winStart, offset - winStart + length);
    },
  };
}

/**
 * A stored layer as a range of an open file: synchronous reads plus its sha256 (off the main thread when large).
 * `storedDigest`, when the source has one (an OCI blob's digest), is checked by `digest()`. `close` releases what
 * the source opened for this layer alone (nothing for a member of an archive that stays open).
 */
export function randomAccessLayer(
  fd: number,
  base: number,
  size: number,
  what: string,
  opts: { storedDigest?: string; close?: () => void } = {},
): RandomAccessLayer {
  let pending: PendingHash | undefined;
  return {
    ...syncRange(fd, base, size, what),
    async digest() {
      pending ??= startSha256(fd, base, size, what);
      const actual = `sha256:${await pending.promise}`;
      if (opts.storedDigest && actual !== opts.storedDigest) {
        throw new ImageError('DIGEST_MISMATCH', `${what}: content digest ${actual} does not match the expected ${opts.storedDigest}`);
      }
      return actual;
    },
    hashNow: () => pending?.steal(),
    stream: () => (size === 0 ? emptyStream() : createReadStream('', { fd, start: base, end: base + size - 1, autoClose: false, highWaterMark: 1024 * 1024 })),
    close: () => opts.close?.(),
  };
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {
  // nothing to read
}
