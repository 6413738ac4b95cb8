/** Errors of the rpm database readers. A whole file that cannot be read throws; a bad record becomes an issue. */
export type RpmDbErrorCode =
  /** The file is not the database format its name says (bad magic, wrong page type). */
  | 'RPMDB_BAD_MAGIC'
  /** A format feature Drydock does not read (encrypted Berkeley DB, unknown NDB version). */
  | 'RPMDB_UNSUPPORTED'
  /** Structure out of range: truncated file, offsets past the end, cycles. */
  | 'RPMDB_CORRUPT'
  /** An rpm header blob that cannot be read (index or data store out of range). */
  | 'RPM_HEADER_CORRUPT';

export class RpmDbError extends Error {
  override readonly name = 'RpmDbError';
  constructor(
    readonly code: RpmDbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
