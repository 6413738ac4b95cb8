import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { listCatalogers } from '../catalog/registry.js';
import { goBuildInfoInline, makeElf } from '../catalog/go-binary/__fixtures__/make-exe.js';
import type { ImageError } from '../image/errors.js';
import { openDockerArchive } from '../image/sources/docker-archive.js';
import { openOciDir } from '../image/sources/oci-layout.js';
import type { OpenedImage } from '../image/sources/types.js';
import { INLINE_HASH_BYTES } from '../image/sources/hash.js';
import { sha256, writeDockerArchive, writeOciLayout } from '../../test/helpers/images.js';
import { makeTar, type TestEntry } from '../../test/helpers/tar.js';
import { buildImageInventory, buildInventory } from './inventory.js';
import { imageErrorOf } from '../../test/helpers/errors.js';
import type { CachedImageResult, ImageResultCache } from './layer-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'drydock-inventory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `img-${n++}`);

const MOD = 'path\texample.com/app\nmod\texample.com/app\tv1.2.3\th1:abc=\ndep\tgithub.com/google/uuid\tv1.3.0\th1:def=\n';
const goBinary = makeElf([{ name: '.go.buildinfo', data: goBuildInfoInline('go1.21.0', MOD) }]);
const status = (pkgs: string[]): string => pkgs.map((p) => `Package: ${p}\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n`).join('\n');

const base: TestEntry[] = [
  { name: 'etc/', type: 'dir' },
  { name: 'etc/os-release', body: 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' },
  { name: 'var/lib/dpkg/status', body: status(['libfoo', 'libbar']) },
  { name: 'usr/share/doc/big.txt', body: 'x'.repeat(300_000) },
  { name: 'usr/bin/app', body: goBinary, mode: 0o755 },
  { name: 'usr/bin/app-again', type: 'hardlink', linkname: 'usr/bin/app' },
  { name: 'usr/bin/sh', type: 'symlink', linkname: 'dash' },
];
const app: TestEntry[] = [
  { name: 'var/lib/dpkg/status', body: status(['libfoo']) },
  { name: 'usr/share/doc/.wh.big.txt' },
  { name: 'srv/node_modules/left-pad/package.json', body: JSON.stringify({ name: 'left-pad', version: '1.3.0' }) },
];

async function inventoryOf(image: OpenedImage) {
  try {
    return await buildInventory(image, { catalogers: listCatalogers(), toolVersion: 't', now: () => new Date(0) });
  } finally {
    await image.close();
  }
}

const failure = async (image: Promise<OpenedImage>): Promise<ImageError> => imageErrorOf(async () => inventoryOf(await image));

describe('buildInventory() on plain-tar layers read with random access', () => {
  const layers = [makeTar(base), makeTar(app)];

  it('gives exactly what the streaming path gives (docker archive and plain OCI blobs vs gzip OCI blobs)', async () => {
    const viaArchive = await inventoryOf(await openDockerArchive(writeDockerArchive(fresh(), layers)));
    const viaPlainOci = await inventoryOf(await openOciDir(writeOciLayout(fresh(), layers, { gzip: false })));
    const viaStream = await inventoryOf(await openOciDir(writeOciLayout(fresh(), layers)));
    // The stored (compressed) digest is the one thing that differs between the sources.
    const view = (r: typeof viaStream) => ({
      packages: r.inventory.packages.map((p) => ({ ...p, layer: { ...p.layer, digest: undefined } })),
      os: r.inventory.os,
      issues: r.inventory.issues,
      analyses: r.analyses,
    });
    expect(view(viaArchive)).toEqual(view(viaStream));
    expect(view(viaPlainOci)).toEqual(view(viaStream));
    const names = viaArchive.inventory.packages.map((p) => `${p.type}:${p.name}@${p.version} ${p.locations[0]}`);
    // libbar is gone (the later layer's status drops it); the hardlinked binary is read through its target.
    expect(names.sort()).toEqual([
      'dpkg:libfoo@1.0-1 /var/lib/dpkg/status',
      'go:example.com/app@v1.2.3 /usr/bin/app',
      'go:example.com/app@v1.2.3 /usr/bin/app-again',
      'go:github.com/google/uuid@v1.3.0 /usr/bin/app',
      'go:github.com/google/uuid@v1.3.0 /usr/bin/app-again',
      'go:stdlib@v1.21.0 /usr/bin/app',
      'go:stdlib@v1.21.0 /usr/bin/app-again',
      'npm:left-pad@1.3.0 /srv/node_modules/left-pad/package.json',
    ]);
    expect(viaArchive.analyses[0]!.files.find((f) => f.path === '/usr/share/doc/big.txt')?.size).toBe(300_000);
  });

  it('refuses a layer whose content does not match the diff ID in the config, naming the layer', async () => {
    const forged = [sha256(makeTar(app)), sha256(makeTar(app))];
    const err = await failure(openDockerArchive(writeDockerArchive(fresh(), layers, { diffIds: forged })));
    expect(err.code).toBe('DIGEST_MISMATCH');
    expect(err.message).toMatch(/layer 0 .*diff ID/);
  });

  it('refuses a plain OCI blob whose bytes do not match its blob digest', async () => {
    const layout = writeOciLayout(fresh(), layers, { gzip: false });
    const blob = join(layout, 'blobs', 'sha256', sha256(layers[1]!).slice(7));
    const tampered = makeTar([...app, { name: 'evil', body: 'x' }]);
    writeFileSync(blob, tampered);
    const err = await failure(openOciDir(layout));
    expect(err.code).toBe('DIGEST_MISMATCH');
    expect(err.message).toContain(sha256(layers[1]!));
  });

  it('refuses a gzip OCI blob whose bytes do not match its digest, ahead of what inflating it would say', async () => {
    const layout = writeOciLayout(fresh(), layers);
    const blob = join(layout, 'blobs', 'sha256', sha256(gzipSync(layers[1]!)).slice(7));
    writeFileSync(blob, gzipSync(makeTar([...app, { name: 'evil', body: 'x' }])));
    const e1 = await failure(openOciDir(layout));
    expect(e1.code).toBe('DIGEST_MISMATCH');
    expect(e1.message).toContain(sha256(gzipSync(layers[1]!)));
    writeFileSync(blob, gzipSync(layers[1]!).subarray(0, 200)); // truncated: inflating fails, the digest is what counts
    expect((await failure(openOciDir(layout))).code).toBe('DIGEST_MISMATCH');
  });

  it('hashes large layers in a worker thread and still catches a mismatch there', async () => {
    const big = makeTar([...base, { name: 'opt/blob.bin', body: new Uint8Array(INLINE_HASH_BYTES + 1024).fill(7) }]);
    expect(big.length).toBeGreaterThan(INLINE_HASH_BYTES);
    const ok = await inventoryOf(await openDockerArchive(writeDockerArchive(fresh(), [big])));
    expect(ok.analyses[0]!.files.some((f) => f.path === '/opt/blob.bin')).toBe(true);
    const err = await failure(openDockerArchive(writeDockerArchive(fresh(), [big], { diffIds: [sha256(layers[0]!)] })));
    expect(err.code).toBe('DIGEST_MISMATCH');
    expect(err.message).toMatch(/layer 0 /);
  });

  it('walks every plain layer before checking digests, and still checks each one (worker and caller share them)', async () => {
    const fill = (b: number) => new Uint8Array(INLINE_HASH_BYTES + 1024).fill(b);
    const big = [makeTar([...base, { name: 'opt/a.bin', body: fill(1) }]), makeTar([...app, { name: 'opt/b.bin', body: fill(2) }])];
    const ok = await inventoryOf(await openDockerArchive(writeDockerArchive(fresh(), big)));
    expect(ok.inventory.packages.map((p) => p.name)).toContain('left-pad');
    for (const forgedLayer of [0, 1]) {
      const diffIds = big.map((l, i) => (i === forgedLayer ? sha256(layers[0]!) : sha256(l)));
      const err = await failure(openDockerArchive(writeDockerArchive(fresh(), big, { diffIds })));
      expect(err.code).toBe('DIGEST_MISMATCH');
      expect(err.message).toMatch(new RegExp(`layer ${forgedLayer} `));
    }
    // The top layer's walk fails: lower layers are not walked, and its own digest (sound) lets the walk error through;
    // a forged top layer reports the mismatch instead.
    const climb = makeTar([{ name: 'opt/c.bin', body: fill(3) }, { name: '../../etc/passwd', body: 'x' }]);
    const e1 = await failure(openDockerArchive(writeDockerArchive(fresh(), [big[0]!, climb], { diffIds: [sha256(layers[1]!), sha256(climb)] })));
    expect(e1.code).toBe('PATH_TRAVERSAL');
    expect(e1.message).toMatch(/layer 1 /);
    const e2 = await failure(openDockerArchive(writeDockerArchive(fresh(), [big[0]!, climb], { diffIds: [sha256(big[0]!), sha256(layers[1]!)] })));
    expect(e2.code).toBe('DIGEST_MISMATCH');
    expect(e2.message).toMatch(/layer 1 /);
  });

  it('refuses path traversal and hardlink escapes in a plain layer, naming the layer', async () => {
    const climb = makeTar([{ name: 'etc/ok', body: 'x' }, { name: '../../etc/passwd', body: 'root::0:0::/:/bin/sh\n' }]);
    const e1 = await failure(openDockerArchive(writeDockerArchive(fresh(), [makeTar(base), climb])));
    expect(e1.code).toBe('PATH_TRAVERSAL');
    expect(e1.message).toMatch(/layer 1 /);
    const link = makeTar([{ name: 'etc/shadow', type: 'hardlink', linkname: '../../../etc/shadow' }]);
    expect((await failure(openDockerArchive(writeDockerArchive(fresh(), [link])))).code).toBe('LINK_ESCAPE');
  });

  it('refuses a layer cut inside a body and a layer with a corrupt header', async () => {
    const whole = makeTar(base, false);
    const cut = whole.subarray(0, whole.length - 100_000);
    const e1 = await failure(openDockerArchive(writeDockerArchive(fresh(), [cut])));
    expect(e1.code).toBe('TAR_TRUNCATED');
    expect(e1.message).toMatch(/layer 0 /);
    const corrupt = makeTar([{ name: 'a', body: 'x', badChecksum: true }]);
    expect((await failure(openDockerArchive(writeDockerArchive(fresh(), [corrupt])))).code).toBe('TAR_CORRUPT');
  });

  it('skips device entries and records them, without touching the host', async () => {
    const dev = makeTar([{ name: 'dev/null', type: 'char' }, { name: 'dev/fifo', type: 'fifo' }, { name: 'etc/os-release', body: 'ID=alpine\n' }]);
    const before = readdirSync(dir).length;
    const r = await inventoryOf(await openDockerArchive(writeDockerArchive(fresh(), [dev])));
    expect(r.analyses[0]!.files.filter((f) => f.type === 'device').map((f) => f.path)).toEqual(['/dev/null', '/dev/fifo']);
    expect(readdirSync(dir).length).toBe(before + 1); // only the archive this test wrote
  });
});

describe('buildImageInventory() and the image-result cache', () => {
  const layers = [makeTar(base), makeTar(app)];
  /** A cache in memory that records what was asked of it (the file cache has its own tests). */
  const memoryCache = () => {
    const m = new Map<string, CachedImageResult>();
    const log: string[] = [];
    const cache: ImageResultCache = {
      get: async (k) => { log.push(`get ${m.has(k) ? 'hit' : 'miss'}`); return m.get(k) && structuredClone(m.get(k)); },
      put: async (k, v) => { log.push('put'); m.set(k, structuredClone(v)); },
    };
    return { cache, log, m };
  };
  const run = async (image: Promise<OpenedImage>, opts: Partial<Parameters<typeof buildImageInventory>[1]>) => {
    const img = await image;
    try {
      return await buildImageInventory(img, { catalogers: listCatalogers(), toolVersion: 't', now: () => new Date(0), ...opts });
    } finally {
      await img.close();
    }
  };

  it('answers an image seen before from the cache, with the layer references of the source now opened', async () => {
    const { cache, log } = memoryCache();
    const archive = writeDockerArchive(fresh(), layers);
    const first = await run(openDockerArchive(archive), { imageCache: cache });
    expect(first.fromImageCache).toBe(false);
    // The same layers as a gzip OCI layout: stored digests differ, diff IDs do not.
    const layout = writeOciLayout(fresh(), layers);
    const second = await run(openOciDir(layout), { imageCache: cache });
    expect(second.fromImageCache).toBe(true);
    expect(log).toEqual(['get miss', 'put', 'get hit']);
    const fresh1 = await run(openOciDir(layout), {});
    expect(second.inventory).toEqual(fresh1.inventory);
    const digests = second.inventory.packages.map((p) => p.layer?.digest);
    expect(digests.every((d) => d && [sha256(gzipSync(layers[0]!)), sha256(gzipSync(layers[1]!))].includes(d))).toBe(true);
    expect(first.inventory.packages.map((p) => p.layer?.digest)).not.toEqual(digests);
  });

  it('misses when the tool version or a layer differs, and is not used at all with file visitors', async () => {
    const { cache, log } = memoryCache();
    const archive = writeDockerArchive(fresh(), layers);
    await run(openDockerArchive(archive), { imageCache: cache });
    expect((await run(openDockerArchive(archive), { imageCache: cache, toolVersion: 'u' })).fromImageCache).toBe(false);
    const other = writeDockerArchive(fresh(), [layers[0]!, makeTar([...app, { name: 'etc/extra', body: 'x' }])]);
    expect((await run(openDockerArchive(other), { imageCache: cache })).fromImageCache).toBe(false);
    expect(log).toEqual(['get miss', 'put', 'get miss', 'put', 'get miss', 'put']);
    const visitor = { id: 'v', wants: () => false, visit: () => undefined, maxFileSize: 1, saveLayer: () => null, loadLayer: () => undefined };
    expect((await run(openDockerArchive(archive), { imageCache: cache, visitors: [visitor] })).fromImageCache).toBe(false);
    expect(log).toHaveLength(6);
  });
});
