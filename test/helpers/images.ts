/**
 * Tiny images on disk for tests: a `docker save` archive (plain-tar layers, read with random access) and an OCI
 * layout (gzip layers, streamed), built from layer tars that tests craft with makeTar, hostile ones included.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeTar } from './tar.js';

export const sha256 = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function config(diffIds: string[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: diffIds.map((_, i) => ({ created_by: `layer ${i}` })),
  }));
}

/**
 * Write `docker save` archive at `path`. `diffIds` overrides the config's diff IDs (to forge a mismatch).
 * @returns the archive path
 */
export function writeDockerArchive(path: string, layers: Uint8Array[], opts: { diffIds?: string[]; tag?: string } = {}): string {
  const diffIds = opts.diffIds ?? layers.map(sha256);
  const cfg = config(diffIds);
  const cfgName = `${sha256(cfg).slice(7)}.json`;
  const layerNames = layers.map((l, i) => `${i}${sha256(l).slice(7, 19)}/layer.tar`);
  const manifest = [{ Config: cfgName, RepoTags: [opts.tag ?? 'test/image:latest'], Layers: layerNames }];
  writeFileSync(path, makeTar([
    { name: 'manifest.json', body: JSON.stringify(manifest) },
    { name: cfgName, body: cfg },
    ...layers.map((l, i) => ({ name: layerNames[i]!, body: l })),
  ]));
  return path;
}

/**
 * Write an OCI image layout directory at `dir` with gzip-compressed layers (`gzip: false` stores them plain).
 * @returns the layout directory
 */
export function writeOciLayout(dir: string, layers: Uint8Array[], opts: { gzip?: boolean } = {}): string {
  const gzip = opts.gzip ?? true;
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (b: Uint8Array): string => {
    const d = sha256(b);
    writeFileSync(join(blobs, d.slice(7)), b);
    return d;
  };
  const cfg = config(layers.map(sha256));
  const cfgDigest = put(cfg);
  const stored = layers.map((l) => (gzip ? gzipSync(l) : l));
  const manifest = new TextEncoder().encode(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: cfgDigest, size: cfg.length },
    layers: stored.map((b) => ({
      mediaType: gzip ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar',
      digest: put(b),
      size: b.length,
    })),
  }));
  const mDigest = put(manifest);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: mDigest, size: manifest.length }],
  }));
  return dir;
}
