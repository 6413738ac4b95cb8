/** Shared by the image commands (sbom, scan): open the target and build its inventory with the caches wired in. */
import { buildId, toolVersion } from './tool-version.js';
import { listCatalogers } from '../catalog/registry.js';
import { resolveCacheDir } from '../cache/dirs.js';
import { FileImageCache, FileLayerCache, FileRenderCache } from '../cache/layer-cache.js';
import { contentDigest } from '../report/canonical-inventory.js';
import { sha256Hex } from '../report/package-refs.js';
import { retime } from '../report/time-bound.js';
import type { RenderOptions, ReportFormat } from '../report/types.js';
import { openTarget } from '../image/sources/open.js';
import type { FileVisitor } from '../image/layers/walk.js';
import { buildImageInventory, buildInventory, imageKey, type ImageInventoryResult, type InventoryOptions, type InventoryResult } from '../scan/inventory.js';
import type { OpenedImage } from '../image/sources/types.js';
import { compileSkipPaths, skipInventoryPaths, SkipPathsError, type PathSkipper } from '../scan/skip-paths.js';
import type { RenderedReport } from '../scan/layer-cache.js';
import type { CliIo } from './command.js';
import type { OptionValues } from './options.js';
import { UsageError } from './options.js';
import { makeProgress } from './progress.js';

export { toolVersion };

/** `--skip-paths`, compiled (a bad pattern is a usage error); undefined when not given. */
export function skipPathsOf(v: OptionValues): PathSkipper | undefined {
  const text = v['skip-paths'];
  if (typeof text !== 'string' || !text.trim()) return undefined;
  try {
    return compileSkipPaths(text);
  } catch (err) {
    if (err instanceof SkipPathsError) throw new UsageError(err.message);
    throw err;
  }
}

/** Open the target and hand it, with the inventory options the flags ask for, to `build`; the image is closed after. */
async function withImage<T>(
  target: string,
  v: OptionValues,
  io: CliIo,
  build: (image: OpenedImage, opts: InventoryOptions & { decompressLimits: { maxBytes: number } }, cacheDir: string | undefined) => Promise<T>,
): Promise<T> {
  const cacheDir = resolveCacheDir(v['cache-dir'] as string | undefined, io.env);
  const noCache = Boolean(v['no-cache']);
  const maxBytes = Number(v['max-layer-size']);
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new UsageError('--max-layer-size must be a positive number of bytes');
  skipPathsOf(v); // a bad pattern fails before the image is opened
  const image = await openTarget(target, {
    ...(v.platform ? { platform: v.platform as string } : {}),
    ...(v.tag ? { tag: v.tag as string } : {}),
    registry: {
      ...(v.insecure ? { insecure: true } : {}),
      ...(v.username !== undefined ? { username: v.username as string } : {}),
      ...(v.password !== undefined ? { password: v.password as string } : {}),
      ...(noCache ? {} : { cacheDir }),
      env: io.env,
      userAgent: `drydock/${toolVersion()}`,
    },
  });
  try {
    const progress = makeProgress(io, Boolean(v.quiet));
    return await build(image, {
      catalogers: listCatalogers(),
      toolVersion: toolVersion(),
      ...(noCache ? {} : { cache: new FileLayerCache(cacheDir) }),
      decompressLimits: { maxBytes },
      ...(progress ? { onProgress: progress } : {}),
    }, noCache ? undefined : cacheDir);
  } finally {
    await image.close();
  }
}

/** The inventory with its per-layer analyses and merged file view (for visitors and the image checks). */
export async function inventoryTarget(target: string, v: OptionValues, io: CliIo, visitors: readonly FileVisitor[] = []): Promise<InventoryResult> {
  const skip = skipPathsOf(v);
  return withImage(target, v, io, async (image, opts) => {
    const r = await buildInventory(image, { ...opts, ...(visitors.length ? { visitors } : {}) });
    return skip ? { ...r, inventory: skipInventoryPaths(r.inventory, skip) } : r;
  });
}

/** The inventory alone; an image seen before with the same layers is answered from the image-result cache. */
export async function imageInventoryTarget(target: string, v: OptionValues, io: CliIo): Promise<ImageInventoryResult> {
  const skip = skipPathsOf(v);
  return withImage(target, v, io, async (image, opts, cacheDir) => {
    const r = await inventoryWithImageCache(image, opts, cacheDir);
    return skip ? { ...r, inventory: skipInventoryPaths(r.inventory, skip) } : r;
  });
}

function inventoryWithImageCache(image: OpenedImage, opts: InventoryOptions, cacheDir: string | undefined): Promise<ImageInventoryResult> {
  return buildImageInventory(image, { ...opts, ...(cacheDir ? { imageCache: new FileImageCache(cacheDir) } : {}) });
}

/**
 * The report of an image's inventory in `format`. An image rendered before in the same format, with the same options,
 * by the same build of the code (tool-version.ts `buildId`), is answered from the render cache: the report made
 * then, with its time-dependent strings moved to now (src/report/time-bound.ts). Like the image-result cache, it
 * trusts the diff IDs the image's config names. The text ends with a newline.
 */
export async function renderedInventoryTarget(target: string, v: OptionValues, io: CliIo, format: ReportFormat, options: RenderOptions): Promise<string> {
  const skip = skipPathsOf(v);
  return withImage(target, v, io, async (image, opts, cacheDir) => {
    const build = buildId();
    const ik = cacheDir && build && format.timeBound ? imageKey(image, opts) : undefined;
    const keyParts = ['render/1', build, ik, format.id, options, opts.decompressLimits, image.info, ...(skip ? [skip.patterns] : [])];
    const cache = ik ? { store: new FileRenderCache(cacheDir!, build!), key: sha256Hex(JSON.stringify(keyParts)) } : undefined;
    const bound = (createdAt: string, digest: () => string): string[] => format.timeBound!(createdAt, digest, image.info, options);
    const hit = cache ? await cache.store.get(cache.key) : undefined;
    const moved = hit ? moveToNow(hit, bound) : undefined;
    if (moved !== undefined) {
      for (const l of image.info.layers) opts.onProgress?.({ kind: 'layer-done', index: l.index, total: image.info.layers.length, diffId: l.diffId, cached: true });
      return moved;
    }
    const whole = (await inventoryWithImageCache(image, opts, cacheDir)).inventory;
    const inventory = skip ? skipInventoryPaths(whole, skip) : whole;
    const out = format.render(inventory, options);
    const text = out.endsWith('\n') ? out : `${out}\n`;
    if (cache) {
      let digest: string | undefined;
      const strings = bound(inventory.createdAt, () => (digest ??= contentDigest(inventory)));
      // Stored only when it can be moved to another time: each time-bound string occurs once.
      if (retime(text, strings, strings) !== undefined) {
        await cache.store.put(cache.key, { createdAt: inventory.createdAt, ...(digest !== undefined ? { contentDigest: digest } : {}), text });
      }
    }
    return text;
  });
}

/** A stored report with its time-bound strings moved to now; undefined when it cannot be (then it is rendered afresh). */
function moveToNow(hit: RenderedReport, bound: (createdAt: string, digest: () => string) => string[]): string | undefined {
  const digest = (): string => {
    if (hit.contentDigest === undefined) throw new Error('the entry has no content digest');
    return hit.contentDigest;
  };
  try {
    return retime(hit.text, bound(hit.createdAt, digest), bound(new Date().toISOString(), digest));
  } catch {
    return undefined;
  }
}
