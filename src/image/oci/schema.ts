/**
 * zod schemas for the OCI image spec and Docker image manifest v2 schema 2 documents we read. Only the fields
 * we use are listed. Specs: opencontainers/image-spec (manifest.md, image-index.md, config.md, image-layout.md),
 * distribution/distribution docs/spec/manifest-v2-2.md.
 */
import { z } from 'zod';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
} as const;

const digest = z.string().regex(/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/);

export const descriptor = z.object({
  mediaType: z.string().optional(),
  digest,
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string()).optional(),
  platform: z
    .object({
      architecture: z.string(),
      os: z.string(),
      variant: z.string().optional(),
      'os.version': z.string().optional(),
    })
    .optional(),
});
export type Descriptor = z.infer<typeof descriptor>;

export const manifest = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: descriptor,
  layers: z.array(descriptor),
  annotations: z.record(z.string()).optional(),
});
export type Manifest = z.infer<typeof manifest>;

export const index = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(descriptor),
  annotations: z.record(z.string()).optional(),
});
export type ImageIndex = z.infer<typeof index>;

export const imageConfig = z.object({
  architecture: z.string().optional(),
  os: z.string().optional(),
  variant: z.string().optional(),
  created: z.string().optional(),
  config: z
    .object({
      User: z.string().optional().nullable(),
      Env: z.array(z.string()).optional().nullable(),
      Entrypoint: z.array(z.string()).optional().nullable(),
      Cmd: z.array(z.string()).optional().nullable(),
      WorkingDir: z.string().optional().nullable(),
      ExposedPorts: z.record(z.unknown()).optional().nullable(),
      Labels: z.record(z.string()).optional().nullable(),
    })
    .passthrough()
    .optional()
    .nullable(),
  rootfs: z.object({ type: z.string(), diff_ids: z.array(digest) }),
  history: z
    .array(z.object({ created: z.string().optional(), created_by: z.string().optional(), empty_layer: z.boolean().optional(), comment: z.string().optional() }))
    .optional()
    .nullable(),
});
export type ImageConfig = z.infer<typeof imageConfig>;

/** docker save's manifest.json */
export const dockerArchiveManifest = z.array(
  z.object({
    Config: z.string(),
    RepoTags: z.array(z.string()).optional().nullable(),
    Layers: z.array(z.string()),
  }),
);

/** OCI layout index.json is an image index; oci-layout holds the version. */
export const ociLayout = z.object({ imageLayoutVersion: z.string() });
