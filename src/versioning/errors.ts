/** Typed errors of the versioning module. Codes are part of the API: the CLI maps them to exit codes. */

export type VersionErrorCode = 'INVALID_VERSION' | 'INVALID_RANGE';

/** Longest input quoted back in an error message; hostile inputs can be megabytes long. */
const MAX_QUOTED = 80;

/** Quote an input for an error message, cut short so a huge input does not flood logs. */
export function quoteInput(input: string): string {
  const cut = input.length > MAX_QUOTED ? `${input.slice(0, MAX_QUOTED)}… (${input.length} chars)` : input;
  return JSON.stringify(cut);
}

/** A version or range that a scheme cannot read. Never a guessed ordering: callers must handle it. */
export class VersionError extends Error {
  override readonly name = 'VersionError';
  readonly code: VersionErrorCode;
  /** The scheme id that rejected the input (deb, npm, and so on). */
  readonly scheme: string;
  /** The rejected input, as given. */
  readonly input: string;

  constructor(code: VersionErrorCode, scheme: string, input: string, reason: string, options?: { cause?: unknown }) {
    const what = code === 'INVALID_RANGE' ? 'range' : 'version';
    super(`invalid ${scheme} ${what} ${quoteInput(input)}: ${reason}`, options);
    this.code = code;
    this.scheme = scheme;
    this.input = input;
  }
}

/** True when `err` is a VersionError (optionally with the given code). */
export function isVersionError(err: unknown, code?: VersionErrorCode): err is VersionError {
  return err instanceof VersionError && (code === undefined || err.code === code);
}
