import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syncRange } from './sync-range.js';

const dir = mkdtempSync(join(tmpdir(), 'drydock-range-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7 + (i >> 11)) & 0xff);

function fileWith(b: Uint8Array): number {
  const p = join(dir, `f-${Math.random().toString(36).slice(2)}`);
  writeFileSync(p, b);
  return openSync(p, 'r+');
}

describe('syncRange()', () => {
  it('returns the right bytes for sequential, backward and jumping reads of a range inside the file', () => {
    const fd = fileWith(bytes);
    try {
      const base = 1000;
      const r = syncRange(fd, base, 2_000_000, 'test range');
      const want = (o: number, l: number): Uint8Array => bytes.subarray(base + o, base + o + l);
      // Sequential 512-byte peeks grow the window; every view must still hold the right bytes.
      for (let o = 0; o < 600_000; o += 512) expect(Buffer.compare(r.peek(o, 512), want(o, 512))).toBe(0);
      for (const [o, l] of [[1_500_000, 300_000], [10, 20], [1_999_990, 10], [0, 2_000_000], [700_000, 1]] as const) {
        expect(Buffer.compare(r.read(o, l), want(o, l))).toBe(0);
        expect(Buffer.compare(r.peek(o, l), want(o, l))).toBe(0);
      }
      // read() hands out a copy the caller owns: later reads do not change it.
      const copy = r.read(100, 16);
      r.peek(1_800_000, 4096);
      expect(Buffer.compare(copy, want(100, 16))).toBe(0);
    } finally {
      closeSync(fd);
    }
  });

  it('refuses reads outside the range, and names the range when the file is shorter than it says', () => {
    const fd = fileWith(bytes);
    try {
      const r = syncRange(fd, 0, bytes.length, 'layer 3 (abc)');
      expect(() => r.read(bytes.length - 10, 20)).toThrow(RangeError);
      expect(() => r.peek(-1, 4)).toThrow(RangeError);
      ftruncateSync(fd, 1024 * 1024); // the file shrinks under the reader
      expect(() => r.read(2 * 1024 * 1024, 100)).toThrow(expect.objectContaining({ code: 'READ_FAILED', message: expect.stringContaining('layer 3 (abc)') }));
    } finally {
      closeSync(fd);
    }
  });
});
