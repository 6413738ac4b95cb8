import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chunked, makeTar, type TestEntry } from '../../../test/helpers/tar.js';
import type { Cataloger } from '../../catalog/types.js';
import type { ImageError } from '../errors.js';
import { decompressLayer } from './decompress.js';
import { mergeLayers, resolveInView } from './merge.js';
import { readTar } from './tar.js';
import { imageErrorOf } from '../../../test/helpers/errors.js';
import { walkLayer, type LayerAnalysis } from './walk.js';

/** A cataloger for tests: every /pkgs/<name>@<version> file is a package. */
const fake: Cataloger = {
  id: 'fake',
  displayName: 'test packages',
  version: 1,
  matches: (f) => f.path.startsWith('/pkgs/'),
  parse(file, bytes) {
    const [name, version] = file.path.slice(6).split('@');
    return { packages: [{ type: 'npm', name: name!, version: version || new TextDecoder().decode(bytes), purl: `pkg:npm/${name}`, locations: [file.path] }], issues: [] };
  },
};

async function analyse(entries: TestEntry[], index = 0): Promise<LayerAnalysis> {
  const r = await walkLayer(readTar(chunked(makeTar(entries))), { catalogers: [fake], layerName: `L${index}`, layerIndex: index });
  return { diffId: `sha256:${String(index).repeat(64).slice(0, 64)}`, ...r };
}

const walkError = (entries: TestEntry[]): Promise<ImageError> => imageErrorOf(() => analyse(entries));

const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ index: i, diffId: `sha256:${i}` }));

describe('walkLayer()', () => {
  it('reads absolute and ./ names inside the image root', async () => {
    const a = await analyse([{ name: '/pkgs/a@1' }, { name: './pkgs/b@2' }, { name: 'pkgs//c@3' }]);
    expect(a.hits.map((h) => h.path)).toEqual(['/pkgs/a@1', '/pkgs/b@2', '/pkgs/c@3']);
  });

  it('refuses an entry name that climbs above the root, naming the layer', async () => {
    const err = await walkError([{ name: 'ok' }, { name: '../../etc/passwd', body: 'root' }]);
    expect(err.code).toBe('PATH_TRAVERSAL');
    expect(err.message).toContain('L0');
  });

  it('refuses a hardlink whose target climbs above the root', async () => {
    const err = await walkError([{ name: 'x', type: 'hardlink', linkname: '../../../etc/shadow' }]);
    expect(err.code).toBe('LINK_ESCAPE');
  });

  it('records symlinks without following them, even ones pointing outside', async () => {
    const a = await analyse([{ name: 'evil', type: 'symlink', linkname: '../../../../etc/passwd' }]);
    expect(a.files).toEqual([{ path: '/evil', type: 'symlink', size: 0, mode: 0o644, link: '../../../../etc/passwd' }]);
  });

  it('records device nodes and fifos and reads nothing from them', async () => {
    const a = await analyse([{ name: 'dev/null', type: 'char' }, { name: 'pipe', type: 'fifo' }]);
    expect(a.files.map((f) => f.type)).toEqual(['device', 'device']);
    expect(a.hits).toEqual([]);
  });

  it('gives hardlinks the content of a target read earlier in the layer', async () => {
    const a = await analyse([{ name: 'pkgs/x@', body: '9.9' }, { name: 'pkgs/y@', type: 'hardlink', linkname: 'pkgs/x@' }]);
    expect(a.hits.map((h) => h.result.packages[0]!.version)).toEqual(['9.9', '9.9']);
  });

  describe('hardlinks to streamed bodies too large to keep', () => {
    // A binary cataloger for tests: content-only, sniffs for the ELF magic, finds a package in files that say "GO".
    const binary: Cataloger = {
      id: 'binary',
      displayName: 'test binaries',
      version: 1,
      contentOnly: true,
      matches: (f) => f.path.startsWith('/bin/'),
      sniff: (head) => head[0] === 0x7f,
      parse(file, bytes) {
        const found = bytes[1] === 0x47 && bytes[2] === 0x4f;
        return { packages: found ? [{ type: 'go', name: 'm', version: 'v1', purl: 'pkg:golang/m@v1', locations: [file.path] }] : [], issues: [] };
      },
    };
    // Above the walker's 256 KiB limit for keeping a body for later hardlinks.
    const big = (first: number[]): Uint8Array => {
      const b = new Uint8Array(300 * 1024);
      b.set(first);
      return b;
    };
    const walk = (entries: TestEntry[], catalogers: Cataloger[] = [binary]) => walkLayer(readTar(chunked(makeTar(entries))), { catalogers, layerName: 'L0' });
    const unread = (r: Awaited<ReturnType<typeof walk>>) => r.issues.filter((i) => i.code === 'HARDLINK_TARGET_UNREAD').map((i) => i.path);

    it('need no bytes where a content-only cataloger found nothing in the target (its sniff said no, or an empty result)', async () => {
      const r = await walk([
        { name: 'bin/elf', body: big([0x7f, 0x45]) },
        { name: 'bin/elf-link', type: 'hardlink', linkname: 'bin/elf' },
        { name: 'bin/text', body: big([0x23, 0x21]) },
        { name: 'bin/text-link', type: 'hardlink', linkname: 'bin/text' },
      ]);
      expect(r.hits).toEqual([]);
      expect(r.issues).toEqual([]);
    });

    it('still say they could not be read where the target had something, or the cataloger reads paths too', async () => {
      const found = await walk([{ name: 'bin/go', body: big([0x7f, 0x47, 0x4f]) }, { name: 'bin/go-link', type: 'hardlink', linkname: 'bin/go' }]);
      expect(found.hits.map((h) => h.path)).toEqual(['/bin/go']);
      expect(unread(found)).toEqual(['/bin/go-link']);
      const pathReader: Cataloger = { ...binary, id: 'paths', contentOnly: undefined };
      const r = await walk([{ name: 'bin/elf', body: big([0x7f, 0x45]) }, { name: 'bin/elf-link', type: 'hardlink', linkname: 'bin/elf' }], [pathReader]);
      expect(unread(r)).toEqual(['/bin/elf-link']);
    });

    it('forget what an earlier entry at the same path held', async () => {
      // The second bin/elf replaces the first and holds something: the hardlink must not be judged by the first.
      const r = await walk([
        { name: 'bin/elf', body: big([0x7f, 0x45]) },
        { name: 'bin/elf', body: big([0x7f, 0x47, 0x4f]) },
        { name: 'bin/elf-link', type: 'hardlink', linkname: 'bin/elf' },
      ]);
      expect(r.hits.map((h) => h.path)).toEqual(['/bin/elf']);
      expect(unread(r)).toEqual(['/bin/elf-link']);
    });
  });

  it('records whiteouts and opaque directories, ignoring other aufs names', async () => {
    const a = await analyse([{ name: 'etc/.wh.motd' }, { name: 'var/cache/.wh..wh..opq' }, { name: '.wh..wh.plnk/1' }, { name: '.wh.top' }]);
    expect(a.whiteouts).toEqual(['/etc/motd', '/top']);
    expect(a.opaqueDirs).toEqual(['/var/cache']);
  });

  it('turns a cataloger exception into an issue naming the file, and keeps going', async () => {
    const boom: Cataloger = { ...fake, id: 'boom', parse: () => { throw new Error('bad bytes'); } };
    const r = await walkLayer(readTar(chunked(makeTar([{ name: 'pkgs/a@1' }]))), { catalogers: [boom, fake], layerName: 'L0' });
    expect(r.issues).toEqual([expect.objectContaining({ code: 'CATALOGER_FAILED', path: '/pkgs/a@1' })]);
    expect(r.hits).toHaveLength(1);
  });

  it('stops a layer with more entries than the limit', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ name: `f${i}` }));
    await expect(walkLayer(readTar(chunked(makeTar(entries))), { catalogers: [], layerName: 'L0', maxEntries: 10 }))
      .rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });
});

describe('mergeLayers()', () => {
  it('gives each package the layer after which it stays present, and drops whiteouts', async () => {
    const l0 = await analyse([{ name: 'pkgs/a@1' }, { name: 'pkgs/b@1' }, { name: 'etc/motd' }], 0);
    const l1 = await analyse([{ name: 'pkgs/c@1' }, { name: 'pkgs/.wh.b@1' }, { name: 'etc/.wh.motd' }], 1);
    const l2 = await analyse([{ name: 'pkgs/b@1' }], 2); // reinstalled
    const m = mergeLayers([l0, l1, l2], refs(3), [fake]);
    expect(m.packages.map((p) => [p.name, p.layer?.index])).toEqual([['a', 0], ['b', 2], ['c', 1]]);
    expect(m.view.has('/etc/motd')).toBe(false);
    expect(m.deleted).toEqual(expect.arrayContaining([{ path: '/etc/motd', layer: 1, from: 0 }]));
  });

  it('hides lower content under an opaque directory but keeps the layer\'s own', async () => {
    const l0 = await analyse([{ name: 'pkgs/a@1' }, { name: 'pkgs/b@1' }], 0);
    const l1 = await analyse([{ name: 'pkgs/.wh..wh..opq' }, { name: 'pkgs/b@1' }, { name: 'pkgs/c@1' }], 1);
    const m = mergeLayers([l0, l1], refs(2), [fake]);
    // b was present after layer 0 and still is: it keeps layer 0 (the truth files' rule); a is gone.
    expect(m.packages.map((p) => [p.name, p.layer?.index])).toEqual([['b', 0], ['c', 1]]);
  });

  it('removes a package whose file is replaced by a non-matching entry', async () => {
    const l0 = await analyse([{ name: 'pkgs/a@1' }], 0);
    const l1 = await analyse([{ name: 'pkgs/a@1', type: 'symlink', linkname: '/dev/null' }], 1);
    expect(mergeLayers([l0, l1], refs(2), [fake]).packages).toEqual([]);
  });

  it('removes everything under a directory that a later layer replaced by a file', async () => {
    const l0 = await analyse([{ name: 'pkgs/', type: 'dir' }, { name: 'pkgs/a@1' }], 0);
    const l1 = await analyse([{ name: 'pkgs', body: 'now a file' }], 1);
    const m = mergeLayers([l0, l1], refs(2), [fake]);
    expect(m.packages).toEqual([]);
    expect(m.view.get('/pkgs')?.type).toBe('file');
  });
});

describe('mergeLayers() on whiteouts at scale and without directory entries', () => {
  const analysis = (index: number, files: LayerAnalysis['files'], whiteouts: string[] = []): LayerAnalysis => ({
    diffId: `sha256:${index}`, files, whiteouts, opaqueDirs: [], hits: [], issues: [],
  });

  it('removes the files below a whited-out directory that has no entry of its own (tars need not list directories)', () => {
    const l0 = analysis(0, [{ path: '/srv/app/main.js', type: 'file', size: 1, mode: 0o644 }, { path: '/srv/keep', type: 'file', size: 1, mode: 0o644 }]);
    const l1 = analysis(1, [], ['/srv/app']);
    const m = mergeLayers([l0, l1], refs(2), [fake]);
    expect([...m.view.keys()]).toEqual(['/srv/keep']);
    expect(m.deleted).toEqual([{ path: '/srv/app/main.js', layer: 1, from: 0 }]);
  });

  // Each directory whiteout used to scan every path in the view: 40,000 of them over 40,000 directories was 1.6
  // billion prefix tests (minutes); a hostile layer can hold millions. Now each removes only its own subtree.
  it('whites out 40,000 directories over 40,000 directories without scanning the view for each', () => {
    const files: LayerAnalysis['files'] = [];
    const whiteouts: string[] = [];
    for (let d = 0; d < 40_000; d++) {
      files.push({ path: `/data/d${d}`, type: 'dir', size: 0, mode: 0o755 }, { path: `/data/d${d}/f`, type: 'file', size: 1, mode: 0o644 });
      whiteouts.push(`/data/d${d}`);
    }
    const m = mergeLayers([analysis(0, files), analysis(1, [], whiteouts)], refs(2), [fake]);
    expect(m.view.size).toBe(0);
    expect(m.deleted).toHaveLength(80_000);
  });
});

describe('resolveInView()', () => {
  it('resolves links inside the root and clamps .. at the root', async () => {
    const a = await analyse([
      { name: 'usr/', type: 'dir' }, { name: 'usr/lib/', type: 'dir' }, { name: 'usr/lib/os-release', body: 'ID=x' },
      { name: 'etc/', type: 'dir' }, { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
      { name: 'up', type: 'symlink', linkname: '../../../../usr/lib/os-release' },
      { name: 'loop1', type: 'symlink', linkname: 'loop2' }, { name: 'loop2', type: 'symlink', linkname: 'loop1' },
      { name: 'dangling', type: 'symlink', linkname: '/nowhere' },
    ]);
    const m = mergeLayers([a], refs(1), []);
    expect(resolveInView(m.view, '/etc/os-release')).toBe('/usr/lib/os-release');
    expect(resolveInView(m.view, '/up')).toBe('/usr/lib/os-release');
    expect(resolveInView(m.view, '/loop1')).toBeUndefined();
    expect(resolveInView(m.view, '/dangling')).toBeUndefined();
  });
});

describe('decompressLayer()', () => {
  const tar = makeTar([{ name: 'pkgs/a@1' }]);
  const collect = async (src: AsyncIterable<Uint8Array>) => {
    const parts: Uint8Array[] = [];
    for await (const c of src) parts.push(c);
    return Buffer.concat(parts);
  };

  it('detects gzip by its magic bytes and inflates it', async () => {
    expect(Buffer.compare(await collect(decompressLayer(chunked(gzipSync(tar), 100), 'L0')), Buffer.from(tar))).toBe(0);
  });

  const zstd = (b: Uint8Array): Buffer | undefined => {
    try {
      return execFileSync('zstd', ['-q', '-c'], { input: b });
    } catch {
      return undefined; // no zstd program on this machine
    }
  };

  it.skipIf(!zstd(new Uint8Array(1)))('detects zstd by its magic bytes and decompresses it', async () => {
    const z = zstd(tar)!;
    expect(z[0]).toBe(0x28);
    expect(Buffer.compare(await collect(decompressLayer(chunked(z, 100), 'L0')), Buffer.from(tar))).toBe(0);
  });

  it.skipIf(!zstd(new Uint8Array(1)))('reports a truncated zstd layer', async () => {
    const z = zstd(Buffer.alloc(200_000, 3))!;
    await expect(collect(decompressLayer(chunked(z.subarray(0, z.length - 10), 100), 'layer-z')))
      .rejects.toMatchObject({ code: 'DECOMPRESSION_FAILED', message: expect.stringContaining('layer-z') });
  });

  it('passes an uncompressed tar through', async () => {
    expect((await collect(decompressLayer(chunked(tar), 'L0'))).length).toBe(tar.length);
  });

  it('reports a truncated gzip layer by name', async () => {
    const gz = gzipSync(Buffer.alloc(100_000, 7));
    await expect(collect(decompressLayer(chunked(gz.subarray(0, gz.length - 30), 50), 'layer-3')))
      .rejects.toMatchObject({ code: 'DECOMPRESSION_FAILED', message: expect.stringContaining('layer-3') });
  });

  it('reports corrupt gzip data', async () => {
    const gz = Buffer.from(gzipSync(Buffer.alloc(10_000, 1)));
    gz.fill(0xff, 20, 40);
    await expect(collect(decompressLayer(chunked(gz), 'L0'))).rejects.toMatchObject({ code: 'DECOMPRESSION_FAILED' });
  });

  it('stops a decompression bomb at the size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    await expect(collect(decompressLayer(chunked(bomb, 65536), 'L0', { maxBytes: 10 * 1024 * 1024 })))
      .rejects.toMatchObject({ code: 'DECOMPRESSION_BOMB' });
  });

  it('stops a decompression bomb at the ratio limit', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    await expect(collect(decompressLayer(chunked(bomb, 65536), 'L0', { maxRatio: 100, ratioGrace: 1024 * 1024 })))
      .rejects.toMatchObject({ code: 'DECOMPRESSION_BOMB' });
  });
});
