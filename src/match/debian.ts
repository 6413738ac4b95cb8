/**
 * Debian: advisories are keyed by SOURCE package and the release number (Debian Security Tracker, OSV 'Debian:12');
 * versions compare with dpkg rules (deb scheme). The release comes from VERSION_ID ('12'), the debian_version
 * file ('12.8' → '12') or the codename ('bookworm', also 'trixie/sid' in testing images).
 */
import type { Package } from '../model/index.js';
import type { AdvisoryLookup } from '../vulndb/types.js';
import { isBeforeEndOfDay, matchDistro } from './distro-match.js';
import type { DistroKeying } from './distro-match.js';
import type { MatchResult, ReleaseSupport } from './types.js';

export const id = 'debian';
export const displayName = 'Debian';

/** Codename → release number. Source: https://wiki.debian.org/DebianReleases */
export const DEBIAN_CODENAMES: Readonly<Record<string, string>> = {
  buzz: '1.1', rex: '1.2', bo: '1.3', hamm: '2.0', slink: '2.1', potato: '2.2', woody: '3.0', sarge: '3.1',
  etch: '4', lenny: '5', squeeze: '6', wheezy: '7', jessie: '8', stretch: '9', buster: '10', bullseye: '11',
  bookworm: '12', trixie: '13', forky: '14',
};

/**
 * End of security support including LTS (the security tracker keeps publishing fixes until then).
 * Sources: https://wiki.debian.org/DebianReleases, https://wiki.debian.org/LTS (dates as published there).
 */
export const DEBIAN_EOL: Readonly<Record<string, string>> = {
  '4': '2010-02-15',
  '5': '2012-02-06',
  '6': '2016-02-29',
  '7': '2018-05-31',
  '8': '2020-06-30',
  '9': '2022-06-30',
  '10': '2024-06-30',
  '11': '2026-08-31',
  '12': '2028-06-30',
  '13': '2030-06-30',
};

/** Release number from os-release facts, or undefined. */
export function releaseOf(os: { version?: string; codename?: string }): string | undefined {
  const v = os.version?.trim();
  if (v && /^\d+/.test(v)) {
    const major = /^(\d+)/.exec(v)?.[1] ?? v;
    // Debian 1.x–3.x were numbered with a minor part that is the release.
    return Number(major) < 4 ? (/^\d+\.\d+/.exec(v)?.[0] ?? major) : major;
  }
  const name = (os.codename ?? v ?? '').split('/')[0]?.trim().toLowerCase() ?? '';
  return DEBIAN_CODENAMES[name];
}

/** Supported at `now`? A release missing from the table (newer than it) is 'unknown'. */
export function isSupportedRelease(release: string, now: Date): ReleaseSupport {
  const eol = DEBIAN_EOL[release];
  if (!eol) return 'unknown';
  return isBeforeEndOfDay(eol, now) ? 'supported' : 'end_of_life';
}

/** dpkg `Source:` name and version, falling back to the binary's own (dpkg does the same when Source is absent). */
export function sourceKey(pkg: Package): { name: string; version: string; bySource: boolean } {
  return { name: pkg.source?.name ?? pkg.name, version: pkg.source?.version ?? pkg.version, bySource: true };
}

const keying: DistroKeying = { ecosystem: 'debian', scheme: 'deb', vendor: 'debian', keyOf: sourceKey };

/** Match dpkg packages of a Debian release. */
export function match(release: string, packages: readonly Package[], lookup: AdvisoryLookup): MatchResult {
  return matchDistro(keying, release, packages, lookup);
}

export const matcher = { id, displayName, families: ['debian'], packageType: 'dpkg', releaseOf, isSupportedRelease, match } as const;
