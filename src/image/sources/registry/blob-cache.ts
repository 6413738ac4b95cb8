/**
 * Blobs cached by digest under `<cacheDir>/blobs/sha256/<hex>`. A blob is written to a temporary file while it
 * streams and renamed into place only when its digest matched, so the cache never holds a bad or partial blob.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, futimesSync, openSync, utimesSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { randomAccessLayer } from '../sync-range.js';
import type { RandomAccessLayer } from '../types.js';

/** The modification time is a blob's last use (`drydock cache prune`); failing to set it is no reason to fail. */
function markUsed(set: () => void): void {
  try {
    set();
  } catch {
    // a read-only cache
  }
}

export class BlobCache {
  constructor(readonly dir: string) {}

  pathOf(digest: string): string | undefined {
    const m = /^sha256:([a-f0-9]{64})$/.exec(digest);
    return m ? join(this.dir, 'blobs', 'sha256', m[1]!) : undefined;
  }

  async has(digest: string): Promise<boolean> {
    const p = this.pathOf(digest);
    return p ? Boolean(await stat(p).catch(() => undefined)) : false;
  }

  /** The cached blob with random access, or undefined when it is not cached. Its digest is checked when hashed. */
  openRandom(digest: string, what: string): RandomAccessLayer | undefined {
    const p = this.pathOf(digest);
    let fd: number;
    try {
      if (!p) return undefined;
      fd = openSync(p, 'r');
    } catch {
      return undefined;
    }
    markUsed(() => futimesSync(fd, new Date(), new Date()));
    return randomAccessLayer(fd, 0, fstatSync(fd).size, what, { storedDigest: digest, close: () => closeSync(fd) });
  }

  open(digest: string): AsyncIterable<Uint8Array> {
    const p = this.pathOf(digest)!;
    markUsed(() => utimesSync(p, new Date(), new Date()));
    return createReadStream(p, { highWaterMark: 1024 * 1024 });
  }

  /** Pass `source` through, storing it when it ends with the right digest. */
  async *store(digest: string, source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    const final = this.pathOf(digest);
    if (!final) {
      yield* source;
      return;
    }
    await mkdir(dirname(final), { recursive: true });
    const tmp = `${final}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const out = createWriteStream(tmp);
    const h = createHash('sha256');
    let ok = false;
    try {
      for await (const c of source) {
        h.update(c);
        if (!out.write(c)) await once(out, 'drain');
        yield c;
      }
      out.end();
      await once(out, 'finish');
      if (`sha256:${h.digest('hex')}` === digest) {
        await rename(tmp, final);
        ok = true;
      }
    } finally {
      if (!ok) {
        out.destroy();
        await rm(tmp, { force: true });
      }
    }
  }
}
