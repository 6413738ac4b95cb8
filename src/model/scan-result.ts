/** The result of `drydock scan`: the inventory, the findings, and what could not be checked. */
import type { Severity } from './advisory.js';
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

/**
 * A finding of a rule-based check of the image itself: a secret in a file, the config or the history, or an image
 * hygiene problem (runs as root, setuid binaries, caches left behind …).
 */
export interface CheckFinding {
  kind: 'secret' | 'misconfig';
  /** DD-SEC-…, DD-IMG-… */
  ruleId: string;
  title: string;
  severity: Severity;
  message: string;
  advice: string;
  /** Absolute path inside the image, or `<image config>`. */
  path?: string;
  /** 1-based line, when one applies. */
  line?: number;
  layer?: number;
  /** Secrets: the file is gone from the final view but still in a layer (anyone who pulls the image can read it). */
  deleted?: boolean;
  deletedInLayer?: number;
  /** Secrets: the redacted match (first characters and `****`). Never the secret. */
  match?: string;
  references?: string[];
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
  /** Secrets and image hygiene findings (`--scanners secret,misconfig`). */
  checks?: CheckFinding[];
  risk?: RiskScore;
  /** The advisory database the scan used: per-source update times. */
  database?: { builtAt?: string; sources: { id: string; fetchedAt?: string; records?: number }[] };
}
