/** Errors raised by catalogers and the catalog registry. */
export type CatalogErrorCode = 'UNSUPPORTED_CATALOGER' | 'MALFORMED_FILE' | 'FILE_TOO_LARGE';

export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
