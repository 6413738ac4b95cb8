/** The `--fail-on <severity>` gate and the exit-code rule of `drydock scan`. */
import type { Finding, Severity } from '../model/index.js';
import { SEVERITY_ORDER } from '../model/index.js';

/** The gate's verdict. */
export interface GateResult {
  failed: boolean;
  /** The findings at or above the threshold, in the order given. */
  matched: Finding[];
}

/**
 * Fails when any finding is at or above `failOn` (in the model's order UNKNOWN < NEGLIGIBLE < LOW < MEDIUM < HIGH <
 * CRITICAL). Pass the findings left after suppression and filters: suppressed findings never fail a gate.
 * @example evaluateGate(result.findings, 'HIGH').failed
 */
export function evaluateGate(findings: readonly Finding[], failOn: Severity): GateResult {
  const threshold = SEVERITY_ORDER.indexOf(failOn);
  const matched = findings.filter((f) => SEVERITY_ORDER.indexOf(f.severity) >= threshold);
  return { failed: matched.length > 0, matched };
}

/** `drydock scan` exit codes. */
export const EXIT_CODES = {
  /** The scan ran and no gate failed. */
  ok: 0,
  /** `--fail-on` matched at least one finding. */
  gateFailed: 1,
  /** Bad flags or option values (PolicyError `INVALID_OPTION`). */
  usage: 2,
  /** An input could not be read or parsed: image, SBOM, ignore file, VEX document. */
  inputError: 3,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** 1 when the gate failed, else 0 (no gate: pass `undefined`). */
export function exitCodeForGate(gate: GateResult | undefined): ExitCode {
  return gate?.failed ? EXIT_CODES.gateFailed : EXIT_CODES.ok;
}
