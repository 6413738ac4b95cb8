/**
 * sha256 of a byte range of an open local file, off the main thread: a layer's diff ID is checked by hashing every
 * byte, which is the largest single cost of reading a plain-tar layer, while the walk itself reads only headers and
 * the files catalogers want. Worker threads share the process's file descriptors, so they hash the very file the
 * caller opened (no second open, no race with a replaced path). Small ranges are hashed inline.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ImageError } from '../errors.js';

/** Ranges below this are hashed on the calling thread: a worker's start-up costs more than hashing them. */
export const INLINE_HASH_BYTES = 16 * 1024 * 1024;
const CHUNK = 1024 * 1024;

// Plain CommonJS run with `eval`, so that it works the same from the sources, the tsc output and the bundle.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const buf = Buffer.allocUnsafe(${CHUNK});
parentPort.on('message', ({ id, fd, offset, length }) => {
  try {
    const h = createHash('sha256');
    let pos = offset;
    let left = length;
    while (left > 0) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, left), pos);
      if (n === 0) throw new Error('the file ended ' + left + ' bytes early (changed while reading?)');
      h.update(n === buf.length ? buf : buf.subarray(0, n));
      pos += n;
      left -= n;
    }
    parentPort.postMessage({ id, hex: h.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

interface Job { id: number; fd: number; offset: number; length: number; resolve: (hex: string) => void; reject: (e: Error) => void; what: string }

class HashPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private workers = 0;
  private nextId = 1;
  constructor(private readonly size: number) {}

  hash(fd: number, offset: number, length: number, what: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, fd, offset, length, resolve, reject, what });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      let w = this.idle.pop();
      if (!w) {
        if (this.workers >= this.size) return;
        w = this.spawn();
      }
      const job = this.queue.shift()!;
      this.running.set(w, job);
      w.ref();
      w.postMessage({ id: job.id, fd: job.fd, offset: job.offset, length: job.length });
    }
  }

  private spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    this.workers++;
    w.on('message', (m: { id: number; hex?: string; error?: string }) => {
      const job = this.running.get(w);
      this.running.delete(w);
      // An idle worker must not keep the process alive.
      w.unref();
      this.idle.push(w);
      if (job) {
        if (m.hex) job.resolve(m.hex);
        else job.reject(new ImageError('READ_FAILED', `${job.what}: ${m.error ?? 'hashing failed'}`));
      }
      this.pump();
    });
    w.on('error', (e) => {
      const job = this.running.get(w);
      this.running.delete(w);
      this.workers--;
      job?.reject(new ImageError('READ_FAILED', `${job.what}: hashing worker failed: ${e.message}`, { cause: e }));
      this.pump();
    });
    return w;
  }
}

let pool: HashPool | undefined;

function hashInline(fd: number, offset: number, length: number, what: string): string {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(length, 1)));
  let pos = offset;
  let left = length;
  while (left > 0) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, left), pos);
    if (n === 0) throw new ImageError('READ_FAILED', `${what}: the file ended ${left} bytes early (changed while reading?)`);
    h.update(n === buf.length ? buf : buf.subarray(0, n));
    pos += n;
    left -= n;
  }
  return h.digest('hex');
}

/**
 * "sha256:<hex>" of [offset, offset + length) of the file open as `fd`. Ranges of INLINE_HASH_BYTES or more go to a
 * pool of worker threads (one per core besides the caller's); the fd must stay open until the promise settles.
 */
export async function sha256OfRange(fd: number, offset: number, length: number, what: string): Promise<string> {
  if (length < INLINE_HASH_BYTES) return `sha256:${hashInline(fd, offset, length, what)}`;
  // The calling thread is busy walking layers meanwhile: one worker per remaining core.
  pool ??= new HashPool(Math.max(1, availableParallelism() - 1));
  return `sha256:${await pool.hash(fd, offset, length, what)}`;
}
