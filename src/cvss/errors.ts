/** Typed errors of the CVSS module. */

/** Stable error code: the CLI prints it and maps it to an exit code. */
export type CvssErrorCode = 'INVALID_VECTOR';

/** Why a vector was rejected (finer than `code`, also SCREAMING_SNAKE and part of the API). */
export type CvssErrorReason =
  | 'EMPTY'
  | 'BAD_PREFIX'
  | 'UNSUPPORTED_VERSION'
  | 'MALFORMED_METRIC'
  | 'UNKNOWN_METRIC'
  | 'DUPLICATE_METRIC'
  | 'INVALID_VALUE'
  | 'MISSING_METRIC'
  | 'WRONG_ORDER'
  | 'INCOMPLETE_GROUP';

/** Longest part of the vector quoted in a message: input may come from untrusted feeds. */
const MAX_QUOTED = 200;

/**
 * A vector string that is not a valid CVSS v2, v3.0, v3.1 or v4.0 vector.
 * `vector` holds the input as given; the message quotes it (shortened when very long).
 */
export class CvssError extends Error {
  override readonly name = 'CvssError';
  readonly code: CvssErrorCode = 'INVALID_VECTOR';

  constructor(
    readonly vector: string,
    readonly reason: CvssErrorReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    const quoted = vector.length > MAX_QUOTED ? `${vector.slice(0, MAX_QUOTED)}…` : vector;
    super(`invalid CVSS vector ${JSON.stringify(quoted)}: ${detail}`, options);
  }
}
