/** What every image source gives the scan pipeline. */
import type { ImageInfo } from '../../model/index.js';
import type { SyncRangeReader, TarEntry } from '../layers/tar.js';

/** A stored layer that is a byte range of a local file: read with random access, synchronously. */
export interface RandomAccessLayer extends SyncRangeReader {
  /**
   * "sha256:<hex>" of every stored byte, hashed off the main thread when large. A source that knows the stored
   * digest (an OCI blob) checks it here and throws DIGEST_MISMATCH.
   */
  digest(): Promise<string>;
  /** Compute the digest on the calling thread now if no worker has started on it (the caller has nothing else to do). */
  hashNow(): void;
  /** The stored bytes as a stream, unchecked: for compressed layers, whose digest `digest()` checks meanwhile. */
  stream(): AsyncIterable<Uint8Array>;
  close(): void;
}

export interface OpenedImage {
  info: ImageInfo;
  /**
   * The layer as stored (gzip, zstd or plain tar). The stored digest is verified as the stream is read:
   * a mismatch throws DIGEST_MISMATCH at the end of the stream. The diff ID is checked by the pipeline.
   */
  openLayer?(index: number): AsyncIterable<Uint8Array>;
  /**
   * The same layer with random access, when it is a range of a local file (docker save archives, OCI layouts). The
   * pipeline uses it for plain-tar layers, whose unwanted bodies can then be skipped instead of read.
   */
  openLayerRandom?(index: number): RandomAccessLayer | undefined;
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
