/** Errors raised by the policy module (filters, gates, the ignore file and VEX input). */
export type PolicyErrorCode =
  /** A flag or option value is not usable (a severity name, a status): the CLI exits 2. */
  | 'INVALID_OPTION'
  /** The ignore file is not valid YAML or not the documented shape: the CLI exits 3. */
  | 'INVALID_IGNORE_FILE'
  /** A VEX document is not valid JSON, not OpenVEX or CycloneDX, or breaks its spec: the CLI exits 3. */
  | 'INVALID_VEX'
  /** An input is larger than the parser accepts: the CLI exits 3. */
  | 'INPUT_TOO_LARGE';

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    readonly code: PolicyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
