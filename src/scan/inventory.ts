/**
 * The inventory pipeline: image → layers (cached by diff ID) → catalogers → merged view → inventory.
 * It takes its I/O as parameters (the opened image and the cache), so tests can hand it anything.
 */
import type { Inventory, LayerRef, Package } from '../model/index.js';
import type { Cataloger } from '../catalog/types.js';
import { catalogerFingerprint } from '../catalog/registry.js';
import { selectOs } from '../catalog/os-release/index.js';
import { ImageError, inLayer } from '../image/errors.js';
import { decompressLayer, detectCompression, verifyDigest, type DecompressLimits } from '../image/layers/decompress.js';
import { readTar, readTarAt } from '../image/layers/tar.js';
import { walkLayer, type FileVisitor, type LayerAnalysis } from '../image/layers/walk.js';
import { mergeLayers, type MergeResult } from '../image/layers/merge.js';
import type { OpenedImage, RandomAccessLayer } from '../image/sources/types.js';
import type { CachedImageResult, ImageResultCache, LayerCache } from './layer-cache.js';
import { markOwnedPackages } from './ownership.js';
import { qualifyOsPurls } from './os-purl.js';

export type ProgressEvent =
  | { kind: 'layer-start'; index: number; total: number; diffId: string; size?: number; cached: boolean }
  | { kind: 'layer-done'; index: number; total: number; diffId: string; cached: boolean };

export interface InventoryOptions {
  catalogers: readonly Cataloger[];
  toolVersion: string;
  cache?: LayerCache;
  visitors?: readonly FileVisitor[];
  decompressLimits?: Partial<DecompressLimits>;
  /** Streamed layers analysed at once (default 2: gunzip runs on libuv's thread pool; 3 was slower on two cores). */
  concurrency?: number;
  onProgress?: (e: ProgressEvent) => void;
  now?: () => Date;
}

export interface InventoryResult {
  inventory: Inventory;
  merge: MergeResult;
  analyses: LayerAnalysis[];
  /** Layers read from the cache. */
  cachedLayers: number;
}

function shortDigest(d: string): string {
  return d.replace(/^sha256:/, '').slice(0, 12);
}

function layerName(image: OpenedImage, index: number): string {
  const layer = image.info.layers[index]!;
  return `${index} (${shortDigest(layer.digest ?? layer.diffId) || 'rootfs'})`;
}

type Walked = Omit<LayerAnalysis, 'diffId'>;
type WalkOpts = Parameters<typeof walkLayer>[1];

/** Decompress a stored layer stream (gzip, zstd or plain), check its diff ID as it goes, and walk it. */
async function walkStoredLayer(stored: AsyncIterable<Uint8Array>, diffId: string, walkOpts: WalkOpts, limits?: Partial<DecompressLimits>): Promise<Walked> {
  const plain = decompressLayer(stored, walkOpts.layerName, limits);
  const checked = diffId ? verifyDigest(plain, diffId, `layer ${walkOpts.layerName} diff ID`) : plain;
  return walkLayer(readTar(checked), walkOpts);
}

/** A layer stored in a local file, opened for random access, its digest already being computed. */
interface FileLayer {
  reader: RandomAccessLayer;
  /** A plain tar (read with random access) rather than a compressed one (streamed from the file). */
  plain: boolean;
  digest: Promise<string>;
}

/**
 * Open the layer's file when the source has one, and start hashing it at once (off the main thread when large), so
 * the hash runs while layers are walked. The hash covers the stored bytes: the diff ID of a plain tar, the blob
 * digest of a compressed one (whose diff ID is checked as it is inflated).
 */
function openFileLayer(image: OpenedImage, index: number): FileLayer | undefined {
  const reader = image.openLayerRandom?.(index);
  if (!reader) return undefined;
  let plain: boolean;
  try {
    if (reader.size === 0) {
      reader.close();
      return undefined; // nothing to hash or walk: the stream path handles the empty layer
    }
    plain = detectCompression(reader.peek(0, Math.min(4, reader.size))) === 'none';
  } catch (err) {
    reader.close();
    throw inLayer(err, layerName(image, index));
  }
  const digest = reader.digest();
  digest.catch(() => undefined); // observed after the walk; never an unhandled rejection meanwhile
  return { reader, plain, digest };
}

/**
 * Check a file-backed layer's digest (computed elsewhere, over every stored byte) after its walk. A digest that does
 * not match outranks whatever the walk found wrong: the layer is not the one the image names.
 */
async function checkWalked(file: FileLayer, outcome: WalkOutcome, diffId: string | undefined, name: string): Promise<Walked> {
  // Nothing left to do here but wait: hash it on this thread if no worker has started on it yet.
  file.reader.hashNow();
  const actual = await file.digest;
  if (diffId && actual !== diffId) {
    throw new ImageError('DIGEST_MISMATCH', `layer ${name} diff ID: content digest ${actual} does not match the expected ${diffId}`);
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.walked;
}

type WalkOutcome = { walked: Walked } | { error: unknown };

async function settleWalk(walk: () => Promise<Walked>): Promise<WalkOutcome> {
  try {
    return { walked: await walk() };
  } catch (error) {
    return { error };
  }
}

function walkOptions(image: OpenedImage, index: number, opts: InventoryOptions): WalkOpts {
  return { catalogers: opts.catalogers, visitors: opts.visitors ?? [], layerName: layerName(image, index), layerIndex: index };
}

/** Walk a plain-tar layer stored in a file: only the headers and the wanted bodies are read. Its digest is checked later. */
function walkPlainLayer(image: OpenedImage, index: number, opts: InventoryOptions, file: FileLayer): Promise<WalkOutcome> {
  return settleWalk(() => walkLayer(readTarAt(file.reader), walkOptions(image, index, opts)));
}

/** Check a walked plain-tar layer's diff ID and make its analysis. */
async function checkPlainLayer(image: OpenedImage, index: number, file: FileLayer, outcome: WalkOutcome): Promise<LayerAnalysis> {
  const layer = image.info.layers[index]!;
  const name = layerName(image, index);
  try {
    return { diffId: layer.diffId, ...(await checkWalked(file, outcome, layer.diffId, name)) };
  } catch (err) {
    throw inLayer(err, name);
  }
}

async function analyseLayer(image: OpenedImage, index: number, opts: InventoryOptions, file?: FileLayer): Promise<LayerAnalysis> {
  const layer = image.info.layers[index]!;
  const name = layerName(image, index);
  const walkOpts = walkOptions(image, index, opts);
  try {
    let walked: Walked;
    if (file) {
      // Inflated as it streams from the file (diff ID checked on the way); the hash is the blob digest.
      walked = await checkWalked(file, await settleWalk(() => walkStoredLayer(file.reader.stream(), layer.diffId, walkOpts, opts.decompressLimits)), undefined, name);
    } else if (image.entries) {
      walked = await walkLayer(image.entries(), walkOpts);
    } else if (image.openLayer) {
      walked = await walkStoredLayer(image.openLayer(index), layer.diffId, walkOpts, opts.decompressLimits);
    } else {
      throw new ImageError('UNSUPPORTED_SOURCE', `${image.info.reference}: no way to read layers`);
    }
    return { diffId: layer.diffId, ...walked };
  } catch (err) {
    throw inLayer(err, name);
  }
}

/** Run `fn` over 0..n-1 with at most `limit` at once, keeping results in order. */
async function mapLimit<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return out;
}

function sortPackages(pkgs: Package[]): Package[] {
  const key = (p: Package): string => `${p.type}\u0000${p.name}\u0000${p.version}\u0000${p.locations[0] ?? ''}`;
  return pkgs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Build the inventory of an opened image.
 * @throws ImageError from the source, the layer reader or digest checks, naming the layer
 */
export async function buildInventory(image: OpenedImage, opts: InventoryOptions): Promise<InventoryResult> {
  const layers = image.info.layers;
  const visitors = opts.visitors ?? [];
  // Visitors that can save and load their per-layer results keep the cache usable; any other visitor must see
  // every file, so it turns the cache off.
  const cacheable = visitors.every((v) => v.saveLayer && v.loadLayer);
  const fingerprint = [catalogerFingerprint(opts.catalogers), ...visitors.map((v) => `visitor:${v.id}@${v.version ?? 0}`)].join(',');
  let cachedLayers = 0;
  const keys = layers.map((l) => (l.diffId && opts.cache && cacheable ? `${l.diffId}|${fingerprint}` : undefined));
  const hits = await Promise.all(keys.map((k) => (k ? opts.cache!.get(k) : undefined)));
  // Open every file-backed layer to read before walking any, so that their hashes overlap the walks.
  const opened = new Map<number, FileLayer>();
  try {
    for (let i = 0; i < layers.length; i++) {
      if (hits[i]) continue;
      const o = openFileLayer(image, i);
      if (o) opened.set(i, o);
    }
    // Plain-tar layers are walked one after the other, from the top, while the hash workers take them from the
    // bottom: they meet in the middle, and a walk that finds its hash not yet started hashes it itself. They take
    // no streaming slot.
    const plain = [...opened].filter(([, o]) => o.plain).map(([i]) => i);
    const streamed = layers.map((_, i) => i).filter((i) => !opened.get(i)?.plain);
    const analyses = new Array<LayerAnalysis>(layers.length);
    const started = (i: number): void => {
      const l = layers[i]!;
      opts.onProgress?.({ kind: 'layer-start', index: i, total: layers.length, diffId: l.diffId, ...(l.size !== undefined ? { size: l.size } : {}), cached: Boolean(hits[i]) });
    };
    const done = async (i: number, a: LayerAnalysis): Promise<void> => {
      const l = layers[i]!;
      if (!hits[i]) {
        if (visitors.length && cacheable) {
          a.visitorData = Object.fromEntries(visitors.map((v) => [v.id, v.saveLayer!(i)]));
        }
        if (keys[i]) await opts.cache!.put(keys[i], a);
      } else {
        for (const v of visitors) v.loadLayer!(i, a.visitorData?.[v.id]);
        cachedLayers++;
      }
      opts.onProgress?.({ kind: 'layer-done', index: i, total: layers.length, diffId: l.diffId, cached: Boolean(hits[i]) });
      analyses[i] = a;
    };
    const one = async (i: number): Promise<void> => {
      started(i);
      await done(i, hits[i] ?? (await analyseLayer(image, i, opts, opened.get(i))));
    };
    // Every plain layer is walked before any digest is awaited: a walk never waits for a hash that a worker is busy
    // with, and what the worker has not started by the end is hashed here. The first walk that fails stops the walks;
    // digests are then checked in walk order (a mismatch outranks the failed walk's error, as in checkWalked).
    const plainWalks = (async () => {
      const walked: Array<[number, WalkOutcome]> = [];
      for (const i of plain.reverse()) {
        started(i);
        const outcome = await walkPlainLayer(image, i, opts, opened.get(i)!);
        walked.push([i, outcome]);
        if ('error' in outcome) break;
      }
      for (const [i, outcome] of walked) await done(i, await checkPlainLayer(image, i, opened.get(i)!, outcome));
    })();
    await Promise.all([plainWalks, mapLimit(streamed.length, opts.concurrency ?? 2, (k) => one(streamed[k]!))]);
    return finish(image, opts, analyses, cachedLayers);
  } finally {
    // Let running hashes settle before their files are closed.
    await Promise.allSettled([...opened.values()].map((o) => o.digest));
    for (const o of opened.values()) o.reader.close();
  }
}

function layerRefs(image: OpenedImage): LayerRef[] {
  return image.info.layers.map((l) => ({
    index: l.index,
    diffId: l.diffId,
    ...(l.digest ? { digest: l.digest } : {}),
    ...(l.createdBy ? { createdBy: l.createdBy } : {}),
  }));
}

function assemble(image: OpenedImage, opts: InventoryOptions, merged: CachedImageResult): Inventory {
  return {
    schema: 'drydock-inventory/1',
    tool: { name: 'drydock', version: opts.toolVersion },
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
    image: image.info,
    ...(merged.os ? { os: merged.os } : {}),
    packages: merged.packages,
    issues: merged.issues,
  };
}

function finish(image: OpenedImage, opts: InventoryOptions, analyses: LayerAnalysis[], cachedLayers: number): InventoryResult {
  const merge = mergeLayers(analyses, layerRefs(image), opts.catalogers);
  const os = selectOs(merge.osFacts);
  const packages = sortPackages(markOwnedPackages(qualifyOsPurls(merge.packages, os)));
  const inventory = assemble(image, opts, { packages, ...(os ? { os } : {}), issues: merge.issues });
  return { inventory, merge, analyses, cachedLayers };
}

/**
 * The image-result cache key: every diff ID in order, the cataloger versions and the tool version (merging rules).
 * Undefined for an image whose layers have no diff IDs (a root filesystem directory): nothing identifies its content.
 */
export function imageKey(image: OpenedImage, opts: InventoryOptions): string | undefined {
  const layers = image.info.layers;
  if (layers.some((l) => !/^sha256:[0-9a-f]{64}$/.test(l.diffId))) return undefined; // a rootfs has no diff IDs
  return ['image/1', opts.toolVersion, catalogerFingerprint(opts.catalogers), ...layers.map((l) => l.diffId)].join('|');
}

export interface ImageInventoryResult {
  inventory: Inventory;
  /** True when the merged result came from the image-result cache (no layer was read). */
  fromImageCache: boolean;
}

/**
 * The inventory alone, for callers that need neither the per-layer analyses nor the merged file view (sbom, a
 * vulnerability-only scan). An image whose layers were all seen before with the same catalogers and tool version is
 * answered from `imageCache` without reading any layer: like the layer cache, it trusts the diff IDs the image's
 * config names (they are checked whenever a layer is read). Visitors need every layer's files, so they bypass it.
 */
export async function buildImageInventory(image: OpenedImage, opts: InventoryOptions & { imageCache?: ImageResultCache }): Promise<ImageInventoryResult> {
  const key = opts.imageCache && !opts.visitors?.length ? imageKey(image, opts) : undefined;
  const hit = key ? await opts.imageCache!.get(key) : undefined;
  if (hit) {
    const refs = layerRefs(image);
    const packages = hit.packages.map((p) => (p.layer && refs[p.layer.index] ? { ...p, layer: { ...refs[p.layer.index]! } } : p));
    for (const l of image.info.layers) opts.onProgress?.({ kind: 'layer-done', index: l.index, total: image.info.layers.length, diffId: l.diffId, cached: true });
    return { inventory: assemble(image, opts, { ...hit, packages }), fromImageCache: true };
  }
  const { inventory } = await buildInventory(image, opts);
  if (key) await opts.imageCache!.put(key, { packages: inventory.packages, ...(inventory.os ? { os: inventory.os } : {}), issues: inventory.issues });
  return { inventory, fromImageCache: false };
}
