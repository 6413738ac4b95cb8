/** Open an image from a registry: resolve the reference, follow indexes to the platform, stream verified layers. */
import { ImageError } from '../../errors.js';
import { formatReference, parseReference } from '../../oci/reference.js';
import type { Descriptor } from '../../oci/schema.js';
import { checkDigest, resolveImage, sha256Digest, type BlobFetcher } from '../resolve-manifest.js';
import type { OpenedImage } from '../types.js';
import { BlobCache } from './blob-cache.js';
import { MANIFEST_ACCEPT, RegistryClient, type ClientOptions } from './client.js';
import { findCredentials, type CredentialOptions } from './credentials.js';

export interface RegistryOptions extends Omit<ClientOptions, 'credentials'>, CredentialOptions {
  platform?: string;
  /** Directory of the blob cache; no caching when absent. */
  cacheDir?: string;
}

const MAX_MANIFEST = 8 * 1024 * 1024;

async function readLimited(res: { body: AsyncIterable<Uint8Array> | null }, limit: number, what: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  if (res.body) {
    for await (const c of res.body) {
      n += c.length;
      if (n > limit) throw new ImageError('LIMIT_EXCEEDED', `${what} is larger than ${limit} bytes`);
      parts.push(c);
    }
  }
  return Buffer.concat(parts);
}

export async function openRegistryImage(refText: string, opts: RegistryOptions = {}): Promise<OpenedImage> {
  const ref = parseReference(refText);
  const credentials = await findCredentials(ref.registry, opts);
  const client = new RegistryClient(ref.registry, { ...opts, ...(credentials ? { credentials } : {}) });
  const repo = ref.repository;
  const cache = opts.cacheDir ? new BlobCache(opts.cacheDir) : undefined;
  const fetcher: BlobFetcher = {
    async fetchManifest(r, what) {
      const res = await client.getOk(`/v2/${repo}/manifests/${r}`, repo, what, MANIFEST_ACCEPT);
      const bytes = await readLimited(res, MAX_MANIFEST, what);
      const digest = res.headers.get('docker-content-digest') ?? undefined;
      return { bytes, ...(res.headers.get('content-type') ? { mediaType: res.headers.get('content-type')! } : {}), ...(digest ? { digest } : {}) };
    },
    async fetchBlob(d: Descriptor, what) {
      const res = await client.getOk(`/v2/${repo}/blobs/${d.digest}`, repo, what);
      return readLimited(res, MAX_MANIFEST, what);
    },
    openBlob(d: Descriptor, what) {
      return (async function* () {
        if (cache && (await cache.has(d.digest))) {
          yield* cache.open(d.digest);
          return;
        }
        const res = await client.getOk(`/v2/${repo}/blobs/${d.digest}`, repo, what);
        if (!res.body) throw new ImageError('REGISTRY_ERROR', `${what}: empty response`);
        const body = res.body as AsyncIterable<Uint8Array>;
        yield* cache ? cache.store(d.digest, body) : body;
      })();
    },
    // A blob already in the cache is a local file: read like a layout's, its digest checked in a worker.
    ...(cache ? { openBlobRandom: (d: Descriptor, what: string) => cache.openRandom(d.digest, what) } : {}),
  };
  const start = await fetcher.fetchManifest(ref.digest ?? ref.tag ?? 'latest', `manifest ${ref.digest ?? ref.tag}`);
  // By digest, the content must hash to it; by tag, to the digest the registry reports (when it reports one).
  const expected = ref.digest ?? start.digest;
  if (expected) checkDigest(start.bytes, expected, `${formatReference(ref)} manifest`);
  return resolveImage(fetcher, { bytes: start.bytes, digest: expected ?? sha256Digest(start.bytes), ...(start.mediaType ? { mediaType: start.mediaType } : {}) }, {
    platform: opts.platform,
    reference: formatReference(ref),
    sourceKind: 'registry',
    close: async () => undefined,
  });
}
