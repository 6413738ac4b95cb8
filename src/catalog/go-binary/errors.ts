/** Errors raised while reading executables and the Go build information in them. */
export type BinaryErrorCode =
  /** Not ELF, Mach-O or PE (or a fat Mach-O, which is not read). */
  | 'EXE_UNKNOWN_FORMAT'
  /** A header, table or section points outside the file or has impossible values. */
  | 'EXE_MALFORMED'
  /** No Go build information blob: not a Go binary (or one stripped of it). */
  | 'GO_NO_BUILDINFO'
  /** The build information blob is cut short or its strings point outside the file. */
  | 'GO_BUILDINFO_MALFORMED';

export class BinaryError extends Error {
  override readonly name = 'BinaryError';
  constructor(
    readonly code: BinaryErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
