/**
 * Policy over a scan result, as pure functions: suppression (ignore file, VEX), filters and the `--fail-on` gate.
 * See docs/policy.md. The scan command calls {@link applyPolicy}, or the steps one by one.
 */
import type { ScanResult, Severity } from '../model/index.js';
import { filterFindings, type FindingFilter } from './filter.js';
import { evaluateGate, exitCodeForGate, type ExitCode, type GateResult } from './gate.js';
import { applyIgnoreFile, type IgnoreFile } from './ignore-file.js';
import { applyVex, type VexDocument } from './vex.js';

export { PolicyError, type PolicyErrorCode } from './errors.js';
export {
  FINDING_STATUSES, filterFindings, keepsFinding, parsePackageTypes, parseSeverity, parseSeverityList, parseStatusList, type FindingFilter, type FindingStatus,
  type PackageTypeSelector,
} from './filter.js';
export { EXIT_CODES, evaluateGate, exitCodeForGate, type ExitCode, type GateResult } from './gate.js';
export {
  applyIgnoreFile, ignoreEntryMatches, isExpired, MAX_IGNORE_ENTRIES, MAX_IGNORE_FILE_LENGTH, parseIgnoreFile, type IgnoreEntry, type IgnoreFile,
} from './ignore-file.js';
export { ignoreFileFormat, parseTrivyIgnore, parseTrivyIgnoreYaml } from './trivy-ignore.js';
export { idMatches, imageMatches, parsePurl, purlMatches, type PurlParts } from './match.js';
export {
  applyVex, MAX_VEX_LENGTH, MAX_VEX_STATEMENTS, parseVex, vexStatementMatches, type VexDocument, type VexProduct, type VexStatement, type VexStatus,
} from './vex.js';

/** Everything `drydock scan` may apply, already parsed. */
export interface PolicyInput {
  ignoreFile?: IgnoreFile;
  vex?: readonly VexDocument[];
  filter?: FindingFilter;
  failOn?: Severity;
  /** The current time, for ignore-entry expiry. */
  now: Date;
}

/** The result after policy, the gate's verdict (when `failOn` was given) and the exit code it implies. */
export interface PolicyOutcome {
  result: ScanResult;
  gate?: GateResult;
  exitCode: ExitCode;
}

/**
 * Apply the policy in its fixed order: VEX statements, then the ignore file (both suppress), then the filters, then
 * the gate over the findings that are left. Suppressed and filtered-out findings never fail the gate.
 * @example applyPolicy(result, { vex: [doc], filter: { ignoreUnfixed: true }, failOn: 'HIGH', now: new Date() }).exitCode
 */
export function applyPolicy(result: ScanResult, input: PolicyInput): PolicyOutcome {
  let r = result;
  if (input.vex?.length) r = applyVex(r, input.vex);
  if (input.ignoreFile) r = applyIgnoreFile(r, input.ignoreFile, input.now);
  if (input.filter) r = filterFindings(r, input.filter);
  const gate = input.failOn ? evaluateGate(r.findings, input.failOn) : undefined;
  return { result: r, ...(gate ? { gate } : {}), exitCode: exitCodeForGate(gate) };
}
