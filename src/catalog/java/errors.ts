/** Errors raised while reading Java archives (zip containers). */
export type JavaArchiveErrorCode =
  /** No end-of-central-directory record: not a zip, or cut short. */
  | 'ZIP_NOT_AN_ARCHIVE'
  /** A record points outside the file, or is cut short. */
  | 'ZIP_TRUNCATED'
  /** A record has the wrong signature or impossible values. */
  | 'ZIP_MALFORMED'
  /** More central-directory entries than the limit allows. */
  | 'ZIP_TOO_MANY_ENTRIES'
  /** Compression method other than stored (0) or deflate (8), or an encrypted entry. */
  | 'ZIP_UNSUPPORTED_ENTRY'
  /** Inflating would exceed the entry's declared size or the archive's inflate budget (zip bomb defence). */
  | 'ZIP_INFLATE_LIMIT'
  /** The deflate stream is corrupt. */
  | 'ZIP_INFLATE_FAILED'
  /** The inflated bytes do not match the entry's CRC-32. */
  | 'ZIP_CRC_MISMATCH';

export class JavaArchiveError extends Error {
  override readonly name = 'JavaArchiveError';
  constructor(
    readonly code: JavaArchiveErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
