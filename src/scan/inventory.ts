/**
 * The inventory pipeline: image → layers (cached by diff ID) → catalogers → merged view → inventory.
 * It takes its I/O as parameters (the opened image and the cache), so tests can hand it anything.
 */
import type { Inventory, InventoryIssue, LayerRef, Package } from '../model/index.js';
import type { Cataloger } from '../catalog/types.js';
import { catalogerFingerprint } from '../catalog/registry.js';
import { selectOs } from '../catalog/os-release/index.js';
import { ImageError, inLayer } from '../image/errors.js';
import { decompressLayer, detectCompression, verifyDigest, type DecompressLimits } from '../image/layers/decompress.js';
import { readTar, readTarAt, type TarEntry } from '../image/layers/tar.js';
import { walkLayer, type FileVisitor, type LayerAnalysis } from '../image/layers/walk.js';
import { mergeLayers, type MergeResult } from '../image/layers/merge.js';
import type { OpenedImage, RandomAccessLayer } from '../image/sources/types.js';
import type { LayerCache } from './layer-cache.js';
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
  /** Layers analysed at once (gunzip runs on libuv's thread pool, so 2–3 overlap well). */
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

/** A plain-tar layer with random access, its digest already being computed (off the main thread when large). */
interface RandomLayer {
  reader: RandomAccessLayer;
  digest: Promise<string>;
}

/**
 * Open the layer with random access when the source can and the stored bytes are a plain tar, and start hashing it
 * at once so the hash runs while other layers are walked. Compressed layers return undefined (they are streamed).
 */
function openRandom(image: OpenedImage, index: number): RandomLayer | undefined {
  const reader = image.openLayerRandom?.(index);
  if (!reader) return undefined;
  try {
    if (reader.size === 0 || detectCompression(reader.peek(0, Math.min(4, reader.size))) !== 'none') {
      reader.close();
      return undefined;
    }
    const digest = reader.digest();
    digest.catch(() => undefined); // observed later; never an unhandled rejection meanwhile
    return { reader, digest };
  } catch (err) {
    reader.close();
    throw inLayer(err, layerName(image, index));
  }
}

async function analyseLayer(image: OpenedImage, index: number, opts: InventoryOptions, random?: RandomLayer): Promise<LayerAnalysis> {
  const layer = image.info.layers[index]!;
  const name = layerName(image, index);
  const walkOpts = { catalogers: opts.catalogers, visitors: opts.visitors ?? [], layerName: name, layerIndex: index };
  try {
    if (random) {
      // Only the headers and the wanted bodies are read; the digest covers every byte. A digest that does not match
      // outranks whatever the walk found wrong: the layer is not the one the config names.
      let walked: Omit<LayerAnalysis, 'diffId'> | undefined;
      let walkError: unknown;
      try {
        walked = await walkLayer(readTarAt(random.reader), walkOpts);
      } catch (err) {
        walkError = err;
      }
      const actual = await random.digest;
      if (layer.diffId && actual !== layer.diffId) {
        throw new ImageError('DIGEST_MISMATCH', `layer ${name} diff ID: content digest ${actual} does not match the expected ${layer.diffId}`);
      }
      if (walkError !== undefined) throw walkError;
      return { diffId: layer.diffId, ...walked! };
    }
    if (image.entries) {
      const r = await walkLayer(image.entries(), walkOpts);
      return { diffId: layer.diffId, ...r };
    }
    if (!image.openLayer) throw new ImageError('UNSUPPORTED_SOURCE', `${image.info.reference}: no way to read layers`);
    const stored = image.openLayer(index);
    const plain = decompressLayer(stored, name, opts.decompressLimits);
    const checked = layer.diffId ? verifyDigest(plain, layer.diffId, `layer ${name} diff ID`) : plain;
    const entries: AsyncIterable<TarEntry> = readTar(checked);
    const r = await walkLayer(entries, walkOpts);
    return { diffId: layer.diffId, ...r };
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
  // Start hashing every plain-tar layer to be read before walking any, so the hashes overlap the walks.
  const random = new Map<number, RandomLayer>();
  try {
    for (let i = 0; i < layers.length; i++) {
      if (hits[i]) continue;
      const r = openRandom(image, i);
      if (r) random.set(i, r);
    }
    const analyses = await mapLimit(layers.length, opts.concurrency ?? 3, async (i) => {
      const l = layers[i]!;
      const hit = hits[i];
      opts.onProgress?.({ kind: 'layer-start', index: i, total: layers.length, diffId: l.diffId, ...(l.size !== undefined ? { size: l.size } : {}), cached: Boolean(hit) });
      let a = hit;
      if (!a) {
        a = await analyseLayer(image, i, opts, random.get(i));
        if (visitors.length && cacheable) {
          a.visitorData = Object.fromEntries(visitors.map((v) => [v.id, v.saveLayer!(i)]));
        }
        if (keys[i]) await opts.cache!.put(keys[i], a);
      } else {
        for (const v of visitors) v.loadLayer!(i, a.visitorData?.[v.id]);
        cachedLayers++;
      }
      opts.onProgress?.({ kind: 'layer-done', index: i, total: layers.length, diffId: l.diffId, cached: Boolean(hit) });
      return a;
    });
    return finish(image, opts, analyses, cachedLayers);
  } finally {
    // Let running hashes settle before their files are closed.
    await Promise.allSettled([...random.values()].map((r) => r.digest));
    for (const r of random.values()) r.reader.close();
  }
}

function finish(image: OpenedImage, opts: InventoryOptions, analyses: LayerAnalysis[], cachedLayers: number): InventoryResult {
  const layers = image.info.layers;
  const refs: LayerRef[] = layers.map((l) => ({
    index: l.index,
    diffId: l.diffId,
    ...(l.digest ? { digest: l.digest } : {}),
    ...(l.createdBy ? { createdBy: l.createdBy } : {}),
  }));
  const merge = mergeLayers(analyses, refs, opts.catalogers);
  const os = selectOs(merge.osFacts);
  let packages = qualifyOsPurls(merge.packages, os);
  packages = sortPackages(markOwnedPackages(packages));
  const issues: InventoryIssue[] = merge.issues;
  const inventory: Inventory = {
    schema: 'drydock-inventory/1',
    tool: { name: 'drydock', version: opts.toolVersion },
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
    image: image.info,
    ...(os ? { os } : {}),
    packages,
    issues,
  };
  return { inventory, merge, analyses, cachedLayers };
}
