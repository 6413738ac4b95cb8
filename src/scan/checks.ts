/**
 * Secret and image-hygiene findings in the scan result's common shape (`CheckFinding`), so reports, filters and
 * the gate treat them like vulnerability findings.
 */
import { SEVERITY_ORDER, type CheckFinding, type Severity } from '../model/index.js';
import type { ImageHygieneFinding } from '../misconfig/image/index.js';
import type { SecretFinding } from '../secrets/index.js';

/** Misconfig rules rate INFO where advisories say NEGLIGIBLE. */
function toSeverity(s: string): Severity {
  return s === 'INFO' ? 'NEGLIGIBLE' : (s as Severity);
}

export function secretToCheck(f: SecretFinding): CheckFinding {
  return {
    kind: 'secret',
    ruleId: f.ruleId,
    title: f.title,
    severity: toSeverity(f.severity),
    // The secrets engine's message already says when a deleted file still holds the secret.
    message: f.message,
    advice: f.advice,
    path: f.path,
    ...(f.line ? { line: f.line } : {}),
    ...(f.layer !== undefined ? { layer: f.layer } : {}),
    ...(f.deleted ? { deleted: true } : {}),
    ...(f.deletedInLayer !== undefined ? { deletedInLayer: f.deletedInLayer } : {}),
    match: f.match,
  };
}

export function hygieneToCheck(f: ImageHygieneFinding): CheckFinding {
  return {
    kind: 'misconfig',
    ruleId: f.ruleId,
    title: f.title,
    severity: toSeverity(f.severity),
    message: f.message,
    advice: f.advice,
    ...(f.path ? { path: f.path } : {}),
    ...(f.line ? { line: f.line } : {}),
    ...(f.layer !== undefined ? { layer: f.layer } : {}),
    ...(f.references.length ? { references: f.references } : {}),
  };
}

/** `--severity` applies to checks as to vulnerabilities. */
export function filterChecks(checks: readonly CheckFinding[], severities?: readonly Severity[]): CheckFinding[] {
  return severities?.length ? checks.filter((c) => severities.includes(c.severity)) : [...checks];
}

/** The checks at or above `failOn` (one exit-code rule for every kind of finding). */
export function checksAtOrAbove(checks: readonly CheckFinding[], failOn: Severity): CheckFinding[] {
  const rank = (s: Severity): number => SEVERITY_ORDER.indexOf(s);
  return checks.filter((c) => rank(c.severity) >= rank(failOn));
}
