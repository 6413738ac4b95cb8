/** Errors raised by the scan report formats and their registry. */
export type VulnReportErrorCode = 'UNSUPPORTED_FORMAT' | 'INVALID_OPTION' | 'INVALID_SCAN_RESULT';

export class VulnReportError extends Error {
  override readonly name = 'VulnReportError';
  constructor(
    readonly code: VulnReportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
