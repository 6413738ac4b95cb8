/** Typed errors of the misconfiguration checks. Codes are API: the CLI maps them to exit codes. */

export type MisconfigErrorCode =
  /** The input is larger than the checker accepts (protects against memory and time blow-ups). */
  | 'INPUT_TOO_LARGE'
  /** The input has NUL bytes or is not text: a binary file was passed as a Dockerfile. */
  | 'INPUT_NOT_TEXT'
  /** The input has more instructions than the checker accepts. */
  | 'TOO_MANY_INSTRUCTIONS'
  /** The parser library failed on the input. */
  | 'PARSE_FAILED';

/** An error raised while checking a file for misconfigurations. */
export class MisconfigError extends Error {
  readonly code: MisconfigErrorCode;

  constructor(code: MisconfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MisconfigError';
    this.code = code;
  }
}
