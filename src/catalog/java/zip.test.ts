import { describe, expect, it } from 'vitest';
import { makeZip } from './__fixtures__/make-zip.js';
import { readZipDirectory, readZipEntry } from './zip.js';

const big = () => ({ remaining: 1 << 30 });

describe('readZipDirectory()', () => {
  it.each`
    label                       | opts
    ${'plain'}                  | ${{}}
    ${'zip64 records'}          | ${{ zip64: true }}
    ${'a launch script prefix'} | ${{ prefix: '#!/bin/bash\nexec java -jar "$0"\n' }}
    ${'zip64 and a prefix'}     | ${{ zip64: true, prefix: '#!/bin/sh\n' }}
    ${'an archive comment'}     | ${{ comment: 'PK\u0005\u0006 not a record' }}
  `('reads an archive with $label', ({ opts }) => {
    const zip = makeZip(
      [
        { name: 'a.txt', data: 'hello' },
        { name: 'dir/', data: '', method: 0 },
        { name: 'b.bin', data: 'stored bytes', method: 0 },
      ],
      opts,
    );
    const dir = readZipDirectory(zip);
    expect(dir.entries.map((e) => e.name)).toEqual(['a.txt', 'dir/', 'b.bin']);
    expect(dir.entries[1]?.isDirectory).toBe(true);
    expect(dir.prefixBytes).toBe((opts as { prefix?: string }).prefix?.length ?? 0);
    const text = (i: number) => new TextDecoder().decode(readZipEntry(zip, dir.entries[i]!, big()));
    expect(text(0)).toBe('hello');
    expect(text(2)).toBe('stored bytes');
  });

  it('counts but does not keep entries the selector refuses', () => {
    const zip = makeZip([{ name: 'x.class', data: 'x' }, { name: 'META-INF/MANIFEST.MF', data: 'm' }]);
    const dir = readZipDirectory(zip, { select: (n) => n.startsWith('META-INF/') });
    expect(dir.totalEntries).toBe(2);
    expect(dir.entries.map((e) => e.name)).toEqual(['META-INF/MANIFEST.MF']);
  });

  const good = makeZip([{ name: 'a.txt', data: 'hello world' }]);
  it.each`
    label                                  | bytes                                   | code
    ${'empty input'}                       | ${new Uint8Array(0)}                    | ${'ZIP_NOT_AN_ARCHIVE'}
    ${'text'}                              | ${new TextEncoder().encode('example archive\n'.repeat(4))} | ${'ZIP_NOT_AN_ARCHIVE'}
    ${'a zip cut in the central directory'} | ${good.subarray(0, good.length - 30)}  | ${'ZIP_NOT_AN_ARCHIVE'}
    ${'a zip missing its start'}           | ${good.subarray(40)}                    | ${'ZIP_TRUNCATED'}
  `('rejects $label with $code', ({ bytes, code }) => {
    expect(() => readZipDirectory(bytes)).toThrow(expect.objectContaining({ code }));
  });

  it('rejects a directory listing more entries than the limit', () => {
    const zip = makeZip([{ name: 'a', data: '' }, { name: 'b', data: '' }, { name: 'c', data: '' }]);
    expect(() => readZipDirectory(zip, { maxEntries: 2 })).toThrow(expect.objectContaining({ code: 'ZIP_TOO_MANY_ENTRIES' }));
  });

  it('rejects an entry count that overruns the central directory', () => {
    const zip = makeZip([{ name: 'a', data: 'x' }]);
    const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const eocd = zip.length - 22;
    dv.setUint16(eocd + 8, 60000, true);
    dv.setUint16(eocd + 10, 60000, true);
    expect(() => readZipDirectory(zip)).toThrow(expect.objectContaining({ code: 'ZIP_TRUNCATED' }));
  });

  it('rejects a central directory offset beyond the file', () => {
    const zip = makeZip([{ name: 'a', data: 'x' }]);
    const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    dv.setUint32(zip.length - 22 + 16, 0x7fffffff, true);
    expect(() => readZipDirectory(zip)).toThrow(expect.objectContaining({ code: 'ZIP_TRUNCATED' }));
  });
});

describe('readZipEntry()', () => {
  it('refuses a deflate bomb that inflates beyond its declared size', () => {
    const zip = makeZip([{ name: 'bomb', data: new Uint8Array(10 * 1024 * 1024), declaredSize: 1024 }]);
    const [e] = readZipDirectory(zip).entries;
    expect(() => readZipEntry(zip, e!, big())).toThrow(expect.objectContaining({ code: 'ZIP_INFLATE_LIMIT' }));
  });

  it('refuses an entry larger than the remaining budget, before inflating', () => {
    const zip = makeZip([{ name: 'z', data: new Uint8Array(4096) }]);
    const [e] = readZipDirectory(zip).entries;
    const budget = { remaining: 1000 };
    expect(() => readZipEntry(zip, e!, budget)).toThrow(expect.objectContaining({ code: 'ZIP_INFLATE_LIMIT' }));
    expect(budget.remaining).toBe(1000);
  });

  it('charges the inflated size to the budget', () => {
    const zip = makeZip([{ name: 'z', data: new Uint8Array(4096) }]);
    const [e] = readZipDirectory(zip).entries;
    const budget = { remaining: 10_000 };
    readZipEntry(zip, e!, budget);
    expect(budget.remaining).toBe(10_000 - 4096);
  });

  it.each`
    label                    | entry                                                                  | code
    ${'a bad CRC'}           | ${{ name: 'c', data: 'abc', crc: 1 }}                                  | ${'ZIP_CRC_MISMATCH'}
    ${'an unknown method'}   | ${{ name: 'c', data: 'abc', method: 12 }}                              | ${'ZIP_UNSUPPORTED_ENTRY'}
    ${'encryption'}          | ${{ name: 'c', data: 'abc', flags: 1 }}                                | ${'ZIP_UNSUPPORTED_ENTRY'}
    ${'a short deflate size'} | ${{ name: 'c', data: 'abcdefgh', declaredSize: 100 }}                 | ${'ZIP_MALFORMED'}
    ${'garbage deflate data'} | ${{ name: 'c', data: new Uint8Array([0xff, 0xff, 0xff, 0xff]), method: 0 }} | ${'NONE'}
  `('rejects $label', ({ entry, code }) => {
    const zip = makeZip([entry]);
    const [e] = readZipDirectory(zip).entries;
    if (code === 'NONE') {
      // Make the stored entry claim deflate: its bytes are not a valid deflate stream.
      const corrupt = zip.slice();
      new DataView(corrupt.buffer).setUint16(8, 8, true);
      expect(() => readZipEntry(corrupt, { ...e!, method: 8 }, big())).toThrow(expect.objectContaining({ code: 'ZIP_INFLATE_FAILED' }));
      return;
    }
    expect(() => readZipEntry(zip, e!, big())).toThrow(expect.objectContaining({ code }));
  });

  it('rejects an entry whose data runs past the end of the file', () => {
    const zip = makeZip([{ name: 'x', data: 'abcdef', method: 0 }]);
    const [e] = readZipDirectory(zip).entries;
    expect(() => readZipEntry(zip, { ...e!, compressedSize: 1 << 30, uncompressedSize: 1 << 30 }, big())).toThrow(
      expect.objectContaining({ code: 'ZIP_TRUNCATED' }),
    );
    expect(() => readZipEntry(zip, { ...e!, localHeaderOffset: zip.length - 2 }, big())).toThrow(expect.objectContaining({ code: 'ZIP_TRUNCATED' }));
  });
});
