/**
 * `docker save` archives: manifest.json lists each image's config file, RepoTags and layer files (uncompressed
 * tars in the classic format, blobs in the OCI-compatible format of Docker 25+). Several images can be in one
 * archive; pick one by tag. Layer files are checked against the config's diff IDs by the pipeline.
 */
import { createHash } from 'node:crypto';
import { ImageError } from '../errors.js';
import { dockerArchiveManifest } from '../oci/schema.js';
import { describeLayers, parseImageConfig, parseJsonDocument, platformOfConfig, summarizeConfig } from '../oci/parse.js';
import { openArchive } from './archive.js';
import { randomAccessLayer } from './sync-range.js';
import type { OpenedImage, OpenOptions } from './types.js';

function matchesTag(repoTag: string, want: string): boolean {
  if (repoTag === want) return true;
  const withLatest = want.includes(':') && want.lastIndexOf(':') > want.lastIndexOf('/') ? want : `${want}:latest`;
  const norm = (t: string): string => t.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return norm(repoTag) === norm(withLatest);
}

export async function openDockerArchive(path: string, opts: OpenOptions = {}): Promise<OpenedImage> {
  const ar = await openArchive(path);
  try {
    if (!ar.has('manifest.json')) throw new ImageError('UNSUPPORTED_SOURCE', `${path} is not a docker save archive (no manifest.json)`);
    const entries = parseJsonDocument(await ar.read('manifest.json'), dockerArchiveManifest, `${path}: manifest.json`);
    if (entries.length === 0) throw new ImageError('IMAGE_NOT_FOUND', `${path}: manifest.json lists no image`);
    let entry = entries[0]!;
    if (opts.tag) {
      const found = entries.find((e) => (e.RepoTags ?? []).some((t) => matchesTag(t, opts.tag!)));
      if (!found) {
        const tags = entries.flatMap((e) => e.RepoTags ?? []);
        throw new ImageError('IMAGE_NOT_FOUND', `${path} has no image tagged ${opts.tag} (it has: ${tags.join(', ') || 'untagged images'})`);
      }
      entry = found;
    } else if (entries.length > 1) {
      const tags = entries.map((e) => (e.RepoTags ?? ['<untagged>']).join(','));
      throw new ImageError('AMBIGUOUS_IMAGE', `${path} holds ${entries.length} images; pick one with a tag (${path}:TAG or --tag): ${tags.join('; ')}`);
    }
    const configBytes = await ar.read(entry.Config);
    const configDigest = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
    const config = parseImageConfig(configBytes, `${path}: ${entry.Config}`);
    const layers = describeLayers(undefined, config, `${path}: ${entry.Config}`);
    if (entry.Layers.length !== layers.length) {
      throw new ImageError('INVALID_MANIFEST', `${path}: manifest.json lists ${entry.Layers.length} layers but the config has ${layers.length} diff IDs`);
    }
    entry.Layers.forEach((name, i) => {
      layers[i]!.size = ar.size(name);
    });
    const platform = platformOfConfig(config);
    return {
      info: {
        reference: path,
        sourceKind: 'docker-archive',
        configDigest,
        ...(entry.RepoTags?.length ? { repoTags: entry.RepoTags } : {}),
        ...(platform ? { platform } : {}),
        layers,
        config: summarizeConfig(config),
      },
      // The layer file is an uncompressed tar (classic format) or a blob; its diff ID is verified downstream.
      openLayer: (i) => ar.stream(entry.Layers[i]!),
      openLayerRandom: (i) => {
        const r = ar.range(entry.Layers[i]!);
        return randomAccessLayer(r.fd, r.offset, r.size, `${path}: ${entry.Layers[i]!}`);
      },
      close: () => ar.close(),
    };
  } catch (err) {
    await ar.close();
    throw err;
  }
}
