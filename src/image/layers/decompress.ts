/**
 * Layer decompression: gzip, zstd or none, detected from the magic bytes (media types lie often enough that the
 * bytes decide), with limits against decompression bombs, and sha256 taps for digest verification.
 *
 * Threat: a small layer that inflates to terabytes (a "bomb"). We count output bytes and stop with
 * DECOMPRESSION_BOMB once the total passes `maxBytes`, or once the output/input ratio passes `maxRatio` after
 * `ratioGrace` output bytes. Truncated or corrupt input gives DECOMPRESSION_FAILED.
 */
import { createHash } from 'node:crypto';
import { zlib } from '../../builtins.js';
import { Decompress as ZstdDecompress } from 'fzstd';
import { ImageError } from '../errors.js';

export type Compression = 'gzip' | 'zstd' | 'none';

export interface DecompressLimits {
  /** Largest uncompressed layer accepted, bytes (default 32 GiB). */
  maxBytes: number;
  /** Largest output/input ratio accepted once `ratioGrace` bytes are out (default 1000). */
  maxRatio: number;
  ratioGrace: number;
}

export const DEFAULT_DECOMPRESS_LIMITS: DecompressLimits = {
  maxBytes: 32 * 1024 ** 3,
  maxRatio: 1000,
  ratioGrace: 256 * 1024 ** 2,
};

export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/** A one-shot async queue that lets push-style decoders feed an async generator. */
class Pipe {
  private items: Uint8Array[] = [];
  private waiting: (() => void) | undefined;
  error: unknown;
  push(b: Uint8Array): void {
    this.items.push(b);
    this.wake();
  }
  fail(e: unknown): void {
    this.error = e;
    this.wake();
  }
  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }
  take(): Uint8Array[] {
    const out = this.items;
    this.items = [];
    return out;
  }
  wait(): Promise<void> {
    return new Promise((resolve) => { this.waiting = resolve; });
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
}

async function* gunzip(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const z = zlib().createGunzip({ chunkSize: 256 * 1024 });
  const pipe = new Pipe();
  let finished = false;
  z.on('data', (b: Buffer) => pipe.push(b));
  z.on('error', (e) => pipe.fail(e));
  z.on('end', () => { finished = true; pipe.fail(undefined); });
  const feed = (async () => {
    try {
      for await (const c of input) {
        if (pipe.error) break;
        if (!z.write(c)) {
          // Wait for room, or for the consumer to have stopped (destroy emits 'close').
          await new Promise<void>((r) => {
            const done = (): void => { z.off('drain', done); z.off('close', done); r(); };
            z.once('drain', done);
            z.once('close', done);
          });
          if (z.destroyed) break;
        }
      }
      z.end();
    } catch (e) {
      pipe.fail(e);
      z.destroy();
    }
  })();
  try {
    for (;;) {
      while (!pipe.empty) for (const b of pipe.take()) yield b;
      if (pipe.error) throw pipe.error;
      if (finished) break;
      await pipe.wait();
    }
    while (!pipe.empty) for (const b of pipe.take()) yield b;
  } finally {
    z.destroy();
    await feed.catch(() => undefined);
  }
}

async function* unzstd(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const d = new ZstdDecompress((chunk) => { out.push(chunk); });
  for await (const c of input) {
    d.push(c);
    for (const b of out.splice(0)) yield b;
  }
  // final=true makes fzstd throw when the frame is incomplete (a truncated layer).
  d.push(new Uint8Array(0), true);
  for (const b of out.splice(0)) yield b;
}

/**
 * Decompress a layer stream. `name` names the layer in errors.
 * @throws ImageError DECOMPRESSION_FAILED, DECOMPRESSION_BOMB
 */
export async function* decompressLayer(
  input: AsyncIterable<Uint8Array>,
  name: string,
  limits: Partial<DecompressLimits> = {},
): AsyncGenerator<Uint8Array> {
  const lim = { ...DEFAULT_DECOMPRESS_LIMITS, ...limits };
  let inBytes = 0;
  const it = input[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && first.value.length === 0) first = await it.next();
  if (first.done) return;
  const head = first.value;
  const kind: Compression = detectCompression(head);
  const counted: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: async function* () {
      inBytes += head.length;
      yield head;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        inBytes += r.value.length;
        yield r.value;
      }
    },
  };
  let outBytes = 0;
  const source = kind === 'gzip' ? gunzip(counted) : kind === 'zstd' ? unzstd(counted) : counted;
  try {
    for await (const c of source) {
      outBytes += c.length;
      if (outBytes > lim.maxBytes) {
        throw new ImageError('DECOMPRESSION_BOMB', `layer ${name} inflates past the limit of ${lim.maxBytes} bytes`);
      }
      if (kind !== 'none' && outBytes > lim.ratioGrace && outBytes / Math.max(inBytes, 1) > lim.maxRatio) {
        throw new ImageError('DECOMPRESSION_BOMB', `layer ${name} inflates more than ${lim.maxRatio}:1 (${outBytes} bytes from ${inBytes})`);
      }
      yield c;
    }
  } catch (err) {
    if (err instanceof ImageError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new ImageError('DECOMPRESSION_FAILED', `layer ${name}: ${kind} data is corrupt or truncated: ${msg}`, { cause: err });
  }
}

/** Pass a stream through while hashing it; `done` receives the hex digest when the stream ends. */
export async function* tapSha256(input: AsyncIterable<Uint8Array>, done: (hex: string, bytes: number) => void): AsyncGenerator<Uint8Array> {
  const h = createHash('sha256');
  let n = 0;
  for await (const c of input) {
    h.update(c);
    n += c.length;
    yield c;
  }
  done(h.digest('hex'), n);
}

/**
 * Pass a stream through and check its sha256 against `expected` ("sha256:<hex>") at the end.
 * Digests other than sha256 are refused rather than skipped.
 * @throws ImageError DIGEST_MISMATCH, UNSUPPORTED_MEDIA_TYPE
 */
export async function* verifyDigest(input: AsyncIterable<Uint8Array>, expected: string, what: string): AsyncGenerator<Uint8Array> {
  if (!expected.startsWith('sha256:')) {
    throw new ImageError('UNSUPPORTED_MEDIA_TYPE', `${what}: digest algorithm of ${expected} is not supported (sha256 only)`);
  }
  let actual = '';
  yield* tapSha256(input, (hex) => { actual = `sha256:${hex}`; });
  if (actual !== expected) {
    throw new ImageError('DIGEST_MISMATCH', `${what}: content digest ${actual} does not match the expected ${expected}`);
  }
}
