/** Parsing and selecting OCI/Docker manifests, indexes and configs (pure: bytes in, values out). */
import type { z } from 'zod';
import type { ImageInfo, ImageLayer } from '../../model/index.js';
import { ImageError } from '../errors.js';
import { imageConfig, index, manifest, MEDIA_TYPES, type Descriptor, type ImageConfig, type ImageIndex, type Manifest } from './schema.js';

const decoder = new TextDecoder();

/**
 * Parse JSON bytes against a schema.
 * @throws ImageError INVALID_MANIFEST naming `what`
 */
export function parseJsonDocument<T extends z.ZodTypeAny>(bytes: Uint8Array | string, schema: T, what: string): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof bytes === 'string' ? bytes : decoder.decode(bytes));
  } catch (err) {
    throw new ImageError('INVALID_MANIFEST', `${what} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ImageError('INVALID_MANIFEST', `${what} does not match its schema: ${first ? `${first.path.join('.')}: ${first.message}` : r.error.message}`);
  }
  return r.data as z.infer<T>;
}

export type ManifestOrIndex = { kind: 'manifest'; manifest: Manifest } | { kind: 'index'; index: ImageIndex };

/** Tell a manifest from an index by media type, or by shape when the media type is absent (umoci omits it). */
export function parseManifestOrIndex(bytes: Uint8Array, what: string, mediaTypeHint?: string): ManifestOrIndex {
  const text = decoder.decode(bytes);
  let mt = mediaTypeHint?.split(';')[0]?.trim();
  let probe: unknown;
  try {
    probe = JSON.parse(text);
  } catch (err) {
    throw new ImageError('INVALID_MANIFEST', `${what} is not valid JSON`, { cause: err });
  }
  if (probe && typeof probe === 'object') {
    const o = probe as Record<string, unknown>;
    if (typeof o.mediaType === 'string') mt = o.mediaType;
    if (!mt) mt = Array.isArray(o.manifests) ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest;
    if (o.schemaVersion === 1) throw new ImageError('UNSUPPORTED_MEDIA_TYPE', `${what} is a Docker schema 1 manifest, which is not supported (deprecated since 2017)`);
  }
  if (mt === MEDIA_TYPES.ociIndex || mt === MEDIA_TYPES.dockerList) {
    return { kind: 'index', index: parseJsonDocument(text, index, what) };
  }
  if (mt === MEDIA_TYPES.ociManifest || mt === MEDIA_TYPES.dockerManifest) {
    return { kind: 'manifest', manifest: parseJsonDocument(text, manifest, what) };
  }
  throw new ImageError('UNSUPPORTED_MEDIA_TYPE', `${what} has unsupported media type ${mt}`);
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Parse "linux/arm64/v8". */
export function parsePlatform(s: string): Platform {
  const [os, architecture, variant] = s.split('/');
  if (!os || !architecture) throw new ImageError('PLATFORM_NOT_FOUND', `bad platform "${s}": expected os/arch[/variant]`);
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/**
 * Pick the manifest for a platform from an index. Attestation manifests (platform unknown/unknown) are skipped.
 * @throws ImageError PLATFORM_NOT_FOUND listing what the index offers
 */
export function selectPlatform(idx: ImageIndex, want: Platform, what: string): Descriptor {
  const candidates = idx.manifests.filter((m) => m.platform && m.platform.os === want.os && m.platform.architecture === want.architecture);
  const exact = candidates.find((m) => (want.variant ? m.platform?.variant === want.variant : true));
  // arm64 images usually say variant v8 or nothing; accept either when no variant was asked for.
  const pick = exact ?? (want.variant ? undefined : candidates[0]);
  if (!pick) {
    const offered = idx.manifests
      .filter((m) => m.platform && m.platform.os !== 'unknown')
      .map((m) => formatPlatform({ os: m.platform!.os, architecture: m.platform!.architecture, ...(m.platform!.variant ? { variant: m.platform!.variant } : {}) }));
    throw new ImageError('PLATFORM_NOT_FOUND', `${what} has no image for ${formatPlatform(want)} (it has: ${offered.join(', ') || 'none'})`);
  }
  return pick;
}

export function parseImageConfig(bytes: Uint8Array, what: string): ImageConfig {
  return parseJsonDocument(bytes, imageConfig, what);
}

/**
 * Combine a manifest's layer descriptors with the config's diff IDs and non-empty history entries.
 * @throws ImageError INVALID_MANIFEST when the counts disagree
 */
export function describeLayers(m: Manifest | undefined, config: ImageConfig, what: string): ImageLayer[] {
  const diffIds = config.rootfs.diff_ids;
  if (m && m.layers.length !== diffIds.length) {
    throw new ImageError('INVALID_MANIFEST', `${what}: manifest lists ${m.layers.length} layers but the config has ${diffIds.length} diff IDs`);
  }
  const history = (config.history ?? []).filter((h) => !h.empty_layer);
  return diffIds.map((diffId, index) => {
    const d = m?.layers[index];
    const h = history.length === diffIds.length ? history[index] : undefined;
    return {
      index,
      diffId,
      ...(d ? { digest: d.digest, size: d.size } : {}),
      ...(d?.mediaType ? { mediaType: d.mediaType } : {}),
      ...(h?.created_by ? { createdBy: h.created_by } : {}),
    };
  });
}

/** The parts of the config that reports and checks use. */
export function summarizeConfig(config: ImageConfig): NonNullable<ImageInfo['config']> {
  const c = config.config ?? {};
  const out: NonNullable<ImageInfo['config']> = {};
  if (c.User) out.user = c.User;
  if (c.Env) out.env = c.Env;
  if (c.Entrypoint) out.entrypoint = c.Entrypoint;
  if (c.Cmd) out.cmd = c.Cmd;
  if (c.WorkingDir) out.workingDir = c.WorkingDir;
  if (c.ExposedPorts) out.exposedPorts = Object.keys(c.ExposedPorts);
  if (c.Labels) out.labels = c.Labels;
  if (config.history) {
    out.history = config.history.map((h) => ({
      ...(h.created_by ? { createdBy: h.created_by } : {}),
      ...(h.empty_layer ? { emptyLayer: true } : {}),
      ...(h.created ? { created: h.created } : {}),
    }));
  }
  return out;
}

export function platformOfConfig(config: ImageConfig): string | undefined {
  if (!config.os || !config.architecture) return undefined;
  return formatPlatform({ os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) });
}
