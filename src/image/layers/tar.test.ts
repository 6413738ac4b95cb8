import { describe, expect, it } from 'vitest';
import { chunked, makeTar } from '../../../test/helpers/tar.js';
import type { ImageError } from '../errors.js';
import { imageErrorOf } from '../../../test/helpers/errors.js';
import { readTar, readTarAt, type SyncRangeReader } from './tar.js';

type Listed = { name: string; type: string; body: string; linkname: string };

/** An in-memory SyncRangeReader that counts the bytes it hands out (the random-access reader must skip bodies). */
function memoryRange(bytes: Uint8Array): SyncRangeReader & { served: number } {
  const r = {
    size: bytes.length,
    served: 0,
    peek(offset: number, length: number) {
      if (offset + length > bytes.length) throw new RangeError('outside');
      r.served += length;
      return bytes.subarray(offset, offset + length);
    },
    read(offset: number, length: number) {
      return r.peek(offset, length).slice();
    },
  };
  return r;
}

// The streaming reader (gzip/zstd layers, registry streams) and the random-access reader (plain-tar layers on disk)
// must agree entry for entry, and fail the same way on the same hostile input.
const readers = {
  'readTar (stream)': async (bytes: Uint8Array, chunk = 7000): Promise<Listed[]> => {
    const out = [];
    for await (const e of readTar(chunked(bytes, chunk))) {
      let body = '';
      if (e.type === 'file' && e.name.includes('read')) for await (const c of e.body) body += Buffer.from(c).toString();
      out.push({ name: e.name, type: e.type, body, linkname: e.linkname });
    }
    return out;
  },
  'readTarAt (random access)': async (bytes: Uint8Array): Promise<Listed[]> => {
    const out = [];
    for (const e of readTarAt(memoryRange(bytes))) {
      const body = e.type === 'file' && e.name.includes('read') ? Buffer.from(e.readBody!(0, e.size)).toString() : '';
      out.push({ name: e.name, type: e.type, body, linkname: e.linkname });
    }
    return out;
  },
};

describe.each(Object.entries(readers))('%s', (_label, list) => {
  const failure = (bytes: Uint8Array): Promise<ImageError> => imageErrorOf(() => list(bytes));

  it.each([1, 511, 512, 513, 7000, 1 << 20])('reads entries, bodies and links with %i-byte chunks', async (chunk) => {
    const tar = makeTar([
      { name: 'etc/', type: 'dir' },
      { name: 'etc/read-me', body: 'hello world' },
      { name: 'etc/skipped', body: 'x'.repeat(3000) },
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'etc/read-again', body: 'second' },
    ]);
    expect(await list(tar, chunk)).toEqual([
      { name: 'etc/', type: 'dir', body: '', linkname: '' },
      { name: 'etc/read-me', type: 'file', body: 'hello world', linkname: '' },
      { name: 'etc/skipped', type: 'file', body: '', linkname: '' },
      { name: 'bin/sh', type: 'symlink', body: '', linkname: '/bin/busybox' },
      { name: 'etc/read-again', type: 'file', body: 'second', linkname: '' },
    ]);
  });

  it('takes long names from pax path records', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(150)}-read`;
    const [e] = await list(makeTar([{ name: long, body: 'x' }]));
    expect(e!.name).toBe(long);
    expect(e!.body).toBe('x');
  });

  it('rejects a header whose checksum does not match', async () => {
    const err = await failure(makeTar([{ name: 'a', body: 'x', badChecksum: true }]));
    expect(err.code).toBe('TAR_CORRUPT');
    expect(err.message).toMatch(/checksum/);
  });

  it('rejects a stream cut inside a body', async () => {
    const tar = makeTar([{ name: 'read-big', body: 'y'.repeat(5000) }], false);
    const err = await failure(tar.subarray(0, 2000));
    expect(err.code).toBe('TAR_TRUNCATED');
  });

  it('rejects a stream cut inside a skipped body', async () => {
    const tar = makeTar([{ name: 'big', body: 'y'.repeat(5000) }], false);
    expect((await failure(tar.subarray(0, 2000))).code).toBe('TAR_TRUNCATED');
  });

  it('rejects a pax record with a lying length', async () => {
    const tar = makeTar([{ name: 'a', body: 'x', pax: { comment: 'x' } }]);
    // The pax body starts at 512: "<len> comment=x\n"; make the length absurd.
    tar.set(new TextEncoder().encode('99'), 512);
    const err = await failure(tar);
    expect(['TAR_CORRUPT', 'TAR_TRUNCATED']).toContain(err.code);
  });

  it('rejects a pax header larger than the limit', async () => {
    const tar = makeTar([{ name: 'a', body: 'x', pax: { comment: 'z'.repeat(2 * 1024 * 1024) } }]);
    expect((await failure(tar)).code).toBe('LIMIT_EXCEEDED');
  });

  it('accepts an archive without end-of-archive blocks', async () => {
    expect(await list(makeTar([{ name: 'a' }], false))).toHaveLength(1);
  });

  it('yields nothing for an empty stream', async () => {
    expect(await list(new Uint8Array(0))).toEqual([]);
  });

  it('rejects garbage that is not a tar', async () => {
    const junk = new Uint8Array(2048).map((_, i) => (i * 7 + 3) % 251);
    expect((await failure(junk)).code).toBe('TAR_CORRUPT');
  });
});

describe('readTarAt() specifics', () => {
  it('reads headers and wanted bodies only: skipped bodies are never read', () => {
    const tar = makeTar([
      { name: 'usr/lib/big.so', body: 'b'.repeat(200_000) },
      { name: 'etc/os-release', body: 'ID=debian\n' },
    ]);
    const src = memoryRange(tar);
    const names = [];
    for (const e of readTarAt(src)) {
      names.push(e.name);
      if (e.name === 'etc/os-release') expect(Buffer.from(e.readBody!(0, e.size)).toString()).toBe('ID=debian\n');
    }
    expect(names).toEqual(['usr/lib/big.so', 'etc/os-release']);
    expect(src.served).toBeLessThan(10_000);
  });

  it('reads any part of a body, streams it too, and refuses reads outside it', async () => {
    const [e] = [...readTarAt(memoryRange(makeTar([{ name: 'f', body: '0123456789' }])))];
    expect(Buffer.from(e!.readBody!(3, 4)).toString()).toBe('3456');
    expect(() => e!.readBody!(8, 4)).toThrow(RangeError);
    let streamed = '';
    for await (const c of e!.body) streamed += Buffer.from(c).toString();
    expect(streamed).toBe('0123456789');
  });

  it('rejects trailing bytes shorter than a header', () => {
    const tar = makeTar([{ name: 'a', body: 'x' }], false);
    const cut = new Uint8Array(tar.length + 100);
    cut.set(tar);
    cut.fill(7, tar.length);
    expect(() => [...readTarAt(memoryRange(cut))]).toThrow(expect.objectContaining({ code: 'TAR_TRUNCATED' }));
  });

  it('rejects a pax record larger than the limit before reading it', () => {
    const tar = makeTar([{ name: 'a', body: 'x', pax: { comment: 'z'.repeat(5000) } }]);
    const src = memoryRange(tar);
    expect(() => [...readTarAt(src, { maxMetaSize: 1024 })]).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    expect(src.served).toBeLessThanOrEqual(512);
  });
});
