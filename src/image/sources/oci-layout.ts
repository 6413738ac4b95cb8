/**
 * OCI image layouts (image-spec image-layout.md): a directory or a tar archive holding `oci-layout`, `index.json`
 * and `blobs/<alg>/<hex>`. The image is picked by the `org.opencontainers.image.ref.name` annotation (the tag), or
 * is the only one.
 */
import { stat, readFile } from 'node:fs/promises';
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ImageError } from '../errors.js';
import { parseJsonDocument } from '../oci/parse.js';
import { index as indexSchema, type Descriptor } from '../oci/schema.js';
import { openArchive, type ArchiveReader } from './archive.js';
import { checkDigest, resolveImage, type BlobFetcher } from './resolve-manifest.js';
import { randomAccessLayer } from './sync-range.js';
import type { OpenedImage, OpenOptions, RandomAccessLayer } from './types.js';

const REF_NAME = 'org.opencontainers.image.ref.name';
const MAX_DOC = 16 * 1024 * 1024;

interface LayoutFiles {
  read(name: string): Promise<Uint8Array>;
  stream(name: string): AsyncIterable<Uint8Array>;
  /** A blob with random access; `storedDigest` is checked when it is hashed. */
  random(name: string, what: string, storedDigest: string): RandomAccessLayer;
  close(): Promise<void>;
}

function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  if (!alg || !hex || !/^[a-z0-9+._-]+$/.test(alg) || !/^[a-zA-Z0-9=_-]+$/.test(hex)) {
    throw new ImageError('INVALID_MANIFEST', `bad digest ${digest}`);
  }
  return `blobs/${alg}/${hex}`;
}

function dirFiles(root: string): LayoutFiles {
  return {
    async read(name) {
      const p = join(root, name);
      const s = await stat(p).catch(() => undefined);
      if (!s) throw new ImageError('INVALID_MANIFEST', `${root}: ${name} is missing`);
      if (s.size > MAX_DOC) throw new ImageError('LIMIT_EXCEEDED', `${root}: ${name} is larger than ${MAX_DOC} bytes`);
      return readFile(p);
    },
    stream: (name) => createReadStream(join(root, name), { highWaterMark: 1024 * 1024 }),
    random(name, what, storedDigest) {
      let fd: number;
      try {
        fd = openSync(join(root, name), 'r');
      } catch (err) {
        throw new ImageError('INVALID_MANIFEST', `${root}: ${name} is missing`, { cause: err });
      }
      return randomAccessLayer(fd, 0, fstatSync(fd).size, what, { storedDigest, close: () => closeSync(fd) });
    },
    close: async () => undefined,
  };
}

function archiveFiles(ar: ArchiveReader): LayoutFiles {
  return {
    read: (name) => ar.read(name, MAX_DOC),
    stream: (name) => ar.stream(name),
    random(name, what, storedDigest) {
      const r = ar.range(name);
      return randomAccessLayer(r.fd, r.offset, r.size, what, { storedDigest });
    },
    close: () => ar.close(),
  };
}

async function openLayout(files: LayoutFiles, where: string, kind: 'oci-dir' | 'oci-archive', opts: OpenOptions): Promise<OpenedImage> {
  try {
    const idx = parseJsonDocument(await files.read('index.json'), indexSchema, `${where}: index.json`);
    let pick: Descriptor | undefined;
    if (opts.tag) {
      pick = idx.manifests.find((m) => {
        const n = m.annotations?.[REF_NAME];
        return n === opts.tag || (n !== undefined && n.endsWith(`:${opts.tag}`));
      });
      if (!pick) {
        const names = idx.manifests.map((m) => m.annotations?.[REF_NAME]).filter(Boolean);
        throw new ImageError('IMAGE_NOT_FOUND', `${where} has no image tagged ${opts.tag} (it has: ${names.join(', ') || 'untagged images'})`);
      }
    } else if (idx.manifests.length === 1) {
      pick = idx.manifests[0];
    } else if (idx.manifests.length === 0) {
      throw new ImageError('IMAGE_NOT_FOUND', `${where}: index.json lists no image`);
    } else {
      // Several entries: a multi-platform layout lists platform manifests directly; otherwise ask for a tag.
      if (idx.manifests.every((m) => m.platform)) {
        const bytes = await files.read('index.json');
        return resolveImage(fetcherFor(files), { bytes, digest: `${where}/index.json`, mediaType: 'application/vnd.oci.image.index.v1+json' }, {
          platform: opts.platform, reference: where, sourceKind: kind, close: () => files.close(),
        });
      }
      const names = idx.manifests.map((m) => m.annotations?.[REF_NAME] ?? m.digest);
      throw new ImageError('AMBIGUOUS_IMAGE', `${where} holds ${idx.manifests.length} images; pick one with :TAG or --tag (${names.join(', ')})`);
    }
    const bytes = await files.read(blobPath(pick!.digest));
    checkDigest(bytes, pick!.digest, `${where}: manifest ${pick!.digest}`);
    const tag = pick!.annotations?.[REF_NAME];
    return await resolveImage(fetcherFor(files), { bytes, digest: pick!.digest, ...(pick!.mediaType ? { mediaType: pick!.mediaType } : {}) }, {
      platform: opts.platform,
      reference: tag ? `${where}:${tag}` : where,
      sourceKind: kind,
      close: () => files.close(),
    });
  } catch (err) {
    await files.close();
    throw err;
  }
}

function fetcherFor(files: LayoutFiles): BlobFetcher {
  return {
    async fetchManifest(ref) {
      return { bytes: await files.read(blobPath(ref)) };
    },
    fetchBlob: (d) => files.read(blobPath(d.digest)),
    openBlob: (d) => files.stream(blobPath(d.digest)),
    openBlobRandom: (d, what) => files.random(blobPath(d.digest), what, d.digest),
  };
}

export async function openOciDir(path: string, opts: OpenOptions = {}): Promise<OpenedImage> {
  const s = await stat(join(path, 'oci-layout')).catch(() => undefined);
  if (!s) throw new ImageError('UNSUPPORTED_SOURCE', `${path} is not an OCI image layout (no oci-layout file)`);
  return openLayout(dirFiles(path), path, 'oci-dir', opts);
}

export async function openOciArchive(path: string, opts: OpenOptions = {}): Promise<OpenedImage> {
  const ar = await openArchive(path);
  if (!ar.has('oci-layout') || !ar.has('index.json')) {
    await ar.close();
    throw new ImageError('UNSUPPORTED_SOURCE', `${path} is not an OCI archive (no oci-layout/index.json)`);
  }
  return openLayout(archiveFiles(ar), path, 'oci-archive', opts);
}
