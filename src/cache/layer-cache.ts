/**
 * The inventory caches on disk: one gzip'd JSON file per key, per-layer analyses under `<cacheDir>/layers/` (keyed by
 * diff ID and cataloger versions) and merged image results under `<cacheDir>/images/` (keyed by every diff ID, the
 * cataloger versions and the tool version); and rendered reports under `<cacheDir>/renders/`, one plain file each
 * (a JSON header line, then the report), which a repeated run writes out as it is. Writes go to a temporary file and are renamed into place, so a crash
 * never leaves a half-written entry; an unreadable entry is treated as a miss and removed. The key is stored in the
 * entry and compared on read, so a hash collision or a renamed file is a miss, not someone else's result.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { zlib } from '../builtins.js';
import type { LayerAnalysis } from '../image/layers/walk.js';
import type { CachedImageResult, ImageResultCache, LayerCache, RenderCache, RenderedReport, ResultCache } from '../scan/layer-cache.js';
import { COMPILE_CACHE_FOLDER } from './dirs.js';

const FORMAT = 1;

/** The folders under the cache dir that hold inventory results (see cleanCache). */
const RESULT_DIRS = { layers: 'layers', images: 'images', renders: 'renders' } as const;

/** Mark a cache file used now; a read-only cache dir is no reason to fail. */
async function touch(file: string): Promise<void> {
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
}

/**
 * One file per key under `<cacheDir>/<folder>/`, named by a hash of the key; `encode` stores the key with the value and
 * `decode` gives the value back, undefined for another key, and throws for a damaged entry (which is then removed).
 */
abstract class FileEntryCache<T> implements ResultCache<T> {
  readonly dir: string;
  constructor(cacheDir: string, folder: string, private readonly extension: string) {
    this.dir = join(cacheDir, folder);
  }

  protected abstract encode(key: string, value: T): string | Uint8Array;
  protected abstract decode(raw: Buffer, key: string): T | undefined;

  private file(key: string): string {
    return join(this.dir, `${createHash('sha256').update(`${FORMAT}|${key}`).digest('hex')}${this.extension}`);
  }

  async get(key: string): Promise<T | undefined> {
    const f = this.file(key);
    let raw: Buffer;
    try {
      raw = await readFile(f);
    } catch {
      return undefined;
    }
    let value: T | undefined;
    try {
      value = this.decode(raw, key);
    } catch {
      await rm(f, { force: true });
      return undefined;
    }
    // The modification time is the last use: `drydock cache prune` removes the least recently used first.
    if (value !== undefined) await touch(f);
    return value;
  }

  async put(key: string, value: T): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const f = this.file(key);
    const tmp = `${f}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, this.encode(key, value));
    await rename(tmp, f);
  }
}

/** gzip'd JSON `{ key, value }`. */
class FileJsonCache<T> extends FileEntryCache<T> {
  constructor(cacheDir: string, folder: string) {
    super(cacheDir, folder, '.json.gz');
  }

  protected encode(key: string, value: T): Uint8Array {
    return zlib().gzipSync(JSON.stringify({ key, value }), { level: 1 });
  }

  protected decode(raw: Buffer, key: string): T | undefined {
    const v = JSON.parse(zlib().gunzipSync(raw).toString('utf8')) as { key: string; value: T };
    return v.key === key ? v.value : undefined;
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
 * Rendered reports: `<cacheDir>/renders/<build>/<sha256 of the key>.txt`, a header line (`{"key","createdAt",
 * "contentDigest"}` as JSON) and the report's text, not compressed: a hit is one read and no parse of the report.
 * `build` is the build of the code (src/cli/tool-version.ts `buildId`): the first entry a build writes removes the
 * folders of other builds, whose reports no run of this build would read, so the folder holds one build's reports.
 */
export class FileRenderCache extends FileEntryCache<RenderedReport> implements RenderCache {
  private pruned = false;

  constructor(cacheDir: string, private readonly build: string) {
    if (!/^[0-9a-z]+$/.test(build)) throw new RangeError(`build id ${build.slice(0, 40)} is not lower-case letters and digits`);
    super(cacheDir, join(RESULT_DIRS.renders, build), '.txt');
  }

  override async put(key: string, value: RenderedReport): Promise<void> {
    await super.put(key, value);
    if (this.pruned) return;
    this.pruned = true;
    const root = dirname(this.dir);
    for (const other of await readdir(root).catch(() => [] as string[])) {
      if (other !== this.build) await rm(join(root, other), { recursive: true, force: true });
    }
  }

  protected encode(key: string, value: RenderedReport): string {
    const head = JSON.stringify({ key, createdAt: value.createdAt, ...(value.contentDigest !== undefined ? { contentDigest: value.contentDigest } : {}) });
    return `${head}\n${value.text}`;
  }

  protected decode(raw: Buffer, key: string): RenderedReport | undefined {
    const nl = raw.indexOf(0x0a);
    if (nl < 0) throw new Error('no header line');
    const head = JSON.parse(raw.toString('utf8', 0, nl)) as { key?: unknown; createdAt?: unknown; contentDigest?: unknown };
    if (typeof head.createdAt !== 'string' || (head.contentDigest !== undefined && typeof head.contentDigest !== 'string')) throw new Error('bad header');
    if (head.key !== key) return undefined;
    return { createdAt: head.createdAt, ...(typeof head.contentDigest === 'string' ? { contentDigest: head.contentDigest } : {}), text: raw.toString('utf8', nl + 1) };
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
