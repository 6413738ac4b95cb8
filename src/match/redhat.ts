/**
 * Red Hat family (rhel, centos, rocky, almalinux): advisories are keyed by BINARY package name and major release
 * (OSV 'Red Hat:enterprise_linux:9::appstream', 'Rocky Linux:9', 'AlmaLinux:9'); versions compare as rpm EVR
 * (epoch:version-release). CentOS uses Red Hat's data: it is rebuilt from the same sources, and OSV has no CentOS feed.
 *
 * Module streams: one package name is built in several streams (nodejs 16 in RHEL 9's BaseOS, nodejs:18 and
 * nodejs:20 as modules), each with its own errata. An entry applies only to a package of the same stream
 * (`applies`): compared by `name:stream` when both sides say it (the installed modularity label; the entry's
 * `module`, from Red Hat's `rpmmod` purl qualifier), otherwise by whether both are module builds (a release with
 * `.module+el8…` or `.module_el8…`). An entry whose versions say neither is kept.
 *
 * Architectures: an entry that names its architectures (`arches`, from the purl's `arch` qualifier) applies only to
 * packages of one of them; `noarch` packages and entries for `src` or `noarch` apply to all.
 */
import type { AffectedPackage, Package } from '../model/index.js';
import type { AdvisoryLookup, EcosystemFamily } from '../vulndb/types.js';
import { isBeforeEndOfDay, matchDistro } from './distro-match.js';
import type { NotEvaluatedCode } from './errors.js';
import type { DistroKeying } from './distro-match.js';
import type { MatchResult, ReleaseSupport } from './types.js';

export const id = 'redhat';
export const displayName = 'Red Hat Enterprise Linux and rebuilds';

/** os-release ID → the feed (ecosystem and rating source) that covers it. */
const FEEDS: Readonly<Record<string, EcosystemFamily>> = {
  almalinux: 'almalinux',
  centos: 'redhat',
  rhel: 'redhat',
  rocky: 'rocky',
};

/**
 * End of maintenance (full + maintenance support; paid extended support not counted).
 * Sources: https://access.redhat.com/support/policy/updates/errata, https://www.centos.org/centos-linux-eol/,
 * https://wiki.rockylinux.org/rocky/version/, https://wiki.almalinux.org/release-notes/ (as published there).
 */
export const REDHAT_EOL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  rhel: { '5': '2017-03-31', '6': '2020-11-30', '7': '2024-06-30', '8': '2029-05-31', '9': '2032-05-31', '10': '2035-05-31' },
  centos: { '5': '2017-03-31', '6': '2020-11-30', '7': '2024-06-30', '8': '2021-12-31' },
  rocky: { '8': '2029-05-31', '9': '2032-05-31', '10': '2035-05-31' },
  almalinux: { '8': '2029-03-01', '9': '2032-05-31', '10': '2035-05-31' },
};

/** Major release from VERSION_ID ('9.3' → '9'). */
export function releaseOf(os: { version?: string }): string | undefined {
  return /^(\d+)/.exec(os.version?.trim() ?? '')?.[1];
}

/** Supported at `now`, for the given os-release family (default rhel)? */
export function isSupportedRelease(release: string, now: Date, family = 'rhel'): ReleaseSupport {
  const eol = REDHAT_EOL[family]?.[release];
  if (!eol) return 'unknown';
  return isBeforeEndOfDay(eol, now) ? 'supported' : 'end_of_life';
}

/** The rpm EVR: `epoch:version-release`, the epoch left out when the header has none (rpm reads that as 0). */
export function evrOf(pkg: Package): string {
  const vr = pkg.release !== undefined && pkg.release !== '' ? `${pkg.version}-${pkg.release}` : pkg.version;
  return pkg.epoch !== undefined && pkg.epoch !== 0 ? `${pkg.epoch}:${vr}` : vr;
}

const MODULE_BUILD = /\.module[+_]/;

/** `name:stream` of a modularity label ('nginx:1.16:8040020210610090125:9f9e2e7e' → 'nginx:1.16'). */
export function moduleStreamOf(label: string | undefined): string | undefined {
  const [name, stream] = (label ?? '').split(':');
  return name && stream ? `${name}:${stream}` : undefined;
}

interface Modularity {
  modular: boolean;
  stream?: string;
}

function packageModularity(pkg: Package): Modularity {
  const label = pkg.metadata?.modularityLabel;
  const stream = moduleStreamOf(typeof label === 'string' ? label : undefined);
  return stream ? { modular: true, stream } : { modular: MODULE_BUILD.test(pkg.release ?? '') };
}

/** What an entry says of its stream; undefined when it names no version to tell by. */
function entryModularity(entry: AffectedPackage): Modularity | undefined {
  if (entry.module) return { modular: true, stream: entry.module };
  const versions = [...(entry.versions ?? [])];
  for (const r of entry.ranges) {
    for (const e of r.events) {
      const v = 'introduced' in e ? e.introduced : 'fixed' in e ? e.fixed : 'last_affected' in e ? e.last_affected : e.limit;
      if (v !== '0') versions.push(v);
    }
  }
  if (versions.length === 0) return undefined;
  return { modular: versions.some((v) => MODULE_BUILD.test(v)) };
}

/**
 * Does an entry found under the package's name apply to the package's module stream (see the file comment)? A module
 * build without a label (AlmaLinux shipped some: https://bugs.almalinux.org/view.php?id=173) against an entry for a
 * named stream cannot be told: the hit is reported not evaluated rather than dropped.
 */
export function sameStream(pkg: Package, entry: AffectedPackage): boolean | { code: NotEvaluatedCode; message: string } {
  const theirs = entryModularity(entry);
  if (!theirs) return true;
  const ours = packageModularity(pkg);
  if (ours.stream && theirs.stream) return ours.stream === theirs.stream;
  if (ours.modular && !ours.stream && theirs.stream) {
    return {
      code: 'UNKNOWN_MODULE_STREAM',
      message: `the package is a module build without a modularity label; the advisory is for the ${theirs.stream} stream`,
    };
  }
  return ours.modular === theirs.modular;
}

/** Does an entry's architecture list take the package (see the file comment)? */
export function sameArch(pkg: Package, entry: AffectedPackage): boolean {
  const arches = entry.arches;
  if (!arches?.length || !pkg.arch || pkg.arch === 'noarch') return true;
  return arches.includes(pkg.arch) || arches.includes('src') || arches.includes('noarch');
}

/** An entry applies when its architecture and its module stream are the package's. */
export function appliesTo(pkg: Package, entry: AffectedPackage): boolean | { code: NotEvaluatedCode; message: string } {
  return sameArch(pkg, entry) && sameStream(pkg, entry);
}

/** The ecosystem for an os-release family (undefined when this matcher does not handle it). */
export function ecosystemOf(family: string): EcosystemFamily | undefined {
  return FEEDS[family];
}

/** Match rpm packages of a release of `family` (rhel, centos, rocky or almalinux). */
export function match(release: string, packages: readonly Package[], lookup: AdvisoryLookup, family = 'rhel'): MatchResult {
  const ecosystem = FEEDS[family] ?? 'redhat';
  const keying: DistroKeying = {
    ecosystem,
    scheme: 'rpm',
    vendor: ecosystem,
    keyOf: (pkg) => ({ name: pkg.name, version: evrOf(pkg), bySource: false }),
    applies: appliesTo,
  };
  return matchDistro(keying, release, packages, lookup);
}

export const matcher = {
  id,
  displayName,
  families: ['almalinux', 'centos', 'rhel', 'rocky'],
  packageType: 'rpm',
  releaseOf,
  isSupportedRelease,
  match,
} as const;
