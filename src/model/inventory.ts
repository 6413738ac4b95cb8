/** The result of reading an image: what it is and what is installed in it. Drydock's own JSON is this shape. */
import type { OsInfo } from './os.js';
import type { InventoryIssue, LayerRef, Package } from './package.js';

export type SourceKind = 'docker-archive' | 'oci-dir' | 'oci-archive' | 'registry' | 'rootfs';

export interface ImageLayer extends LayerRef {
  /** Stored (possibly compressed) size in bytes, when known. */
  size?: number;
  mediaType?: string;
  /** True for history entries' empty_layer: never present here, listed for completeness of history. */
}

export interface ImageInfo {
  /** What the user asked for, normalised (docker.io/library/debian:12, /path/to/x.tar …). */
  reference: string;
  sourceKind: SourceKind;
  manifestDigest?: string;
  configDigest?: string;
  repoTags?: string[];
  /** linux/amd64 style platform from the image config. */
  platform?: string;
  layers: ImageLayer[];
  /** The parts of the image config reports and checks use. */
  config?: {
    user?: string;
    env?: string[];
    entrypoint?: string[];
    cmd?: string[];
    workingDir?: string;
    exposedPorts?: string[];
    labels?: Record<string, string>;
    history?: { createdBy?: string; emptyLayer?: boolean; created?: string }[];
  };
}

export interface Inventory {
  schema: 'drydock-inventory/1';
  tool: { name: 'drydock'; version: string };
  /** ISO-8601 time the inventory was made. */
  createdAt: string;
  image: ImageInfo;
  os?: OsInfo;
  packages: Package[];
  issues: InventoryIssue[];
}
