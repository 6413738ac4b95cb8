/**
 * The read interface matching uses. The SQLite store implements it; tests can implement it over arrays. Matching
 * receives it as a value (like sigstore's key finder functions), which keeps src/match pure.
 */
import type { Advisory, EpssScore, KevEntry } from '../model/index.js';

/**
 * Ecosystem families, lower-case. Distro families take a release; language ecosystems do not.
 * OSV names map onto these: 'Debian:12' → debian/12, 'Alpine:v3.20' → alpine/3.20, 'Ubuntu:22.04' → ubuntu/22.04,
 * 'Red Hat:enterprise_linux:9::appstream' → redhat/9, 'crates.io' → crates.io, 'PyPI' → pypi, …
 */
export type EcosystemFamily =
  | 'alpine' | 'almalinux' | 'debian' | 'redhat' | 'rocky' | 'ubuntu'
  | 'crates.io' | 'go' | 'hex' | 'julia' | 'maven' | 'npm' | 'nuget' | 'packagist' | 'pub' | 'pypi' | 'rubygems';

export interface PackageQuery {
  ecosystem: EcosystemFamily;
  /** Distro release as the family numbers it: '12', '3.20', '22.04', '9'. */
  release?: string;
  /** Name as feeds key it (source package for Debian/Ubuntu, origin for Alpine; normalised for PyPI). */
  name: string;
}

export interface AdvisoryLookup {
  /**
   * Advisories with an `affected` entry for the package; each returned advisory's `affected` holds only the
   * entries that matched the query. Withdrawn records are never returned.
   */
  byPackage(q: PackageQuery): Advisory[];
  /** Malicious-package records (OSV MAL-) for a language package. */
  maliciousByPackage(q: PackageQuery): Advisory[];
  /**
   * Records by id or alias, to merge other sources' ratings and text (NVD and others) into a finding. Their
   * `affected` lists are empty: a record found this way is read for its own fields, never matched, and the affected
   * lists of some (Red Hat's) run to hundreds of entries.
   */
  byId(id: string): Advisory[];
  kev(cve: string): KevEntry | undefined;
  epss(cve: string): EpssScore | undefined;
  /** Distro releases the database knows about for a family (for "not scanned"/EOL warnings). */
  releases(ecosystem: EcosystemFamily): string[];
}
