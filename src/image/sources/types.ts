/** What every image source gives the scan pipeline. */
import type { ImageInfo } from '../../model/index.js';
import type { TarEntry } from '../layers/tar.js';

export interface OpenedImage {
  info: ImageInfo;
  /**
   * The layer as stored (gzip, zstd or plain tar). The stored digest is verified as the stream is read:
   * a mismatch throws DIGEST_MISMATCH at the end of the stream. The diff ID is checked by the pipeline.
   */
  openLayer?(index: number): AsyncIterable<Uint8Array>;
  /** For sources without layers (a root filesystem directory): the entries of the one pseudo-layer. */
  entries?(): AsyncIterable<TarEntry>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** "linux/amd64" by default. */
  platform?: string;
  /** For archives holding several images: the tag to pick (repo:tag). */
  tag?: string;
}
