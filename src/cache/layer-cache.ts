/**
 * The per-layer analysis cache on disk: one gzip'd JSON file per (diff ID, cataloger versions) key under
 * `<cacheDir>/layers/`. Writes go to a temporary file and are renamed into place, so a crash never leaves a
 * half-written entry; an unreadable entry is treated as a miss and removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LayerAnalysis } from '../image/layers/walk.js';
import type { LayerCache } from '../scan/layer-cache.js';

const FORMAT = 1;

export class FileLayerCache implements LayerCache {
  readonly dir: string;
  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'layers');
  }

  private file(key: string): string {
    return join(this.dir, `${createHash('sha256').update(`${FORMAT}|${key}`).digest('hex')}.json.gz`);
  }

  async get(key: string): Promise<LayerAnalysis | undefined> {
    const f = this.file(key);
    let raw: Buffer;
    try {
      raw = await readFile(f);
    } catch {
      return undefined;
    }
    try {
      const v = JSON.parse(gunzipSync(raw).toString('utf8')) as { key: string; value: LayerAnalysis };
      if (v.key !== key) return undefined;
      return v.value;
    } catch {
      await rm(f, { force: true });
      return undefined;
    }
  }

  async put(key: string, value: LayerAnalysis): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const f = this.file(key);
    const tmp = `${f}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, gzipSync(JSON.stringify({ key, value }), { level: 1 }));
    await rename(tmp, f);
  }
}

/** Remove the cache directories Drydock owns under `cacheDir` (layers, blobs). The advisory database is kept. */
export async function cleanCache(cacheDir: string, what: readonly ('layers' | 'blobs')[] = ['layers', 'blobs']): Promise<void> {
  for (const w of what) await rm(join(cacheDir, w), { recursive: true, force: true });
}
