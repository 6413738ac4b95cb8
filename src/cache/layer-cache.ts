/**
 * The inventory caches on disk: one gzip'd JSON file per key, per-layer analyses under `<cacheDir>/layers/` (keyed by
 * diff ID and cataloger versions) and merged image results under `<cacheDir>/images/` (keyed by every diff ID, the
 * cataloger versions and the tool version); and rendered reports under `<cacheDir>/renders/`, one plain file each
 * (a JSON header line, then the report), which a repeated run writes out as it is. Writes go to a temporary file and are renamed into place, so a crash
 * never leaves a half-written entry; an unreadable entry is treated as a miss and removed. The key is stored in the
 * entry and compared on read, so a hash collision or a renamed file is a miss, not someone else's result.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zlib } from '../builtins.js';
import type { LayerAnalysis } from '../image/layers/walk.js';
import type { CachedImageResult, ImageResultCache, LayerCache, RenderCache, RenderedReport, ResultCache } from '../scan/layer-cache.js';
import { COMPILE_CACHE_FOLDER } from './dirs.js';

const FORMAT = 1;

/** The folders under the cache dir that hold inventory results (see cleanCache). */
const RESULT_DIRS = { layers: 'layers', images: 'images', renders: 'renders' } as const;

class FileJsonCache<T> implements ResultCache<T> {
  readonly dir: string;
  constructor(cacheDir: string, folder: string) {
    this.dir = join(cacheDir, folder);
  }

  private file(key: string): string {
    return join(this.dir, `${createHash('sha256').update(`${FORMAT}|${key}`).digest('hex')}.json.gz`);
  }

  async get(key: string): Promise<T | undefined> {
    const f = this.file(key);
    let raw: Buffer;
    try {
      raw = await readFile(f);
    } catch {
      return undefined;
    }
    try {
      const v = JSON.parse(zlib().gunzipSync(raw).toString('utf8')) as { key: string; value: T };
      if (v.key !== key) return undefined;
      return v.value;
    } catch {
      await rm(f, { force: true });
      return undefined;
    }
  }

  async put(key: string, value: T): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const f = this.file(key);
    const tmp = `${f}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, zlib().gzipSync(JSON.stringify({ key, value }), { level: 1 }));
    await rename(tmp, f);
  }
}

export class FileLayerCache extends FileJsonCache<LayerAnalysis> implements LayerCache {
  constructor(cacheDir: string) {
    super(cacheDir, RESULT_DIRS.layers);
  }
}

export class FileImageCache extends FileJsonCache<CachedImageResult> implements ImageResultCache {
  constructor(cacheDir: string) {
    super(cacheDir, RESULT_DIRS.images);
  }
}

/**
 * Rendered reports: `<cacheDir>/renders/<sha256 of the key>.txt`, a header line (`{"key","createdAt","contentDigest"}`
 * as JSON) and the report's text, not compressed: a hit is one read and no parse of the report.
 */
export class FileRenderCache implements RenderCache {
  readonly dir: string;
  constructor(cacheDir: string) {
    this.dir = join(cacheDir, RESULT_DIRS.renders);
  }

  private file(key: string): string {
    return join(this.dir, `${createHash('sha256').update(`${FORMAT}|${key}`).digest('hex')}.txt`);
  }

  async get(key: string): Promise<RenderedReport | undefined> {
    const f = this.file(key);
    let raw: Buffer;
    try {
      raw = await readFile(f);
    } catch {
      return undefined;
    }
    try {
      const nl = raw.indexOf(0x0a);
      if (nl < 0) throw new Error('no header line');
      const head = JSON.parse(raw.toString('utf8', 0, nl)) as { key?: unknown; createdAt?: unknown; contentDigest?: unknown };
      if (typeof head.createdAt !== 'string' || (head.contentDigest !== undefined && typeof head.contentDigest !== 'string')) throw new Error('bad header');
      if (head.key !== key) return undefined;
      return { createdAt: head.createdAt, ...(head.contentDigest !== undefined ? { contentDigest: head.contentDigest as string } : {}), text: raw.toString('utf8', nl + 1) };
    } catch {
      await rm(f, { force: true });
      return undefined;
    }
  }

  async put(key: string, value: RenderedReport): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const f = this.file(key);
    const tmp = `${f}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const head = JSON.stringify({ key, createdAt: value.createdAt, ...(value.contentDigest !== undefined ? { contentDigest: value.contentDigest } : {}) });
    await writeFile(tmp, `${head}\n${value.text}`);
    await rename(tmp, f);
  }
}

/**
 * Remove the cache directories Drydock owns under `cacheDir`: `layers` (with the image results and rendered reports made from them),
 * `blobs` and `compile` (the CLI's code caches). The advisory database is kept.
 */
export async function cleanCache(cacheDir: string, what: readonly ('layers' | 'blobs' | 'compile')[] = ['layers', 'blobs', 'compile']): Promise<void> {
  for (const w of what) {
    const dirs = w === 'layers' ? [RESULT_DIRS.layers, RESULT_DIRS.images, RESULT_DIRS.renders] : w === 'compile' ? [COMPILE_CACHE_FOLDER] : [w];
    for (const d of dirs) await rm(join(cacheDir, d), { recursive: true, force: true });
  }
}
