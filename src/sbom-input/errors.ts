/** Errors raised while reading an SBOM given with `--sbom`. Every message names the input. */
export type SbomInputErrorCode =
  /** The text is not JSON (and not a recognised XML or tag-value SBOM). */
  | 'NOT_JSON'
  /** JSON, but neither CycloneDX nor SPDX. */
  | 'UNKNOWN_SBOM_FORMAT'
  /** A recognised SBOM in a format or version Drydock does not read (CycloneDX XML, SPDX tag-value, SPDX 3 …). */
  | 'UNSUPPORTED_SBOM_FORMAT'
  /** Over the text or component limits (see `SBOM_LIMITS`). */
  | 'SBOM_TOO_LARGE'
  /** The document's top-level structure has the wrong types (e.g. `components` is not an array). */
  | 'INVALID_SBOM';

export class SbomInputError extends Error {
  override readonly name = 'SbomInputError';
  constructor(
    readonly code: SbomInputErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The first schema problems of a document, for an INVALID_SBOM message: "path: message; …". */
export function zodMessage(e: { issues: { path: (string | number)[]; message: string }[] }): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
