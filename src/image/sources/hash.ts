/**
 * sha256 of a byte range of an open local file, off the main thread: a layer's diff ID is checked by hashing every
 * byte, which is the largest single cost of reading a plain-tar layer, while the walk itself reads only headers and
 * the files catalogers want. Worker threads share the process's file descriptors, so they hash the very file the
 * caller opened (no second open, no race with a replaced path). Small ranges are hashed inline.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { workerThreads } from '../../builtins.js';
import { ImageError } from '../errors.js';

/** Ranges below this are hashed on the calling thread: a worker's start-up costs more than hashing them. */
export const INLINE_HASH_BYTES = 16 * 1024 * 1024;
const CHUNK = 1024 * 1024;

// Plain CommonJS run with `eval`, so that it works the same from the sources, the tsc output and the bundle.
// Each job carries a claim flag shared with the caller (0 queued, 1 taken by the worker, 2 taken by the caller):
// jobs are posted as soon as they exist, so a worker goes from one to the next without waiting for the caller's
// thread (which is busy walking layers), and a caller that runs out of work claims a job nobody has started.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const buf = Buffer.allocUnsafe(${CHUNK});
parentPort.on('message', ({ id, fd, offset, length, claim }) => {
  if (Atomics.compareExchange(new Int32Array(claim), 0, 0, 1) !== 0) {
    parentPort.postMessage({ id, skipped: true });
    return;
  }
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

const QUEUED = 0;
const STOLEN = 2;

interface Job { id: number; what: string; resolve: (hex: string) => void; reject: (e: Error) => void }
interface Slot { worker: Worker; jobs: Map<number, Job> }

class HashPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  constructor(private readonly size: number) {}

  hash(fd: number, offset: number, length: number, what: string): PendingHash {
    const claim = new Int32Array(new SharedArrayBuffer(4));
    const id = this.nextId++;
    let job!: Job;
    const promise = new Promise<string>((resolve, reject) => {
      job = { id, what, resolve, reject };
    });
    const slot = this.slotFor();
    slot.jobs.set(id, job);
    slot.worker.ref();
    slot.worker.postMessage({ id, fd, offset, length, claim: claim.buffer });
    const steal = (): void => {
      if (Atomics.compareExchange(claim, 0, QUEUED, STOLEN) !== QUEUED) return; // started or done
      this.settle(slot, id);
      try {
        job.resolve(hashInline(fd, offset, length, what));
      } catch (e) {
        job.reject(e as Error);
      }
    };
    return { promise, steal };
  }

  /** The worker with the fewest outstanding jobs, starting one while there are fewer than `size`. */
  private slotFor(): Slot {
    let best = this.slots[0];
    for (const s of this.slots) if (s.jobs.size < best!.jobs.size) best = s;
    if (best && (best.jobs.size === 0 || this.slots.length >= this.size)) return best;
    // The worker's heap holds a job message at a time: a small one keeps its memory down.
    const worker = new (workerThreads().Worker)(WORKER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
    const slot: Slot = { worker, jobs: new Map() };
    this.slots.push(slot);
    slot.worker.on('message', (m: { id: number; hex?: string; error?: string; skipped?: boolean }) => {
      const job = slot.jobs.get(m.id);
      this.settle(slot, m.id);
      if (!job || m.skipped) return;
      if (m.hex) job.resolve(m.hex);
      else job.reject(new ImageError('READ_FAILED', `${job.what}: ${m.error ?? 'hashing failed'}`));
    });
    slot.worker.on('error', (e) => {
      this.slots.splice(this.slots.indexOf(slot), 1);
      for (const job of slot.jobs.values()) job.reject(new ImageError('READ_FAILED', `${job.what}: hashing worker failed: ${e.message}`, { cause: e }));
      slot.jobs.clear();
    });
    return slot;
  }

  private settle(slot: Slot, id: number): void {
    slot.jobs.delete(id);
    // A worker with nothing to do must not keep the process alive.
    if (slot.jobs.size === 0) slot.worker.unref();
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

/** A hash on its way: `steal()` computes it on the calling thread now if no worker has started it yet. */
export interface PendingHash {
  /** The hex digest. */
  promise: Promise<string>;
  steal(): void;
}

/**
 * Start the sha256 of [offset, offset + length) of the file open as `fd`. Ranges of INLINE_HASH_BYTES or more go to
 * a pool of worker threads (one per core besides the caller's, which is busy walking layers meanwhile); a caller
 * with nothing left to do steals a queued one. The fd must stay open until the promise settles.
 */
export function startSha256(fd: number, offset: number, length: number, what: string): PendingHash {
  if (length < INLINE_HASH_BYTES) {
    try {
      return { promise: Promise.resolve(hashInline(fd, offset, length, what)), steal: () => undefined };
    } catch (e) {
      return { promise: Promise.reject(e as Error), steal: () => undefined };
    }
  }
  pool ??= new HashPool(Math.max(1, availableParallelism() - 1));
  return pool.hash(fd, offset, length, what);
}
