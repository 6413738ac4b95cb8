/** Errors raised by the Kubernetes posture module (src/k8s). */
export type K8sErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'INPUT_TOO_LARGE'
  | 'TOO_MANY_FILES'
  | 'INVALID_ARGUMENT'
  /** The admission policy file is not valid (unknown keys are refused: a typo must not weaken enforcement). */
  | 'INVALID_POLICY'
  /** An AdmissionReview body that is not the admission.k8s.io/v1 shape. */
  | 'BAD_ADMISSION_REVIEW'
  /** The admission evaluation did not finish within its time limit. */
  | 'ADMISSION_TIMEOUT'
  /** A kubeconfig that cannot be read or has no usable context. */
  | 'BAD_KUBECONFIG'
  /** The cluster could not be reached or refused a list call. */
  | 'CLUSTER_UNREACHABLE'
  | 'CLUSTER_FORBIDDEN'
  /** A scan result file that is not `drydock scan -f json` output. */
  | 'BAD_SCAN_RESULT'
  /** `--scan-images` without an advisory database (run `drydock db update` or `drydock db import`). */
  | 'NO_ADVISORY_DB';

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
