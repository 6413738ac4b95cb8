/**
 * The normalised advisory model every feed is converted to (OSV 1.6 shaped: https://ossf.github.io/osv-schema/),
 * plus the distro statuses that OSV cannot express. Shared by vulndb (writes), match (reads) and reports.
 */

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'NEGLIGIBLE' | 'UNKNOWN';

export const SEVERITY_ORDER: readonly Severity[] = ['UNKNOWN', 'NEGLIGIBLE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

/** One source's rating of a vulnerability: a label, a CVSS vector with its score, or both. */
export interface SeverityRating {
  /** Who rated: 'debian', 'ubuntu', 'alpine', 'redhat', 'ghsa', 'nvd', 'osv', … */
  source: string;
  severity?: Severity;
  cvss?: { version: CvssVersion; vector: string; score?: number };
}

/**
 * Where a package stands for one advisory. `affected` = vulnerable with no fix yet; the distro labels say why a
 * fix is not coming (kept, labelled and filterable; `not_affected` is never reported as a finding).
 */
export type AffectedStatus =
  | 'fixed'
  | 'affected'
  | 'wont_fix'
  | 'no_dsa'
  | 'ignored'
  | 'postponed'
  | 'end_of_life'
  | 'needs_triage'
  | 'not_affected';

export type RangeEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

export interface AffectedRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT';
  events: RangeEvent[];
}

export interface AffectedPackage {
  /**
   * OSV ecosystem, with the release for distros exactly as OSV writes it: 'Debian:12', 'Alpine:v3.20',
   * 'Ubuntu:22.04', 'Red Hat:enterprise_linux:9::appstream', 'npm', 'PyPI', 'Maven', 'Go', 'crates.io', …
   */
  ecosystem: string;
  /** Package name as the feed keys it: the source package for Debian/Ubuntu, the origin for Alpine. */
  name: string;
  purl?: string;
  ranges: AffectedRange[];
  /** Explicitly listed affected versions (OSV `versions`). */
  versions?: string[];
  /** For distro trackers that say more than ranges do. Absent = derived from the ranges. */
  status?: AffectedStatus;
  /** Vendor severity for this package (Debian urgency, Ubuntu priority), when the feed has one. */
  severity?: Severity;
  /** Free text the feed attaches (Debian/Ubuntu notes). */
  note?: string;
  /**
   * rpm: the module stream the entry is for, `name:stream` ('nginx:1.16'), when the feed says (Red Hat's purls carry
   * it as the `rpmmod` qualifier). Matching compares it with the installed package's modularity label.
   */
  module?: string;
  /**
   * rpm: the architectures the entry is for, when the feed says (the `arch` qualifier of an rpm purl; Rocky and
   * Alma errata fix some packages per architecture). Absent: every architecture.
   */
  arches?: string[];
}

export interface Advisory {
  /** Feed's own id: CVE-…, DEBIAN-CVE-…, GHSA-…, GO-…, MAL-…, RUSTSEC-… */
  id: string;
  aliases: string[];
  related?: string[];
  summary?: string;
  details?: string;
  published?: string;
  modified?: string;
  withdrawn?: string;
  /** Feed id that produced the record ('osv-debian', 'alpine-secdb', 'ubuntu-uct', 'nvd', …). */
  source: string;
  severities: SeverityRating[];
  cwes?: string[];
  references?: string[];
  affected: AffectedPackage[];
  /** OSV MAL- records (OpenSSF malicious packages). */
  malicious?: boolean;
}

/** CISA Known Exploited Vulnerabilities entry. */
export interface KevEntry {
  cve: string;
  dateAdded: string;
  dueDate?: string;
  knownRansomwareCampaignUse?: string;
  vendorProject?: string;
  product?: string;
}

/** FIRST EPSS score. */
export interface EpssScore {
  cve: string;
  /** Probability of exploitation activity in the next 30 days, 0..1. */
  score: number;
  percentile: number;
  date?: string;
}
