/** Errors raised by the Kubernetes posture module (src/k8s). */
export type K8sErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'INPUT_TOO_LARGE'
  | 'TOO_MANY_FILES'
  | 'INVALID_ARGUMENT';

/** A typed error of the k8s module; `code` is part of the API (the CLI maps it to an exit code). */
export class K8sError extends Error {
  override readonly name = 'K8sError';
  constructor(
    readonly code: K8sErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
