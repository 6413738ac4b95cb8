/** Shapes of the matching API: options, results, and the distro matcher plug-in interface. */
import type { AffectedPackage, AffectedStatus, Advisory, Finding, OwnerRef, Package, PackageType } from '../model/index.js';
import type { AdvisoryLookup } from '../vulndb/types.js';
import type { NotEvaluatedCode, NotScannedReason } from './errors.js';

export interface MatchOptions {
  /** "Now" for end-of-life checks; defaults to the current time. Tests pass a fixed date. */
  now?: Date;
}

/** A package that was not matched, and why. */
export interface NotScanned {
  package: { type: PackageType; name: string; version: string; purl: string; location: string };
  reason: NotScannedReason;
  message: string;
  /** For OWNED_BY_OS_PACKAGE: the OS package whose distro advisories cover this one. */
  coveredBy?: OwnerRef;
}

/** What matching returns: findings, the packages it could not match, and release-level warnings. */
export interface MatchResult {
  findings: Finding[];
  notScanned: NotScanned[];
  warnings: string[];
}

/** One advisory entry that applies to one package: the raw material of a finding before aliases are merged. */
export interface Hit {
  kind: Finding['kind'];
  advisory: Advisory;
  entry: AffectedPackage;
  status: Exclude<AffectedStatus, 'not_affected'>;
  fixedVersion?: string;
  notEvaluated?: { code: NotEvaluatedCode; message: string };
}

/** Where a release stands in the distro's support calendar. */
export type ReleaseSupport = 'supported' | 'end_of_life' | 'unknown';

/**
 * A distro family's matcher (one file per family, listed in registry.ts). It mirrors Trivy's ospkg driver, but
 * advisories come in through the lookup value, which keeps it pure.
 */
export interface DistroMatcher {
  readonly id: string;
  readonly displayName: string;
  /** os-release IDs this matcher handles (debian; rhel, centos, …). */
  readonly families: readonly string[];
  /** The package type the distro installs with; other OS package types are reported as not scanned. */
  readonly packageType: PackageType;
  /** The release as the advisory database numbers it ('12', '22.04', '3.17', '9'), or undefined. */
  releaseOf(os: { family: string; version?: string; codename?: string; repositoryRelease?: string; extendedSupport?: boolean }): string | undefined;
  /** Why the release differs from what os-release says, when it does (Alpine's repositories); shown as a warning. */
  releaseNote?(os: { family: string; version?: string; repositoryRelease?: string }, release: string): string | undefined;
  /** Is the release still supported at `now` (end-of-life tables with their sources in each file)? */
  isSupportedRelease(release: string, now: Date, family?: string): ReleaseSupport;
  /** Match the distro's packages of one release. */
  match(release: string, packages: readonly Package[], lookup: AdvisoryLookup, family?: string): MatchResult;
}
