import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import type { FileParseResult } from '../types.js';
import { archivesDir, hasTestImage, imagesRoot, peerDir } from '../../../test/helpers/shared.js';
import { cataloger, parseRpmDb, parseRpmHeader, parseSourceRpm, RpmDbError, RPMTAG, rpmDbFormat, vendorNamespace } from './index.js';

// ---------------------------------------------------------------- a tiny header writer for tests

type Value = { type: 'string'; v: string } | { type: 'strings'; v: string[] } | { type: 'int32'; v: number[] };
interface RawEntry { tag: number; type: number; offset: number; count: number }

/** Build an rpm header blob (big-endian index + data store), optionally with hand-made index entries. */
function makeHeader(values: [number, Value][], extra: RawEntry[] = []): Uint8Array {
  const data: number[] = [];
  const entries: RawEntry[] = [];
  const enc = new TextEncoder();
  for (const [tag, val] of values) {
    if (val.type === 'int32') while (data.length % 4) data.push(0);
    const offset = data.length;
    if (val.type === 'string') {
      data.push(...enc.encode(val.v), 0);
      entries.push({ tag, type: 6, offset, count: 1 });
    } else if (val.type === 'strings') {
      for (const s of val.v) data.push(...enc.encode(s), 0);
      entries.push({ tag, type: 8, offset, count: val.v.length });
    } else {
      for (const n of val.v) data.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
      entries.push({ tag, type: 4, offset, count: val.v.length });
    }
  }
  entries.push(...extra);
  const out = new Uint8Array(8 + entries.length * 16 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, entries.length);
  view.setUint32(4, data.length);
  entries.forEach((e, i) => {
    view.setInt32(8 + i * 16, e.tag);
    view.setUint32(12 + i * 16, e.type);
    view.setInt32(16 + i * 16, e.offset);
    view.setUint32(20 + i * 16, e.count);
  });
  out.set(data, 8 + entries.length * 16);
  return out;
}

const s = (v: string): Value => ({ type: 'string', v });
const basic: [number, Value][] = [
  [RPMTAG.NAME, s('demo')],
  [RPMTAG.VERSION, s('1.2')],
  [RPMTAG.RELEASE, s('3.el9')],
  [RPMTAG.ARCH, s('x86_64')],
];

describe('parseRpmHeader()', () => {
  it('reads strings, string arrays and numbers', () => {
    const h = parseRpmHeader(makeHeader([...basic, [RPMTAG.EPOCH, { type: 'int32', v: [7] }], [RPMTAG.BASENAMES, { type: 'strings', v: ['a', 'b'] }]]));
    expect(h.getString(RPMTAG.NAME)).toBe('demo');
    expect(h.getNumbers(RPMTAG.EPOCH)).toEqual([7]);
    expect(h.getStringArray(RPMTAG.BASENAMES)).toEqual(['a', 'b']);
    expect(h.getString(RPMTAG.VENDOR)).toBeUndefined();
  });

  describe('when the blob is hostile', () => {
    const valid = makeHeader(basic);
    const withCounts = (il: number, dl: number) => {
      const b = valid.slice();
      new DataView(b.buffer).setUint32(0, il);
      new DataView(b.buffer).setUint32(4, dl);
      return b;
    };
    it.each`
      what                                  | blob
      ${'empty'}                            | ${new Uint8Array(0)}
      ${'shorter than the preamble'}        | ${new Uint8Array(5)}
      ${'no index entries'}                 | ${withCounts(0, 0)}
      ${'huge index count'}                 | ${withCounts(0xffffffff, 10)}
      ${'huge data length'}                 | ${withCounts(4, 0x7fffffff)}
      ${'index past the blob'}              | ${withCounts(1000, 0)}
      ${'truncated'}                        | ${valid.subarray(0, valid.length - 3)}
      ${'negative offset'}                  | ${makeHeader(basic, [{ tag: RPMTAG.VENDOR, type: 6, offset: -5, count: 1 }])}
      ${'offset past the data'}             | ${makeHeader(basic, [{ tag: RPMTAG.VENDOR, type: 6, offset: 1 << 20, count: 1 }])}
    `('$what throws RPM_HEADER_CORRUPT', ({ blob }: { blob: Uint8Array }) => {
      expect(() => parseRpmHeader(blob)).toThrowError(expect.objectContaining({ code: 'RPM_HEADER_CORRUPT' }) as Error);
    });

    it.each`
      what                            | extra                                                                      | read
      ${'unterminated string'}        | ${{ tag: RPMTAG.VENDOR, type: 6, offset: 0, count: 1 }}                   | ${'vendor-unterminated'}
      ${'string array count too big'} | ${{ tag: RPMTAG.BASENAMES, type: 8, offset: 0, count: 0xffffffff }}       | ${'basenames'}
      ${'int32 count too big'}        | ${{ tag: RPMTAG.EPOCH, type: 4, offset: 0, count: 0x40000000 }}           | ${'epoch'}
      ${'wrong type'}                 | ${{ tag: RPMTAG.EPOCH, type: 6, offset: 0, count: 1 }}                    | ${'epoch'}
    `('$what throws RPM_HEADER_CORRUPT on access', ({ extra, read }: { extra: RawEntry; read: string }) => {
      // For the unterminated case the data store ends without a NUL: a header whose only string is cut.
      const blob = read === 'vendor-unterminated'
        ? (() => { const b = makeHeader([[RPMTAG.NAME, s('x')]], [extra]); b[b.length - 1] = 0x41; return b; })()
        : makeHeader(basic, [extra]);
      const h = parseRpmHeader(blob);
      const get = read === 'basenames' ? () => h.getStringArray(RPMTAG.BASENAMES) : read === 'epoch' ? () => h.getNumbers(RPMTAG.EPOCH) : () => h.getString(RPMTAG.VENDOR);
      expect(get).toThrowError(RpmDbError);
    });
  });
});

describe('parseSourceRpm()', () => {
  it.each`
    file                                          | want
    ${'util-linux-2.32.1-42.el8_8.src.rpm'}       | ${{ name: 'util-linux', version: '2.32.1-42.el8_8' }}
    ${'gcc11-11.2.1+git610-1.3.9.src.rpm'}        | ${{ name: 'gcc11', version: '11.2.1+git610-1.3.9' }}
    ${'kernel-5.14.0-1.nosrc.rpm'}                | ${{ name: 'kernel', version: '5.14.0-1' }}
    ${'noversion.src.rpm'}                        | ${undefined}
    ${'a-1-2.rpm'}                                | ${undefined}
  `('splits $file', ({ file, want }: { file: string; want: unknown }) => {
    expect(parseSourceRpm(file)).toEqual(want);
  });
});

describe('vendorNamespace()', () => {
  it.each`
    vendor                                   | ns
    ${'Red Hat, Inc.'}                       | ${'redhat'}
    ${'SUSE LLC <https://www.suse.com/>'}    | ${'suse'}
    ${'Microsoft Corporation'}               | ${'mariner'}
    ${'Fedora Project'}                      | ${'fedora'}
    ${'Acme Widgets'}                        | ${'acme'}
    ${undefined}                             | ${undefined}
  `('maps $vendor to $ns', ({ vendor, ns }: { vendor?: string; ns?: string }) => {
    expect(vendorNamespace(vendor)).toBe(ns);
  });
});

describe('cataloger', () => {
  it.each`
    path                                      | format
    ${'/var/lib/rpm/rpmdb.sqlite'}            | ${'sqlite'}
    ${'/usr/lib/sysimage/rpm/rpmdb.sqlite'}   | ${'sqlite'}
    ${'/var/lib/rpm/Packages'}                | ${'bdb'}
    ${'/usr/lib/sysimage/rpm/Packages'}       | ${'bdb'}
    ${'/var/lib/rpm/Packages.db'}             | ${'ndb'}
    ${'/usr/lib/sysimage/rpm/Packages.db'}    | ${'ndb'}
    ${'/var/lib/rpm/rpmdb.sqlite-wal'}        | ${undefined}
    ${'/var/lib/rpm/Name'}                    | ${undefined}
    ${'/opt/var/lib/rpm/Packages'}            | ${undefined}
  `('$path is $format', ({ path, format }: { path: string; format?: string }) => {
    expect(rpmDbFormat(path)).toBe(format);
    // The write-ahead log is matched too, but is no database of its own (sqlite-wal.test.ts).
    expect(cataloger.matches({ path, size: 0, mode: 0o100644 })).toBe(format !== undefined || path.endsWith('/rpmdb.sqlite-wal'));
  });

  it('finalize keeps one database and names the shadowed one', () => {
    const pkg = (name: string, path: string) => ({ type: 'rpm' as const, name, version: '1', purl: `pkg:rpm/x/${name}@1`, locations: [path] });
    const results = new Map<string, FileParseResult>([
      ['/var/lib/rpm/Packages', { packages: [pkg('old', '/var/lib/rpm/Packages')], issues: [] }],
      ['/var/lib/rpm/rpmdb.sqlite', { packages: [pkg('new', '/var/lib/rpm/rpmdb.sqlite')], issues: [] }],
    ]);
    const out = cataloger.finalize!(results);
    expect(out.packages.map((p) => p.name)).toEqual(['new']);
    expect(out.issues.map((i) => [i.code, i.path])).toEqual([['RPMDB_SHADOWED', '/var/lib/rpm/Packages']]);
  });

  it('skips gpg-pubkey pseudo-packages', () => {
    const blob = makeHeader([[RPMTAG.NAME, s('gpg-pubkey')], [RPMTAG.VERSION, s('fd431d51')], [RPMTAG.RELEASE, s('4ae0493b')]]);
    expect(parseRpmDb('/var/lib/rpm/Packages.db', ndbOf([blob]), 'ndb')).toEqual({ packages: [], issues: [] });
  });

  it('reports a header without NAME and keeps the others', () => {
    const good = makeHeader([...basic, [RPMTAG.BASENAMES, { type: 'strings', v: ['x'] }], [RPMTAG.DIRNAMES, { type: 'strings', v: ['/usr/bin/'] }], [RPMTAG.DIRINDEXES, { type: 'int32', v: [0] }]]);
    const bad = makeHeader([[RPMTAG.VERSION, s('1')]]);
    const badIndex = makeHeader([...basic, [RPMTAG.BASENAMES, { type: 'strings', v: ['x'] }], [RPMTAG.DIRNAMES, { type: 'strings', v: ['/'] }], [RPMTAG.DIRINDEXES, { type: 'int32', v: [9] }]]);
    const out = parseRpmDb('/var/lib/rpm/Packages.db', ndbOf([good, bad, badIndex]), 'ndb');
    expect(out.packages.map((p) => [p.name, p.files])).toEqual([['demo', ['/usr/bin/x']]]);
    expect(out.issues.map((i) => i.code)).toEqual(['RPM_HEADER_CORRUPT', 'RPM_HEADER_CORRUPT']);
    expect(out.issues[0]?.message).toContain('/var/lib/rpm/Packages.db package 2');
  });
});

/** Write a minimal NDB Packages.db holding the given header blobs (layout in ndb.ts). */
function ndbOf(blobs: Uint8Array[]): Uint8Array {
  const dataStart = 4096;
  const parts: Uint8Array[] = [];
  let offset = dataStart;
  const slots = new Uint8Array(4096);
  const sv = new DataView(slots.buffer);
  sv.setUint32(0, 0x506d7052, true);
  sv.setUint32(12, 1, true);
  for (let slot = 2; slot < 256; slot++) sv.setUint32(slot * 16, 0x746f6c53, true);
  blobs.forEach((b, i) => {
    const blocks = Math.ceil((16 + b.length) / 16);
    const chunk = new Uint8Array(blocks * 16);
    const cv = new DataView(chunk.buffer);
    cv.setUint32(0, 0x53626c42, true);
    cv.setUint32(4, i + 1, true);
    cv.setUint32(12, b.length, true);
    chunk.set(b, 16);
    const at = (2 + i) * 16;
    sv.setUint32(at + 4, i + 1, true);
    sv.setUint32(at + 8, offset / 16, true);
    sv.setUint32(at + 12, blocks, true);
    parts.push(chunk);
    offset += chunk.length;
  });
  const out = new Uint8Array(offset);
  out.set(slots, 0);
  let pos = dataStart;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- peer fixtures (go-rpmdb, syft)

const rpmdbDir = join(peerDir, '4-pkgdb/rpmdb');
const have = existsSync(rpmdbDir);

interface GoRpmdbPackage { epoch: number | null; name: string; version: string; release: string; arch: string; source_rpm: string; size: number; license: string; vendor: string; modularitylabel: string }
interface GoRpmdbDetail { query_name: string; want: { Name: string; Version: string; Release: string; Arch: string; Size: number; SourceRpm: string; License: string; Vendor: string }; want_installed_file_names: string[] }

describe.skipIf(!have)('peer fixtures: go-rpmdb and syft rpmdbs (../shared/peer/4-pkgdb/rpmdb)', () => {
  it('ndb-sle15-bci/Packages.db (NDB) gives the full 35-package list in database order', () => {
    const expected = JSON.parse(readFileSync(join(rpmdbDir, 'ndb-sle15-bci/expected.json'), 'utf8')) as { packages: GoRpmdbPackage[] };
    const { packages, issues } = parseRpmDb('/usr/lib/sysimage/rpm/Packages.db', readFileSync(join(rpmdbDir, 'ndb-sle15-bci/Packages.db')), 'ndb');
    expect(issues).toEqual([]);
    expect(expected.packages).toHaveLength(35);
    expect(packages.map((p) => ({
      epoch: p.epoch ?? null, name: p.name, version: p.version, release: p.release, arch: p.arch, source_rpm: p.metadata?.sourceRpm,
      size: p.metadata?.size, license: p.licenses?.[0], vendor: p.metadata?.vendor, modularitylabel: p.metadata?.modularityLabel ?? '',
    }))).toEqual(expected.packages.map(({ epoch, name, version, release, arch, source_rpm, size, license, vendor, modularitylabel }) => ({ epoch, name, version, release, arch, source_rpm, size, license, vendor, modularitylabel })));
    expect(PackageURL.fromString(packages[2]!.purl)).toMatchObject({ type: 'rpm', namespace: 'suse', name: 'glibc', version: '2.31-9.3.2', qualifiers: { arch: 'x86_64' } });
  });

  it.each`
    fixture                                   | format      | path
    ${'bdb-libuuid/Packages'}                 | ${'bdb'}    | ${'/var/lib/rpm/Packages'}
    ${'sqlite-cbl-mariner-2.0/rpmdb.sqlite'}  | ${'sqlite'} | ${'/var/lib/rpm/rpmdb.sqlite'}
  `('$fixture ($format) gives the package go-rpmdb details, with its files', ({ fixture, format, path }: { fixture: string; format: 'bdb' | 'sqlite'; path: string }) => {
    const dir = fixture.split('/')[0]!;
    const expected = JSON.parse(readFileSync(join(rpmdbDir, dir, 'expected.json'), 'utf8')) as { package_details: GoRpmdbDetail[] };
    const { packages, issues } = parseRpmDb(path, readFileSync(join(rpmdbDir, fixture)), format);
    expect(issues).toEqual([]);
    for (const d of expected.package_details) {
      const p = packages.find((x) => x.name === d.query_name);
      expect(p).toBeDefined();
      expect({ name: p?.name, version: p?.version, release: p?.release, arch: p?.arch, size: p?.metadata?.size, sourceRpm: p?.metadata?.sourceRpm, license: p?.licenses?.[0], vendor: p?.metadata?.vendor })
        .toEqual({ name: d.want.Name, version: d.want.Version, release: d.want.Release, arch: d.want.Arch, size: d.want.Size, sourceRpm: d.want.SourceRpm, license: d.want.License, vendor: d.want.Vendor });
      expect(p?.files).toEqual(d.want_installed_file_names);
    }
  });

  it('bdb-syft-dive/Packages (BDB, syft TestParseRpmDB) gives dive 0.9.2-1', () => {
    const { packages, issues } = parseRpmDb('/var/lib/rpm/Packages', readFileSync(join(rpmdbDir, 'bdb-syft-dive/Packages')), 'bdb');
    expect(issues).toEqual([]);
    expect(packages.map((p) => ({ name: p.name, version: p.version, release: p.release, epoch: p.epoch, arch: p.arch, licenses: p.licenses, files: p.files, source: p.source })))
      .toEqual([{ name: 'dive', version: '0.9.2', release: '1', epoch: undefined, arch: 'x86_64', licenses: ['MIT'], files: ['/usr/local/bin/dive'], source: { name: 'dive', version: '0.9.2-1' } }]);
    // syft writes pkg:rpm/dive@0.9.2-1?arch=x86_64&upstream=…; dive has no Vendor, so we have no namespace either.
    expect(packages[0]?.purl).toBe('pkg:rpm/dive@0.9.2-1?arch=x86_64');
  });

  describe('when the database is hostile', () => {
    const bdb = () => new Uint8Array(readFileSync(join(rpmdbDir, 'bdb-libuuid/Packages')));
    const ndb = () => new Uint8Array(readFileSync(join(rpmdbDir, 'ndb-sle15-bci/Packages.db')));
    const le = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

    it.each`
      what                              | make                                                                                     | format      | code
      ${'BDB: not a BDB'}               | ${() => new Uint8Array(4096)}                                                            | ${'bdb'}    | ${'RPMDB_BAD_MAGIC'}
      ${'BDB: too short'}               | ${() => new Uint8Array(10)}                                                              | ${'bdb'}    | ${'RPMDB_CORRUPT'}
      ${'BDB: page size 1000'}          | ${() => { const b = bdb(); le(b).setUint32(20, 1000, true); return b; }}                 | ${'bdb'}    | ${'RPMDB_CORRUPT'}
      ${'BDB: encrypted'}               | ${() => { const b = bdb(); b[24] = 1; return b; }}                                       | ${'bdb'}    | ${'RPMDB_UNSUPPORTED'}
      ${'NDB: bad magic'}               | ${() => { const b = ndb(); b[0] = 0; return b; }}                                        | ${'ndb'}    | ${'RPMDB_BAD_MAGIC'}
      ${'NDB: huge slot page count'}    | ${() => { const b = ndb(); le(b).setUint32(12, 0xffffffff, true); return b; }}           | ${'ndb'}    | ${'RPMDB_CORRUPT'}
      ${'NDB: version 9'}               | ${() => { const b = ndb(); le(b).setUint32(4, 9, true); return b; }}                     | ${'ndb'}    | ${'RPMDB_UNSUPPORTED'}
      ${'SQLite: not SQLite'}           | ${() => new TextEncoder().encode('x'.repeat(200))}                                       | ${'sqlite'} | ${'RPMDB_BAD_MAGIC'}
      ${'SQLite: garbage after magic'}  | ${() => { const b = new Uint8Array(8192).fill(0xa5); b.set(new TextEncoder().encode('SQLite format 3\u0000')); return b; }} | ${'sqlite'} | ${'RPMDB_CORRUPT'}
    `('$what throws $code', ({ make, format, code }: { make: () => Uint8Array; format: 'bdb' | 'ndb' | 'sqlite'; code: string }) => {
      let err: unknown;
      try {
        parseRpmDb('/var/lib/rpm/x', make(), format);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RpmDbError);
      expect((err as RpmDbError).code).toBe(code);
    });

    it('BDB: a cyclic overflow chain is an issue, not a hang', () => {
      const b = bdb();
      const v = le(b);
      const pageSize = v.getUint32(20, true);
      // Make every overflow page point back to itself.
      for (let pg = 1; pg * pageSize < b.length; pg++) if (b[pg * pageSize + 25] === 7) v.setUint32(pg * pageSize + 16, pg, true);
      const out = parseRpmDb('/var/lib/rpm/Packages', b, 'bdb');
      expect(out.packages).toEqual([]);
      expect(out.issues.some((i) => i.code === 'RPMDB_BAD_RECORD' && /loops back/.test(i.message))).toBe(true);
    });

    it('BDB: a truncated file is reported, not a crash', () => {
      const b = bdb();
      const out = parseRpmDb('/var/lib/rpm/Packages', b.subarray(0, Math.floor(b.length / 2)), 'bdb');
      expect(out.issues.map((i) => i.code)).toContain('RPMDB_TRUNCATED');
    });

    it('BDB: an overflow pointer past the file is an issue', () => {
      const b = bdb();
      const v = le(b);
      const pageSize = v.getUint32(20, true);
      let patched = 0;
      for (let pg = 1; pg * pageSize < b.length; pg++) {
        const base = pg * pageSize;
        if (b[base + 25] !== 13) continue;
        const n = v.getUint16(base + 20, true);
        for (let i = 1; i < n; i += 2) {
          const off = v.getUint16(base + 26 + i * 2, true);
          if (b[base + off] === 3) {
            v.setUint32(base + off + 4, 0x7fffffff, true);
            patched++;
          }
        }
      }
      expect(patched).toBeGreaterThan(0);
      const out = parseRpmDb('/var/lib/rpm/Packages', b, 'bdb');
      expect(out.packages).toEqual([]);
      expect(out.issues.filter((i) => /points past the file/.test(i.message))).toHaveLength(patched);
    });

    it('NDB: a slot pointing past the file or at a bad blob is an issue; the other packages are kept', () => {
      const b = ndb();
      const v = le(b);
      v.setUint32(32 + 8, 0x0fffffff, true); // first real slot: blkOffset far past the end
      v.setUint32(48 + 4, 0xdead, true); // second slot: pkgIndex that does not match its blob
      const out = parseRpmDb('/usr/lib/sysimage/rpm/Packages.db', b, 'ndb');
      expect(out.packages).toHaveLength(33);
      expect(out.issues.map((i) => i.code)).toEqual(['RPMDB_BAD_RECORD', 'RPMDB_BAD_RECORD']);
    });

    it('NDB: a blob length larger than its blocks is an issue', () => {
      const b = ndb();
      const v = le(b);
      const start = v.getUint32(32 + 8, true) * 16;
      v.setUint32(start + 12, 0xfffffff0, true);
      const out = parseRpmDb('/usr/lib/sysimage/rpm/Packages.db', b, 'ndb');
      expect(out.packages).toHaveLength(34);
      expect(out.issues[0]?.message).toMatch(/blob length/);
    });

    it('SQLite: a database without a Packages table is RPMDB_CORRUPT', () => {
      // An empty but valid SQLite file: the 100-byte header of a one-page database with no tables.
      const mariner = new Uint8Array(readFileSync(join(rpmdbDir, 'sqlite-cbl-mariner-2.0/rpmdb.sqlite')));
      const pageSize = (mariner[16]! << 8) | mariner[17]!;
      const empty = mariner.slice(0, pageSize);
      // One page, and page 1 (sqlite_schema) emptied: a leaf table page with 0 cells.
      new DataView(empty.buffer).setUint32(28, 1);
      empty.fill(0, 100);
      empty[100] = 0x0d;
      new DataView(empty.buffer).setUint16(105, pageSize === 65536 ? 0 : pageSize);
      expect(() => parseRpmDb('/var/lib/rpm/rpmdb.sqlite', empty, 'sqlite')).toThrowError(expect.objectContaining({ code: 'RPMDB_CORRUPT' }) as Error);
    });
  });
});

// ---------------------------------------------------------------- real image

interface TruthRpm { name: string; epoch: number | null; version: string; release: string; arch: string | null; sourcerpm: string | null }

describe('ground truth: image polyglot', () => {
  const db = join(imagesRoot, 'rootfs/polyglot/var/lib/rpm/rpmdb.sqlite');
  it.skipIf(!hasTestImage('polyglot') || !existsSync(db))('equals rpm -qa (packages.rpm of the truth file); skipped when ../shared/images/build-all.sh has not run', () => {
    const path = '/var/lib/rpm/rpmdb.sqlite';
    const bytes = readFileSync(db);
    const parsed = cataloger.parse({ path, size: bytes.length, mode: 0o100644 }, bytes) as FileParseResult;
    const out = cataloger.finalize!(new Map([[path, parsed]]));
    const truth = JSON.parse(readFileSync(join(archivesDir, 'polyglot.truth.json'), 'utf8')) as { packages: { rpm: TruthRpm[] } };
    expect(out.issues).toEqual([]);
    const got = out.packages
      .map((p) => ({ name: p.name, epoch: p.epoch ?? null, version: p.version, release: p.release, arch: p.arch ?? null, sourcerpm: (p.metadata?.sourceRpm as string | undefined) ?? null }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(got).toEqual(truth.packages.rpm);
    const epochPkg = out.packages.find((p) => p.epoch !== undefined);
    expect(epochPkg && PackageURL.fromString(epochPkg.purl).qualifiers).toMatchObject({ epoch: String(epochPkg?.epoch) });
  });
});
