/**
 * Ubuntu: the Ubuntu CVE Tracker (OSV 'Ubuntu:22.04:LTS') keys advisories by SOURCE package and release; versions
 * compare with dpkg rules. VERSION_ID is the release ('22.04'); a '-ESM' suffix (an image with Ubuntu Pro's ESM
 * enabled, or Trivy's convention) selects the ESM end date and the ESM pockets' statements (esmLookup).
 */
import type { Package } from '../model/index.js';
import type { AdvisoryLookup } from '../vulndb/types.js';
import { sourceKey } from './debian.js';
import { isBeforeEndOfDay, matchDistro } from './distro-match.js';
import type { DistroKeying } from './distro-match.js';
import type { MatchResult, ReleaseSupport } from './types.js';

export const id = 'ubuntu';
export const displayName = 'Ubuntu';

/**
 * End of standard support, and of ESM (Ubuntu Pro) for LTS releases.
 * Sources: https://ubuntu.com/about/release-cycle, https://wiki.ubuntu.com/Releases
 */
export const UBUNTU_EOL: Readonly<Record<string, { standard: string; esm?: string }>> = {
  '12.04': { standard: '2017-04-28', esm: '2019-04-26' },
  '14.04': { standard: '2019-04-25', esm: '2024-04-25' },
  '16.04': { standard: '2021-04-30', esm: '2026-04-30' },
  '18.04': { standard: '2023-05-31', esm: '2028-04-30' },
  '20.04': { standard: '2025-05-29', esm: '2030-04-30' },
  '22.04': { standard: '2027-06-30', esm: '2032-04-30' },
  '22.10': { standard: '2023-07-20' },
  '23.04': { standard: '2024-01-25' },
  '23.10': { standard: '2024-07-11' },
  '24.04': { standard: '2029-05-31', esm: '2034-04-30' },
  '24.10': { standard: '2025-07-10' },
  '25.04': { standard: '2026-01-15' },
  '25.10': { standard: '2026-07-09' },
};

/**
 * '22.04' from VERSION_ID; '22.04-ESM' when Ubuntu Pro's extended security maintenance is on (`extendedSupport`, or a
 * version already written '20.04-ESM'), for the end-of-life check.
 */
export function releaseOf(os: { version?: string; extendedSupport?: boolean }): string | undefined {
  const m = /^(\d+\.\d+)(-ESM)?/i.exec(os.version?.trim() ?? '');
  return m ? `${m[1]}${m[2] || os.extendedSupport ? '-ESM' : ''}` : undefined;
}

function baseRelease(release: string): string {
  return release.replace(/-ESM$/i, '');
}

/** Supported at `now`? Plain releases use the end of standard support, '-ESM' releases the end of ESM. */
export function isSupportedRelease(release: string, now: Date): ReleaseSupport {
  const row = UBUNTU_EOL[baseRelease(release)];
  if (!row) return 'unknown';
  const esm = /-ESM$/i.test(release);
  const date = esm ? row.esm : row.standard;
  if (!date) return 'unknown';
  return isBeforeEndOfDay(date, now) ? 'supported' : 'end_of_life';
}

const keying: DistroKeying = { ecosystem: 'ubuntu', scheme: 'deb', vendor: 'ubuntu', keyOf: sourceKey };

/**
 * The lookup an Ubuntu Pro image (release '18.04-ESM') matches against: for each record, its entries for the ESM
 * pockets (`Ubuntu:Pro:18.04:LTS`, stored as release '18.04-ESM') when it has any for the package, else its plain
 * release's. The ESM statement is the newer one for such an image: a CVE the plain release marks "ignored (end of
 * standard support)" may be "needed" or released in esm-infra.
 */
export function esmLookup(lookup: AdvisoryLookup, base: string): AdvisoryLookup {
  return {
    maliciousByPackage: (q) => lookup.maliciousByPackage(q),
    byId: (id) => lookup.byId(id),
    kev: (cve) => lookup.kev(cve),
    epss: (cve) => lookup.epss(cve),
    releases: (ecosystem) => lookup.releases(ecosystem),
    byPackage(q) {
      const esm = lookup.byPackage({ ...q, release: `${base}-ESM` });
      if (esm.length === 0) return lookup.byPackage({ ...q, release: base });
      const covered = new Set(esm.map((a) => a.id));
      return [...esm, ...lookup.byPackage({ ...q, release: base }).filter((a) => !covered.has(a.id))];
    },
  };
}

/** Match dpkg packages of an Ubuntu release; an '-ESM' release also reads the ESM pockets (esmLookup). */
export function match(release: string, packages: readonly Package[], lookup: AdvisoryLookup): MatchResult {
  const base = baseRelease(release);
  return matchDistro(keying, base, packages, release === base ? lookup : esmLookup(lookup, base));
}

export const matcher = { id, displayName, families: ['ubuntu'], packageType: 'dpkg', releaseOf, isSupportedRelease, match } as const;
