/** Errors raised by report formats and the report registry. */
export type ReportErrorCode = 'UNSUPPORTED_FORMAT' | 'INVALID_OPTION' | 'INVALID_INVENTORY';

export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(
    readonly code: ReportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
