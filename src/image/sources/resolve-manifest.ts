/**
 * Shared by the OCI layout and the registry: from a manifest-or-index document, follow indexes to the manifest
 * for the wanted platform, then read its config, with every blob digest-verified.
 */
import { createHash } from 'node:crypto';
import type { ImageInfo, SourceKind } from '../../model/index.js';
import { ImageError } from '../errors.js';
import { verifyDigest } from '../layers/decompress.js';
import {
  describeLayers, parseImageConfig, parseManifestOrIndex, parsePlatform, platformOfConfig, selectPlatform, summarizeConfig,
} from '../oci/parse.js';
import type { Descriptor, Manifest } from '../oci/schema.js';
import type { OpenedImage, RandomAccessLayer } from './types.js';

export interface BlobFetcher {
  /** Fetch a manifest or index by digest (or tag): bytes plus the media type the store reports. */
  fetchManifest(ref: string, what: string): Promise<{ bytes: Uint8Array; mediaType?: string; digest?: string }>;
  /** Fetch a small blob (config), whole. */
  fetchBlob(d: Descriptor, what: string): Promise<Uint8Array>;
  /** Stream a blob (layer). */
  openBlob(d: Descriptor, what: string): AsyncIterable<Uint8Array>;
  /** A blob on local disk with random access (undefined when it is not on disk); its digest is checked by `digest()`. */
  openBlobRandom?(d: Descriptor, what: string): RandomAccessLayer | undefined;
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function checkDigest(bytes: Uint8Array, expected: string, what: string): void {
  if (!expected.startsWith('sha256:')) throw new ImageError('UNSUPPORTED_MEDIA_TYPE', `${what}: digest algorithm of ${expected} is not supported`);
  const actual = sha256Digest(bytes);
  if (actual !== expected) throw new ImageError('DIGEST_MISMATCH', `${what}: content digest ${actual} does not match the expected ${expected}`);
}

export interface ResolveOptions {
  platform?: string;
  reference: string;
  sourceKind: SourceKind;
  close: () => Promise<void>;
  repoTags?: string[];
}

/**
 * Resolve `start` (a manifest or index, already fetched and verified) to an opened image.
 * @throws ImageError PLATFORM_NOT_FOUND, INVALID_MANIFEST, DIGEST_MISMATCH, UNSUPPORTED_MEDIA_TYPE
 */
export async function resolveImage(
  fetcher: BlobFetcher,
  start: { bytes: Uint8Array; mediaType?: string; digest: string },
  opts: ResolveOptions,
): Promise<OpenedImage> {
  const platform = parsePlatform(opts.platform ?? 'linux/amd64');
  let doc = parseManifestOrIndex(start.bytes, `manifest ${start.digest}`, start.mediaType);
  let digest = start.digest;
  for (let depth = 0; doc.kind === 'index'; depth++) {
    if (depth > 4) throw new ImageError('INVALID_MANIFEST', `${opts.reference}: indexes nested too deeply`);
    const d = selectPlatform(doc.index, platform, `${opts.reference} (index ${digest})`);
    const m = await fetcher.fetchManifest(d.digest, `manifest ${d.digest}`);
    checkDigest(m.bytes, d.digest, `manifest ${d.digest}`);
    digest = d.digest;
    doc = parseManifestOrIndex(m.bytes, `manifest ${d.digest}`, d.mediaType ?? m.mediaType);
  }
  const manifest: Manifest = doc.manifest;
  const configBytes = await fetcher.fetchBlob(manifest.config, `config ${manifest.config.digest}`);
  checkDigest(configBytes, manifest.config.digest, `config ${manifest.config.digest}`);
  const config = parseImageConfig(configBytes, `config ${manifest.config.digest}`);
  const layers = describeLayers(manifest, config, `${opts.reference}`);
  for (const l of manifest.layers) {
    const mt = l.mediaType ?? '';
    if (/foreign|nondistributable/.test(mt) && l.urls?.length) {
      // Windows foreign layers live elsewhere; we never fetch arbitrary URLs from a manifest.
      throw new ImageError('UNSUPPORTED_MEDIA_TYPE', `${opts.reference}: layer ${l.digest} is a foreign layer (${mt})`);
    }
  }
  const plat = platformOfConfig(config);
  const info: ImageInfo = {
    reference: opts.reference,
    sourceKind: opts.sourceKind,
    manifestDigest: digest,
    configDigest: manifest.config.digest,
    ...(opts.repoTags ? { repoTags: opts.repoTags } : {}),
    ...(plat ? { platform: plat } : {}),
    layers,
    config: summarizeConfig(config),
  };
  return {
    info,
    openLayer: (i) => {
      const d = manifest.layers[i];
      if (!d) throw new ImageError('INVALID_MANIFEST', `${opts.reference}: no layer ${i}`);
      return verifyDigest(fetcher.openBlob(d, `layer ${d.digest}`), d.digest, `${opts.reference}: layer ${i} (${d.digest})`);
    },
    ...(fetcher.openBlobRandom ? {
      openLayerRandom: (i: number) => {
        const d = manifest.layers[i];
        if (!d) throw new ImageError('INVALID_MANIFEST', `${opts.reference}: no layer ${i}`);
        return fetcher.openBlobRandom!(d, `${opts.reference}: layer ${i} (${d.digest})`);
      },
    } : {}),
    close: opts.close,
  };
}
