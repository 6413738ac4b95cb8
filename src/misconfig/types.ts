/**
 * The rule engine's shapes, shared by every rule set (Dockerfile today, image config later).
 * Kept free of any one input format so reports (table, JSON, SARIF) can render any rule set the same way.
 */

/** How bad a finding is, from worst to least. The same scale the vulnerability report uses. */
export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFO';

/** Severities from least to most severe; the index is the rank used by `--severity` and `--fail-on`. */
export const SEVERITIES: readonly Severity[] = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** Returns true when `s` is one of the severity names (exact, upper case). */
export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

/**
 * Compares two severities by rank.
 * @returns a negative number when `a` is less severe than `b`, 0 when equal, positive when more severe.
 * @example compareSeverity('HIGH', 'LOW') > 0 // true
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/** What a rule is, independent of any input: enough to document it and to fill a SARIF `reportingDescriptor`. */
export interface RuleMeta {
  /** Stable id, `DD-<set>-NNN` (e.g. `DD-DF-001`). Never reused for a different check. */
  id: string;
  /** One line, imperative or descriptive (shown in tables). */
  title: string;
  severity: Severity;
  /** What the rule looks for and why it matters. */
  description: string;
  /** What to do instead. */
  advice: string;
  /** Links to the documentation the rule is based on. */
  references: string[];
}

/** One place a rule matched, as a rule reports it (1-based lines). */
export interface RuleHit {
  line: number;
  endLine?: number;
  /** Says what matched, e.g. the offending image reference or command. */
  message: string;
}

/** A rule over an input of type `T` (a parsed Dockerfile, an image config …). */
export interface Rule<T> extends RuleMeta {
  check(input: T): RuleHit[];
}

/** A rule hit with the rule's metadata attached and the file it concerns: what reports show. */
export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  message: string;
  /** The file the finding is in, as given by the caller (relative path or the argument given). */
  file: string;
  /** 1-based start line. */
  line: number;
  endLine?: number;
  advice: string;
  references: string[];
}
