import { describe, expect, it } from 'vitest';
import { chunked, makeTar } from '../../../test/helpers/tar.js';
import { ImageError } from '../errors.js';
import { readTar } from './tar.js';

async function list(bytes: Uint8Array, chunk = 7000): Promise<{ name: string; type: string; body: string; linkname: string }[]> {
  const out = [];
  for await (const e of readTar(chunked(bytes, chunk))) {
    let body = '';
    if (e.type === 'file' && e.name.includes('read')) for await (const c of e.body) body += Buffer.from(c).toString();
    out.push({ name: e.name, type: e.type, body, linkname: e.linkname });
  }
  return out;
}

async function failure(bytes: Uint8Array): Promise<ImageError> {
  try {
    await list(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(ImageError);
    return err as ImageError;
  }
  throw new Error('expected an error');
}

describe('readTar()', () => {
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
