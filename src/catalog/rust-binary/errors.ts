/** Errors raised while reading cargo-auditable dependency data. */
export type RustAuditErrorCode =
  /** The `.dep-v0` section does not inflate (corrupt zlib stream). */
  | 'RUST_AUDIT_INFLATE_FAILED'
  /** The `.dep-v0` section inflates beyond the size limit (zip-bomb defence). */
  | 'RUST_AUDIT_TOO_LARGE'
  /** The inflated data is not the JSON cargo-auditable writes. */
  | 'RUST_AUDIT_MALFORMED';

export class RustAuditError extends Error {
  override readonly name = 'RustAuditError';
  constructor(
    readonly code: RustAuditErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
