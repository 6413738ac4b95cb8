/** Shared by the image commands (sbom, scan): open the target and build its inventory with the caches wired in. */
import { toolVersion } from './tool-version.js';
import { listCatalogers } from '../catalog/registry.js';
import { resolveCacheDir } from '../cache/dirs.js';
import { FileImageCache, FileLayerCache } from '../cache/layer-cache.js';
import { openTarget } from '../image/sources/open.js';
import type { FileVisitor } from '../image/layers/walk.js';
import { buildImageInventory, buildInventory, type ImageInventoryResult, type InventoryOptions, type InventoryResult } from '../scan/inventory.js';
import type { OpenedImage } from '../image/sources/types.js';
import type { CliIo } from './command.js';
import type { OptionValues } from './options.js';
import { UsageError } from './options.js';
import { makeProgress } from './progress.js';

export { toolVersion };

/** Open the target and hand it, with the inventory options the flags ask for, to `build`; the image is closed after. */
async function withImage<T>(target: string, v: OptionValues, io: CliIo, build: (image: OpenedImage, opts: InventoryOptions, cacheDir: string | undefined) => Promise<T>): Promise<T> {
  const cacheDir = resolveCacheDir(v['cache-dir'] as string | undefined, io.env);
  const noCache = Boolean(v['no-cache']);
  const maxBytes = Number(v['max-layer-size']);
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new UsageError('--max-layer-size must be a positive number of bytes');
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
  return withImage(target, v, io, (image, opts) => buildInventory(image, { ...opts, ...(visitors.length ? { visitors } : {}) }));
}

/** The inventory alone; an image seen before with the same layers is answered from the image-result cache. */
export async function imageInventoryTarget(target: string, v: OptionValues, io: CliIo): Promise<ImageInventoryResult> {
  return withImage(target, v, io, (image, opts, cacheDir) => buildImageInventory(image, { ...opts, ...(cacheDir ? { imageCache: new FileImageCache(cacheDir) } : {}) }));
}
