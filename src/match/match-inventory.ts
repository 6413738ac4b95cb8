/**
 * The entry point the scan pipeline calls: an inventory and an advisory lookup in, findings out. OS packages go to
 * the image's distro matcher (exact release); language packages to the OSV matcher, except those an OS package owns.
 */
import { isOsPackageType } from '../model/index.js';
import type { Inventory, Package } from '../model/index.js';
import type { AdvisoryLookup, EcosystemFamily } from '../vulndb/types.js';
import { notScannedPackage } from './distro-match.js';
import { matchLanguagePackage } from './language.js';
import { ecosystemOf } from './redhat.js';
import { getDistroMatcher } from './registry.js';
import type { MatchOptions, MatchResult } from './types.js';

function distroEcosystem(family: string, matcherId: string): EcosystemFamily | undefined {
  if (matcherId === 'redhat') return ecosystemOf(family);
  return matcherId as EcosystemFamily;
}

function matchOsPackages(inventory: Inventory, os: Package[], lookup: AdvisoryLookup, now: Date, out: MatchResult): void {
  if (os.length === 0) return;
  const info = inventory.os;
  const matcher = info ? getDistroMatcher(info.family) : undefined;
  if (!info || !matcher) {
    const what = info ? `OS family '${info.family}' has no distro matcher` : 'no operating system was detected';
    out.warnings.push(`${what}: ${os.length} OS package(s) not scanned`);
    for (const p of os) out.notScanned.push({ package: notScannedPackage(p), reason: 'UNSUPPORTED_OS', message: what });
    return;
  }
  const release = matcher.releaseOf(info);
  const own = os.filter((p) => p.type === matcher.packageType);
  // An rpm database inside a Debian image (or dpkg inside Alpine) is not the distro's: its packages did not come
  // from the distro's archive, so the distro's advisories say nothing about them.
  for (const p of os.filter((q) => q.type !== matcher.packageType)) {
    out.notScanned.push({
      package: notScannedPackage(p),
      reason: 'FOREIGN_PACKAGE_MANAGER',
      message: `${p.type} package in a ${info.family} image: ${matcher.displayName} advisories cover ${matcher.packageType} packages only`,
    });
  }
  if (!release) {
    const msg = `cannot tell the ${matcher.displayName} release from os-release (version ${JSON.stringify(info.version ?? '')})`;
    out.warnings.push(msg);
    for (const p of own) out.notScanned.push({ package: notScannedPackage(p), reason: 'UNKNOWN_OS_RELEASE', message: msg });
    return;
  }
  const note = matcher.releaseNote?.(info, release);
  if (note) out.warnings.push(note);
  const support = matcher.isSupportedRelease(release, now, info.family);
  if (support === 'end_of_life') {
    out.warnings.push(`${info.family} ${release} is end-of-life: it gets no more security fixes, so findings may be missing`);
  }
  const ecosystem = distroEcosystem(info.family, matcher.id);
  const base = release.replace(/-ESM$/i, '');
  if (ecosystem && !lookup.releases(ecosystem).includes(base)) {
    out.warnings.push(`the advisory database has no data for ${info.family} ${base}: OS packages had nothing to match against`);
  }
  const r = matcher.match(release, own, lookup, info.family);
  out.findings.push(...r.findings);
  out.notScanned.push(...r.notScanned);
  out.warnings.push(...r.warnings);
}

/**
 * Match every package of an inventory.
 * OS packages: by the distro's keying (source package for Debian/Ubuntu, origin for Alpine, binary name for the
 * Red Hat family) and the exact release. Language packages: OSV ranges of their ecosystem. Language packages with
 * `ownedBy` are listed in `notScanned` with reason OWNED_BY_OS_PACKAGE and `coveredBy` = the owner.
 *
 * @example
 * const { findings, notScanned, warnings } = matchInventory(inventory, lookup, { now: new Date() });
 */
export function matchInventory(inventory: Inventory, lookup: AdvisoryLookup, options: MatchOptions = {}): MatchResult {
  const now = options.now ?? new Date();
  const out: MatchResult = { findings: [], notScanned: [], warnings: [] };
  const os = inventory.packages.filter((p) => isOsPackageType(p.type));
  matchOsPackages(inventory, os, lookup, now, out);
  for (const pkg of inventory.packages) {
    if (isOsPackageType(pkg.type)) continue;
    if (pkg.ownedBy) {
      out.notScanned.push({
        package: notScannedPackage(pkg),
        reason: 'OWNED_BY_OS_PACKAGE',
        message: `installed by ${pkg.ownedBy.type} package ${pkg.ownedBy.name} ${pkg.ownedBy.version}: the distro's advisories for it apply`,
        coveredBy: pkg.ownedBy,
      });
      continue;
    }
    const r = matchLanguagePackage(pkg, lookup);
    if ('findings' in r) out.findings.push(...r.findings);
    else out.notScanned.push({ package: notScannedPackage(pkg), reason: r.reason, message: r.message });
  }
  return out;
}
