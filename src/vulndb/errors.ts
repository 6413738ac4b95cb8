/** Typed errors of the advisory database: feed parsing, downloads, the SQLite store. */

export type VulnDbErrorCode =
  | 'ZIP_CORRUPT'
  | 'FEED_CORRUPT'
  | 'FEED_UNKNOWN'
  | 'FEED_NOT_FOUND'
  | 'DOWNLOAD_FAILED'
  | 'DB_MISSING'
  | 'DB_CORRUPT'
  | 'DB_SCHEMA'
  | 'BUNDLE_CORRUPT';

/** One error class for the module; `code` is part of the API (the CLI maps it to an exit code). */
export class VulnDbError extends Error {
  override readonly name = 'VulnDbError';
  readonly code: VulnDbErrorCode;

  constructor(code: VulnDbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A problem with one record or file of a feed. Parsers carry on past bad records and return these, so the build
 * can report them: nothing is dropped silently.
 */
export interface FeedIssue {
  /** Stable SCREAMING_SNAKE code. */
  code: 'RECORD_INVALID' | 'RECORD_TOO_LARGE' | 'MEMBER_UNREADABLE' | 'FILE_INVALID' | 'FILE_MISSING';
  message: string;
  /** The feed file (URL path or archive name). */
  file: string;
  /** The record inside it (zip member, CVE id, line number). */
  record?: string;
}
