/**
 * Language packages: matched against OSV ranges of their ecosystem, by the name the ecosystem's feed uses, with the
 * ecosystem's own version scheme. Packages whose files belong to an OS package are not matched here (see
 * match-inventory.ts): the distro's advisories for the owner cover them.
 */
import type { Package, PackageType } from '../model/index.js';
import { getScheme } from '../versioning/registry.js';
import type { AdvisoryLookup, EcosystemFamily } from '../vulndb/types.js';
import type { NotScannedReason } from './errors.js';
import { buildFindings } from './findings.js';
import { collectHits } from './hits.js';
import type { Finding } from '../model/index.js';

/** How one language package type is looked up and compared. */
export interface LanguageEcosystem {
  ecosystem: EcosystemFamily;
  /** Version scheme id in src/versioning. */
  scheme: string;
}

/** Package type → advisory ecosystem and version scheme. Types absent here are not scanned (never guessed). */
export const LANGUAGE_ECOSYSTEMS: Readonly<Partial<Record<PackageType, LanguageEcosystem>>> = {
  cargo: { ecosystem: 'crates.io', scheme: 'cargo' },
  composer: { ecosystem: 'packagist', scheme: 'composer' },
  gem: { ecosystem: 'rubygems', scheme: 'gem' },
  go: { ecosystem: 'go', scheme: 'go' },
  java: { ecosystem: 'maven', scheme: 'maven' },
  julia: { ecosystem: 'julia', scheme: 'julia' },
  npm: { ecosystem: 'npm', scheme: 'npm' },
  nuget: { ecosystem: 'nuget', scheme: 'nuget' },
  python: { ecosystem: 'pypi', scheme: 'pep440' },
};

/**
 * PyPI project name normalisation: lower case, runs of `-`, `_` and `.` become one `-`.
 * Source: https://packaging.python.org/en/latest/specifications/name-normalization/ (PEP 503).
 * @example normalizePypiName('Zope.Interface') // 'zope-interface'
 */
export function normalizePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The name a package's feed keys it by, or why there is none. */
export function feedName(pkg: Package): { name: string } | { reason: NotScannedReason; message: string } {
  switch (pkg.type) {
    case 'python':
      return { name: normalizePypiName(pkg.name) };
    case 'java': {
      // OSV Maven names are groupId:artifactId (https://ossf.github.io/osv-schema/#affectedpackage-field).
      const g = pkg.metadata?.groupId;
      const a = pkg.metadata?.artifactId;
      if (typeof g === 'string' && g !== '' && typeof a === 'string' && a !== '') return { name: `${g}:${a}` };
      if (pkg.name.includes(':') && !pkg.name.startsWith(':')) return { name: pkg.name };
      return { reason: 'MISSING_GROUP_ID', message: 'a Maven artifact without a groupId cannot be looked up by groupId:artifactId' };
    }
    default:
      // Go's standard library is the module 'stdlib' in the Go vulnerability database and OSV, as the cataloger names it.
      return { name: pkg.name };
  }
}

/** Match one language package (the caller has checked it is not owned by an OS package). */
export function matchLanguagePackage(
  pkg: Package,
  lookup: AdvisoryLookup,
): { findings: Finding[] } | { reason: NotScannedReason; message: string } {
  const eco = LANGUAGE_ECOSYSTEMS[pkg.type];
  if (!eco) return { reason: 'UNSUPPORTED_ECOSYSTEM', message: `no advisory ecosystem for ${pkg.type} packages` };
  if (!pkg.version) return { reason: 'MISSING_VERSION', message: 'the package has no version' };
  const named = feedName(pkg);
  if (!('name' in named)) return named;
  const scheme = getScheme(eco.scheme);
  const hits = collectHits(lookup, { ecosystem: eco.ecosystem, name: named.name }, pkg.version, scheme, eco.scheme, true);
  return { findings: buildFindings(pkg, hits, lookup, { compare: scheme?.compare }) };
}
