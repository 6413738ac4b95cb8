/**
 * How much the caches under a cache dir hold, and pruning them by age and total size. The caches are
 * `layers/`, `images/`, `renders/<build>/`, `blobs/sha256/` and `compile/`; the advisory database (`db/`) is never
 * listed or removed here. An entry's last use is its modification time: the caches touch an entry when they read it
 * (src/cache/layer-cache.ts, src/image/sources/registry/blob-cache.ts), so the oldest is the least recently used.
 *
 * Choosing what to remove (`choosePrunes`) is pure; listing and removing are the I/O around it. Removing an entry
 * another run is reading is safe: it keeps its open file, and the next run misses and writes the entry again.
 */
import type { Dirent } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPILE_CACHE_FOLDER } from './dirs.js';

/** The cache folders, by the name `cache status` shows. */
export const CACHE_FOLDERS = ['layers', 'images', 'renders', 'blobs', COMPILE_CACHE_FOLDER] as const;
export type CacheFolder = (typeof CACHE_FOLDERS)[number];

export interface CacheEntry {
  folder: CacheFolder;
  path: string;
  size: number;
  /** Last use (modification time), ms since the epoch. */
  usedAt: number;
  /** A temporary file of a write in progress or cut off. */
  temporary: boolean;
}

export interface PruneLimits {
  /** Remove entries not used for longer than this, in ms. */
  maxAgeMs?: number;
  /** Then remove the least recently used until the rest take at most this many bytes. */
  maxBytes?: number;
}

/** A temporary file this old is left over from a run that was cut off; younger ones may be a write in progress. */
export const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/**
 * The entries to remove: temporary files older than an hour, entries older than `maxAgeMs`, then the least recently
 * used until the kept entries (temporary ones counted) fit in `maxBytes`. Ties go by path, so the choice is stable.
 * The code caches (`compile/`, one small file per bundled file of the installed build, which replaces those of
 * older builds itself) are not touched when read, so their age says nothing: only their stale temporary files go.
 */
export function choosePrunes(entries: readonly CacheEntry[], limits: PruneLimits, now: number): CacheEntry[] {
  const remove: CacheEntry[] = [];
  const keep: CacheEntry[] = [];
  for (const e of entries) {
    const age = now - e.usedAt;
    const old = e.temporary ? age > STALE_TEMPORARY_MS : e.folder !== COMPILE_CACHE_FOLDER && limits.maxAgeMs !== undefined && age > limits.maxAgeMs;
    (old ? remove : keep).push(e);
  }
  if (limits.maxBytes !== undefined) {
    let total = keep.reduce((n, e) => n + e.size, 0);
    const candidates = keep.filter((e) => !e.temporary && e.folder !== COMPILE_CACHE_FOLDER).sort((a, b) => a.usedAt - b.usedAt || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const e of candidates) {
      if (total <= limits.maxBytes) break;
      remove.push(e);
      total -= e.size;
    }
  }
  return remove;
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Regular files under `dir`, one level of sub-folders deep (`renders/<build>/`, `blobs/sha256/`). */
async function filesOf(dir: string, depth: number): Promise<string[]> {
  const out: string[] = [];
  for (const d of await entriesOf(dir)) {
    const p = join(dir, d.name);
    if (d.isFile()) out.push(p);
    else if (d.isDirectory() && depth > 0) out.push(...(await filesOf(p, depth - 1)));
  }
  return out;
}

/** `<name>.tmp-<pid>-<hex>` (result and blob caches), `<name>.<pid>.tmp` (code caches). */
const TEMPORARY = /\.tmp-\d+-[0-9a-f]+$|\.\d+\.tmp$/;

/** Every entry of every cache folder under `cacheDir` (symbolic links and other non-files are not entries). */
export async function listCacheEntries(cacheDir: string): Promise<CacheEntry[]> {
  const out: CacheEntry[] = [];
  for (const folder of CACHE_FOLDERS) {
    const depth = folder === 'renders' || folder === 'blobs' ? 1 : 0;
    for (const path of await filesOf(join(cacheDir, folder), depth)) {
      const s = await stat(path).catch(() => undefined);
      if (!s?.isFile()) continue; // removed meanwhile
      out.push({ folder, path, size: s.size, usedAt: s.mtimeMs, temporary: TEMPORARY.test(path) });
    }
  }
  return out;
}

export interface FolderUsage {
  folder: CacheFolder;
  entries: number;
  bytes: number;
}

/** Entries and bytes per folder, in CACHE_FOLDERS order. */
export function usageByFolder(entries: readonly CacheEntry[]): FolderUsage[] {
  return CACHE_FOLDERS.map((folder) => {
    const mine = entries.filter((e) => e.folder === folder);
    return { folder, entries: mine.length, bytes: mine.reduce((n, e) => n + e.size, 0) };
  });
}

export interface PruneResult {
  removed: number;
  freedBytes: number;
  kept: number;
  keptBytes: number;
}

/** Prune the caches under `cacheDir` (see choosePrunes). */
export async function pruneCache(cacheDir: string, limits: PruneLimits, now = Date.now()): Promise<PruneResult> {
  const entries = await listCacheEntries(cacheDir);
  const remove = choosePrunes(entries, limits, now);
  const gone = new Set(remove.map((e) => e.path));
  for (const e of remove) await rm(e.path, { force: true });
  const kept = entries.filter((e) => !gone.has(e.path));
  return {
    removed: remove.length,
    freedBytes: remove.reduce((n, e) => n + e.size, 0),
    kept: kept.length,
    keptBytes: kept.reduce((n, e) => n + e.size, 0),
  };
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1, b: 1,
  k: 1024, kb: 1000, kib: 1024,
  m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2,
  g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3,
  t: 1024 ** 4, tb: 1000 ** 4, tib: 1024 ** 4,
};

/** '2GiB', '500MB', '1.5g', '1048576' → bytes; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const n = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(n) ? n : undefined;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** '30d', '12h', '90m', '2w', '45s' → ms; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Math.floor(Number(m[1]) * DURATION_UNITS[m[2]!.toLowerCase()]!);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** 1536 → '1.5 KiB'. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}
