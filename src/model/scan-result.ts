/** The result of `drydock scan`: the inventory, the findings, and what could not be checked. */
import type { Finding } from './finding.js';
import type { Inventory } from './inventory.js';
import type { PackageType } from './package.js';

export interface NotScanned {
  package: { type: PackageType; name: string; version: string; purl: string; location: string };
  /** SCREAMING_SNAKE reason: OWNED_BY_OS_PACKAGE, UNSUPPORTED_ECOSYSTEM, UNKNOWN_RELEASE, … */
  reason: string;
  detail?: string;
}

/** A finding hidden by an ignore rule or a VEX statement, kept so reports can say why. */
export interface Suppressed {
  finding: Finding;
  by: 'ignore-file' | 'vex';
  reason: string;
  /** VEX justification (e.g. vulnerable_code_not_in_execute_path). */
  justification?: string;
}

export interface RiskScore {
  /** 0..100 */
  score: number;
  /** How the score was computed, term by term, for reports. */
  explanation: string[];
}

export interface ScanResult {
  schema: 'drydock-scan/1';
  inventory: Inventory;
  findings: Finding[];
  suppressed: Suppressed[];
  notScanned: NotScanned[];
  warnings: string[];
  risk?: RiskScore;
  /** The advisory database the scan used: per-source update times. */
  database?: { builtAt?: string; sources: { id: string; fetchedAt?: string; records?: number }[] };
}
