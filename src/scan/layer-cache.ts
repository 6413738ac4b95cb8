/** The cache interfaces of the inventory pipeline (the file implementations are in src/cache/). */
import type { InventoryIssue, OsInfo, Package } from '../model/index.js';
import type { LayerAnalysis } from '../image/layers/walk.js';

/** A keyed store of plain-JSON values: a miss is undefined, never an error. */
export interface ResultCache<T> {
  get(key: string): Promise<T | undefined>;
  put(key: string, value: T): Promise<void>;
}

/** Per-layer analyses, keyed by diff ID and cataloger versions. */
export type LayerCache = ResultCache<LayerAnalysis>;

/**
 * What an image's merged inventory comes to, keyed by its layers' diff IDs, the catalogers and the tool version. A
 * package's `layer` holds only its index: the references (stored digests, history) belong to the source and are
 * stamped afresh from the opened image.
 */
export interface CachedImageResult {
  packages: Package[];
  os?: OsInfo;
  issues: InventoryIssue[];
}

export type ImageResultCache = ResultCache<CachedImageResult>;

/** A rendered report of an image and what is needed to move it to another time (src/report/time-bound.ts). */
export interface RenderedReport {
  /** The inventory's `createdAt` when it was rendered. */
  createdAt: string;
  /** The inventory's contentDigest, when the format used it. */
  contentDigest?: string;
  text: string;
}

/** Rendered reports, keyed by the image-result key, the format, its options and the build of the code. */
export type RenderCache = ResultCache<RenderedReport>;
