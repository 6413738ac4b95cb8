/** Errors raised while reading an image: its reference, manifests, layers and sources. */
export type ImageErrorCode =
  | 'INVALID_REFERENCE'
  | 'UNSUPPORTED_SOURCE'
  | 'SOURCE_NOT_FOUND'
  | 'IMAGE_NOT_FOUND'
  | 'AMBIGUOUS_IMAGE'
  | 'PLATFORM_NOT_FOUND'
  | 'INVALID_MANIFEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DIGEST_MISMATCH'
  | 'TAR_CORRUPT'
  | 'TAR_TRUNCATED'
  | 'PATH_TRAVERSAL'
  | 'LINK_ESCAPE'
  | 'DECOMPRESSION_FAILED'
  | 'DECOMPRESSION_BOMB'
  | 'LIMIT_EXCEEDED'
  | 'READ_FAILED'
  | 'REGISTRY_AUTH'
  | 'REGISTRY_ERROR'
  | 'NETWORK';

export class ImageError extends Error {
  override readonly name = 'ImageError';
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Prefix an error thrown while reading one layer with the layer's name, keeping code and cause. */
export function inLayer(err: unknown, layer: string): ImageError {
  if (err instanceof ImageError) {
    if (err.message.includes(layer)) return err;
    return new ImageError(err.code, `layer ${layer}: ${err.message}`, { cause: err.cause ?? err });
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new ImageError('TAR_CORRUPT', `layer ${layer}: ${msg}`, { cause: err });
}
