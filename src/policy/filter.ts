/** Finding filters: `--severity`, `--ignore-unfixed` / `--only-fixed`, status and package type selection. */
import type { AffectedStatus, Finding, PackageType, ScanResult, Severity } from '../model/index.js';
import { isOsPackageType, PACKAGE_TYPES, SEVERITY_ORDER } from '../model/index.js';
import { PolicyError } from './errors.js';

/** The statuses a finding can have (`not_affected` is never a finding). */
export type FindingStatus = Exclude<AffectedStatus, 'not_affected'>;

export const FINDING_STATUSES: readonly FindingStatus[] = [
  'fixed', 'affected', 'wont_fix', 'no_dsa', 'ignored', 'postponed', 'end_of_life', 'needs_triage',
];

/** What `filterFindings` keeps. Every field is optional; an empty object keeps everything. */
export interface FindingFilter {
  /** Keep only findings with one of these severities (`--severity CRITICAL,HIGH`). Empty or absent: all. */
  severities?: readonly Severity[];
  /** Drop findings that have no fixed version (`--ignore-unfixed`). Malicious packages are never dropped. */
  ignoreUnfixed?: boolean;
  /** Grype's name for the same filter (`--only-fixed`); either flag turns it on. */
  onlyFixed?: boolean;
  /** Keep only findings with one of these statuses (e.g. drop `wont_fix`). Empty or absent: all. */
  statuses?: readonly FindingStatus[];
  /**
   * Keep only findings in these package types (`--pkg-types os`): `os` (dpkg, apk, rpm), `library` (every other
   * type) or a package type. Empty or absent: all.
   */
  packageTypes?: readonly PackageTypeSelector[];
}

/** A `--pkg-types` entry: a package class or one package type. */
export type PackageTypeSelector = 'os' | 'library' | PackageType;

/**
 * A comma-separated `--pkg-types` list (`os,npm`).
 * @throws {PolicyError} `INVALID_OPTION` for an unknown class or type, or an empty list.
 * @example parsePackageTypes('OS, npm') // ['os', 'npm']
 */
export function parsePackageTypes(text: string): PackageTypeSelector[] {
  const parts = text.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
  if (parts.length === 0) throw new PolicyError('INVALID_OPTION', 'empty package type list');
  const known: readonly string[] = ['os', 'library', ...PACKAGE_TYPES];
  for (const p of parts) {
    if (!known.includes(p)) throw new PolicyError('INVALID_OPTION', `unknown package type "${p.slice(0, 40)}" (known: ${known.join(', ')})`);
  }
  return [...new Set(parts)] as PackageTypeSelector[];
}

function typeSelected(type: PackageType, selectors: readonly PackageTypeSelector[]): boolean {
  const os = isOsPackageType(type);
  return selectors.some((s) => s === type || (s === 'os' && os) || (s === 'library' && !os));
}

/**
 * A severity name from a flag, case-insensitive (`high` → `HIGH`).
 * @throws {PolicyError} `INVALID_OPTION` naming the accepted values.
 * @example parseSeverity('critical') // 'CRITICAL'
 */
export function parseSeverity(text: string): Severity {
  const s = text.trim().toUpperCase();
  if ((SEVERITY_ORDER as readonly string[]).includes(s)) return s as Severity;
  throw new PolicyError('INVALID_OPTION', `unknown severity "${text.slice(0, 40)}" (known: ${[...SEVERITY_ORDER].reverse().join(', ')})`);
}

/**
 * A comma-separated severity list from a flag (`CRITICAL,high`), without duplicates.
 * @throws {PolicyError} `INVALID_OPTION` for an unknown name or an empty list.
 * @example parseSeverityList('critical,HIGH') // ['CRITICAL', 'HIGH']
 */
export function parseSeverityList(text: string): Severity[] {
  const parts = text.split(',').map((x) => x.trim()).filter(Boolean);
  if (parts.length === 0) throw new PolicyError('INVALID_OPTION', 'empty severity list');
  return [...new Set(parts.map(parseSeverity))];
}

/**
 * A comma-separated status list from a flag (`fixed,affected`).
 * @throws {PolicyError} `INVALID_OPTION` for an unknown status.
 * @example parseStatusList('fixed, wont_fix') // ['fixed', 'wont_fix']
 */
export function parseStatusList(text: string): FindingStatus[] {
  const parts = text.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
  if (parts.length === 0) throw new PolicyError('INVALID_OPTION', 'empty status list');
  for (const p of parts) {
    if (!(FINDING_STATUSES as readonly string[]).includes(p)) {
      throw new PolicyError('INVALID_OPTION', `unknown status "${p.slice(0, 40)}" (known: ${FINDING_STATUSES.join(', ')})`);
    }
  }
  return [...new Set(parts)] as FindingStatus[];
}

/** True when a finding passes the filter. */
export function keepsFinding(f: Finding, filter: FindingFilter): boolean {
  if (filter.severities?.length && !filter.severities.includes(f.severity)) return false;
  if (filter.statuses?.length && !filter.statuses.includes(f.status)) return false;
  if (filter.packageTypes?.length && !typeSelected(f.package.type, filter.packageTypes)) return false;
  // A malicious package has no fixed version, and hiding it for that reason would be wrong.
  if ((filter.ignoreUnfixed || filter.onlyFixed) && f.kind !== 'malicious' && !f.fixedVersion) return false;
  return true;
}

/**
 * The scan result with only the findings the filter keeps. Suppressed findings, not-scanned packages and warnings
 * are left as they are; the dropped findings are not moved anywhere (they were not suppressed, only not asked for).
 * @example filterFindings(result, { severities: ['CRITICAL', 'HIGH'], ignoreUnfixed: true })
 */
export function filterFindings(result: ScanResult, filter: FindingFilter): ScanResult {
  return { ...result, findings: result.findings.filter((f) => keepsFinding(f, filter)) };
}
