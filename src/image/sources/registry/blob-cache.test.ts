import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobCache } from './blob-cache.js';

const root = mkdtempSync(join(tmpdir(), 'drydock-blobs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}
async function drain(it: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _ of it) void _;
}

describe('BlobCache', () => {
  const body = 'layer bytes';
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;

  it('stores a blob whose digest matches, and never one that does not', async () => {
    const cache = new BlobCache(join(root, 'a'));
    await drain(cache.store(digest, chunks('layer ', 'bytes')));
    expect(await cache.has(digest)).toBe(true);
    const other = `sha256:${'0'.repeat(64)}`;
    await drain(cache.store(other, chunks('something else')));
    expect(await cache.has(other)).toBe(false);
    expect(readdirSync(join(root, 'a', 'blobs', 'sha256'))).toEqual([digest.slice(7)]);
  });

  it('marks a blob used when it is read, for cache prune', async () => {
    const cache = new BlobCache(join(root, 'b'));
    await drain(cache.store(digest, chunks(body)));
    const path = cache.pathOf(digest)!;
    const long = new Date(Date.now() - 90 * 86_400_000);
    const reads = [async () => cache.openRandom(digest, 'blob')!.close(), () => drain(cache.open(digest))];
    for (const read of reads) {
      utimesSync(path, long, long);
      await read();
      expect(Date.now() - statSync(path).mtimeMs).toBeLessThan(60_000);
    }
  });
});
