/** Typed errors of the secrets engine. Messages never quote scanned content: it may be the secret. */

export type SecretsErrorCode =
  /** An option is out of range (e.g. a negative size limit). */
  | 'INVALID_OPTIONS';

/** An error raised by the secrets engine. */
export class SecretsError extends Error {
  readonly code: SecretsErrorCode;

  constructor(code: SecretsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretsError';
    this.code = code;
  }
}
