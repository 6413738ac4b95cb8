import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INLINE_HASH_BYTES, startSha256 } from './hash.js';

const dir = mkdtempSync(join(tmpdir(), 'drydock-hash-'));
const file = join(dir, 'big.bin');
const bytes = new Uint8Array(INLINE_HASH_BYTES * 2 + 4096).map((_, i) => (i * 31 + 7) & 0xff);
writeFileSync(file, bytes);
const fd = openSync(file, 'r');
afterAll(() => {
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});
const expected = (from: number, len: number): string => createHash('sha256').update(bytes.subarray(from, from + len)).digest('hex');

describe('startSha256()', () => {
  it('hashes ranges in a worker, and a range the caller claims before the worker starts on it, on the caller', async () => {
    const half = INLINE_HASH_BYTES + 2048;
    const a = startSha256(fd, 0, half, 'a');
    const b = startSha256(fd, half, bytes.length - half, 'b');
    b.steal(); // queued behind `a` in the one worker: taken here, and the worker skips it
    expect(await b.promise).toBe(expected(half, bytes.length - half));
    expect(await a.promise).toBe(expected(0, half));
    a.steal(); // already done: nothing happens
    expect(await a.promise).toBe(expected(0, half));
  });

  it('hashes small ranges inline and reports a range past the end of the file as a read failure', async () => {
    expect(await startSha256(fd, 10, 1000, 'small').promise).toBe(expected(10, 1000));
    await expect(startSha256(fd, bytes.length - 10, 100, 'past the end').promise).rejects.toMatchObject({ code: 'READ_FAILED' });
    await expect(startSha256(fd, bytes.length - 10, INLINE_HASH_BYTES, 'past the end, in a worker').promise).rejects.toMatchObject({ code: 'READ_FAILED' });
  });
});
