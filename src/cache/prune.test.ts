import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileImageCache } from './layer-cache.js';
import { choosePrunes, formatBytes, listCacheEntries, parseDuration, parseSize, pruneCache, usageByFolder, type CacheEntry } from './prune.js';

const root = mkdtempSync(join(tmpdir(), 'drydock-prune-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(root, `c${n++}`);

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T12:00:00Z');
const entry = (path: string, size: number, daysAgo: number, extra: Partial<CacheEntry> = {}): CacheEntry =>
  ({ folder: 'layers', path, size, usedAt: NOW - daysAgo * DAY, temporary: false, ...extra });

describe('choosePrunes()', () => {
  const entries = [
    entry('/c/layers/a', 100, 40),
    entry('/c/layers/b', 300, 10),
    entry('/c/blobs/sha256/c', 500, 1, { folder: 'blobs' }),
    entry('/c/layers/d', 200, 10),
    entry('/c/layers/e.tmp-12-ab', 50, 2, { temporary: true }),
    entry('/c/layers/f.tmp-13-cd', 50, 0.01, { temporary: true }),
    entry('/c/compile/sbom.bin', 70, 400, { folder: 'compile' }),
  ];
  const paths = (es: CacheEntry[]) => es.map((e) => e.path);

  it('removes stale temporary files always, and nothing else without limits', () => {
    expect(paths(choosePrunes(entries, {}, NOW))).toEqual(['/c/layers/e.tmp-12-ab']);
  });

  it('removes entries older than the age limit, but never code caches', () => {
    expect(paths(choosePrunes(entries, { maxAgeMs: 30 * DAY }, NOW))).toEqual(['/c/layers/a', '/c/layers/e.tmp-12-ab']);
    expect(paths(choosePrunes(entries, { maxAgeMs: 5 * DAY }, NOW))).toEqual(['/c/layers/a', '/c/layers/b', '/c/layers/d', '/c/layers/e.tmp-12-ab']);
  });

  it('then removes the least recently used until the rest fit, ties by path', () => {
    // kept after the stale tmp: 100+300+500+200+50+70 = 1220
    expect(paths(choosePrunes(entries, { maxBytes: 1220 }, NOW))).toEqual(['/c/layers/e.tmp-12-ab']);
    expect(paths(choosePrunes(entries, { maxBytes: 1000 }, NOW))).toEqual(['/c/layers/e.tmp-12-ab', '/c/layers/a', '/c/layers/b']);
    expect(paths(choosePrunes(entries, { maxBytes: 0 }, NOW))).toEqual(['/c/layers/e.tmp-12-ab', '/c/layers/a', '/c/layers/b', '/c/layers/d', '/c/blobs/sha256/c']);
  });
});

describe('sizes and durations', () => {
  it.each`
    text         | bytes
    ${'1048576'} | ${1048576}
    ${'2GiB'}    | ${2 * 1024 ** 3}
    ${'500MB'}   | ${500_000_000}
    ${'1.5g'}    | ${1.5 * 1024 ** 3}
    ${' 10 kib '} | ${10240}
    ${'0'}       | ${0}
    ${'-1'}      | ${undefined}
    ${'2 GiBs'}  | ${undefined}
    ${'GiB'}     | ${undefined}
    ${'9'.repeat(30)} | ${undefined}
  `('size $text → $bytes', ({ text, bytes }: { text: string; bytes?: number }) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each`
    text     | ms
    ${'30d'} | ${30 * DAY}
    ${'12h'} | ${12 * 3_600_000}
    ${'90m'} | ${90 * 60_000}
    ${'2w'}  | ${14 * DAY}
    ${'1.5d'} | ${1.5 * DAY}
    ${'30'}  | ${undefined}
    ${'d'}   | ${undefined}
    ${'3y'}  | ${undefined}
  `('duration $text → $ms', ({ text, ms }: { text: string; ms?: number }) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('formats bytes', () => {
    expect([0, 1023, 1536, 5 * 1024 ** 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1.5 KiB', '5.0 GiB']);
  });
});

describe('pruneCache() on a real cache dir', () => {
  function file(path: string, size: number, daysAgo: number): void {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, Buffer.alloc(size));
    const t = new Date(NOW - daysAgo * DAY);
    utimesSync(path, t, t);
  }

  it('lists every cache folder, leaves the database and what links point at alone, and prunes by age then size', async () => {
    const dir = fresh();
    const outside = join(root, `outside-${n}`);
    writeFileSync(outside, 'not a cache entry');
    file(join(dir, 'layers', 'old.json.gz'), 1000, 60);
    file(join(dir, 'layers', 'mid.json.gz'), 1000, 20);
    file(join(dir, 'images', 'img.json.gz'), 1000, 5);
    file(join(dir, 'renders', 'b1', 'r.txt'), 1000, 3);
    file(join(dir, 'blobs', 'sha256', 'a'.repeat(64)), 4000, 2);
    file(join(dir, 'blobs', 'sha256', `${'b'.repeat(64)}.tmp-99-0a1b`), 10, 1);
    file(join(dir, 'compile', 'sbom-X.bin'), 100, 90);
    file(join(dir, 'db', 'drydock.db'), 5000, 365);
    symlinkSync(outside, join(dir, 'blobs', 'sha256', 'c'.repeat(64)));

    const listed = await listCacheEntries(dir);
    expect(usageByFolder(listed)).toEqual([
      { folder: 'layers', entries: 2, bytes: 2000 },
      { folder: 'images', entries: 1, bytes: 1000 },
      { folder: 'renders', entries: 1, bytes: 1000 },
      { folder: 'blobs', entries: 2, bytes: 4010 },
      { folder: 'compile', entries: 1, bytes: 100 },
    ]);

    const r = await pruneCache(dir, { maxAgeMs: 30 * DAY, maxBytes: 5200 }, NOW);
    // Age: old.json.gz, and the temporary blob (a day old: cut off). Size: kept 7100 → drop mid (20 d), img (5 d) → 5100.
    expect(r).toEqual({ removed: 4, freedBytes: 3010, kept: 3, keptBytes: 5100 });
    expect(readdirSync(join(dir, 'layers'))).toEqual([]);
    expect(readdirSync(join(dir, 'images'))).toEqual([]);
    expect(existsSync(join(dir, 'renders', 'b1', 'r.txt'))).toBe(true);
    expect(existsSync(join(dir, 'db', 'drydock.db'))).toBe(true);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(dir, 'compile', 'sbom-X.bin'))).toBe(true);
  });

  it('gives empty folders for a cache dir that does not exist', async () => {
    expect(usageByFolder(await listCacheEntries(join(root, 'nope'))).every((u) => u.entries === 0)).toBe(true);
  });

  it('marks an entry used when the cache reads it, so pruning keeps what is in use', async () => {
    const dir = fresh();
    const images = new FileImageCache(dir);
    await images.put('k', { packages: [], issues: [] });
    const [name] = readdirSync(join(dir, 'images'));
    const path = join(dir, 'images', name!);
    const long = new Date(Date.now() - 90 * DAY);
    utimesSync(path, long, long);
    expect(await images.get('other key')).toBeUndefined();
    expect(Math.round(statSync(path).mtimeMs)).toBe(long.getTime());
    expect(await images.get('k')).toEqual({ packages: [], issues: [] });
    expect(Date.now() - statSync(path).mtimeMs).toBeLessThan(DAY);
    expect((await pruneCache(dir, { maxAgeMs: 30 * DAY })).removed).toBe(0);
  });
});
