/**
 * Alpine: secdb and OSV ('Alpine:v3.20') key advisories by ORIGIN package (the aport, `o:` in the installed db) and
 * branch; versions compare with apk-tools rules. The branch is the first two parts of alpine-release
 * (3.17.10 → 3.17); 'edge' stays 'edge'. When /etc/apk/repositories names a newer branch (an image upgraded
 * through newer repositories without a new alpine-release, or one installing from edge), packages come from that
 * branch, so its advisories are the ones that apply.
 */
import type { Package } from '../model/index.js';
import type { AdvisoryLookup } from '../vulndb/types.js';
import { isBeforeEndOfDay, matchDistro } from './distro-match.js';
import type { DistroKeying } from './distro-match.js';
import type { MatchResult, ReleaseSupport } from './types.js';

export const id = 'alpine';
export const displayName = 'Alpine Linux';

/** Branch end of support. Source: https://alpinelinux.org/releases/ */
export const ALPINE_EOL: Readonly<Record<string, string>> = {
  '3.0': '2016-05-01', '3.1': '2016-11-01', '3.2': '2017-05-01', '3.3': '2017-11-01', '3.4': '2018-05-01',
  '3.5': '2018-11-01', '3.6': '2019-05-01', '3.7': '2019-11-01', '3.8': '2020-05-01', '3.9': '2020-11-01',
  '3.10': '2021-05-01', '3.11': '2021-11-01', '3.12': '2022-05-01', '3.13': '2022-11-01', '3.14': '2023-05-01',
  '3.15': '2023-11-01', '3.16': '2024-05-23', '3.17': '2024-11-22', '3.18': '2025-05-09', '3.19': '2025-11-01',
  '3.20': '2026-04-01', '3.21': '2026-11-01', '3.22': '2027-05-01',
};

/** Branch from alpine-release / VERSION_ID: '3.17.10' → '3.17'; 'edge' and '3.21_alpha20240807' handled too. */
function branchOf(version: string | undefined): string | undefined {
  const v = version?.trim() ?? '';
  if (v === 'edge' || v.endsWith('_edge')) return 'edge';
  const m = /^(\d+\.\d+)/.exec(v);
  return m?.[1];
}

/** True when branch `a` is newer than `b` ('3.10' > '3.9', 'edge' newest). */
function isNewer(a: string, b: string): boolean {
  if (a === b || b === 'edge') return false;
  if (a === 'edge') return true;
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am > bm || (am === bm && an > bn);
}

/**
 * The branch to match: the OS's, or the repositories' when that is newer ('3.9.3' with v3.10 repositories → '3.10').
 * Without a readable OS version the repositories' branch is used.
 */
export function releaseOf(os: { version?: string; repositoryRelease?: string }): string | undefined {
  const own = branchOf(os.version);
  const repo = os.repositoryRelease ? branchOf(os.repositoryRelease) : undefined;
  if (repo && (!own || isNewer(repo, own))) return repo;
  return own;
}

/** The warning for an image matched against its repositories' branch rather than its own. */
export function releaseNote(os: { version?: string; repositoryRelease?: string }, release: string): string | undefined {
  const own = branchOf(os.version);
  if (own === release || !os.repositoryRelease) return undefined;
  return `Alpine ${os.version ?? '(no version)'} installs from the ${release} repositories (/etc/apk/repositories): its packages were matched against Alpine ${release} advisories`;
}

/** Supported at `now`? edge always; a branch newer than the table is 'unknown'. */
export function isSupportedRelease(release: string, now: Date): ReleaseSupport {
  if (release === 'edge') return 'supported';
  const eol = ALPINE_EOL[release];
  if (!eol) return 'unknown';
  return isBeforeEndOfDay(eol, now) ? 'supported' : 'end_of_life';
}

const keying: DistroKeying = {
  ecosystem: 'alpine',
  scheme: 'apk',
  vendor: 'alpine',
  keyOf: (pkg) => ({ name: pkg.source?.name ?? pkg.name, version: pkg.source?.version ?? pkg.version, bySource: true }),
};

/** Match apk packages of an Alpine branch. */
export function match(release: string, packages: readonly Package[], lookup: AdvisoryLookup): MatchResult {
  return matchDistro(keying, release, packages, lookup);
}

export const matcher = { id, displayName, families: ['alpine'], packageType: 'apk', releaseOf, releaseNote, isSupportedRelease, match } as const;
