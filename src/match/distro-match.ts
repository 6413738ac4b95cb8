/**
 * The loop every distro matcher runs: key each package the way the distro's feed keys it, look its advisories up
 * for the exact release, evaluate them with the distro's scheme, and build findings.
 */
import type { AffectedPackage, Package } from '../model/index.js';
import { getScheme } from '../versioning/registry.js';
import type { AdvisoryLookup, EcosystemFamily } from '../vulndb/types.js';
import { buildFindings } from './findings.js';
import { collectHits } from './hits.js';
import type { NotEvaluatedCode } from './errors.js';
import type { Hit, MatchResult, NotScanned } from './types.js';

/** How one distro keys its feed. */
export interface DistroKeying {
  ecosystem: EcosystemFamily;
  /** Version scheme id (deb, apk, rpm). */
  scheme: string;
  /** Rating source id of the distro, ranked first for severity. */
  vendor: string;
  /** The name and version the feed is keyed by, and whether that is the source package. */
  keyOf(pkg: Package): { name: string; version: string; bySource: boolean };
  /**
   * Whether an entry found under the package's key applies to this package (Red Hat module streams): true, false,
   * or why that cannot be told (the hit is then reported not evaluated). Default: true.
   */
  applies?(pkg: Package, entry: AffectedPackage): boolean | { code: NotEvaluatedCode; message: string };
}

function applicableHits(applies: NonNullable<DistroKeying['applies']>, pkg: Package, hits: readonly Hit[]): Hit[] {
  const out: Hit[] = [];
  for (const h of hits) {
    const verdict = applies(pkg, h.entry);
    if (verdict === true) out.push(h);
    else if (verdict !== false) out.push(h.notEvaluated ? h : { ...h, notEvaluated: verdict });
  }
  return out;
}

/** Describe a package for `notScanned`. */
export function notScannedPackage(pkg: Package): NotScanned['package'] {
  return { type: pkg.type, name: pkg.name, version: pkg.version, purl: pkg.purl, location: pkg.locations[0] ?? '' };
}

/** Match the packages of one release. */
export function matchDistro(keying: DistroKeying, release: string, packages: readonly Package[], lookup: AdvisoryLookup): MatchResult {
  const result: MatchResult = { findings: [], notScanned: [], warnings: [] };
  const scheme = getScheme(keying.scheme);
  // Binary packages built from one source share its records: evaluate each (source, version) once.
  const seen = new Map<string, ReturnType<typeof collectHits>>();
  for (const pkg of packages) {
    const key = keying.keyOf(pkg);
    if (!key.version) {
      result.notScanned.push({ package: notScannedPackage(pkg), reason: 'MISSING_VERSION', message: 'the package has no version' });
      continue;
    }
    const memo = `${key.name}\u0000${key.version}`;
    let hits: Hit[] | undefined = seen.get(memo);
    if (!hits) {
      hits = collectHits(lookup, { ecosystem: keying.ecosystem, release, name: key.name }, key.version, scheme, keying.scheme, false);
      seen.set(memo, hits);
    }
    if (keying.applies) hits = applicableHits(keying.applies, pkg, hits);
    const ctx = key.bySource
      ? { vendor: keying.vendor, sourceName: key.name, sourceVersion: key.version }
      : { vendor: keying.vendor };
    result.findings.push(...buildFindings(pkg, hits, lookup, { ...ctx, compare: scheme?.compare }));
  }
  return result;
}

/** A "YYYY-MM-DD" end-of-life date compared with now (the whole last day counts as supported). */
export function isBeforeEndOfDay(date: string, now: Date): boolean {
  return now.getTime() <= Date.parse(`${date}T23:59:59Z`);
}
