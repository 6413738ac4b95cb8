/**
 * os-release cataloger: the distribution and release of the image.
 * Reads /etc/os-release and /usr/lib/os-release (os-release(5)), and the older per-distro files when there is
 * no os-release: /etc/debian_version, /etc/alpine-release, /etc/redhat-release (and centos-/rocky-/almalinux-/
 * fedora-release). The best source wins (`selectOs`): os-release first, then the fallbacks.
 * Also /etc/lsb-release (Ubuntu without os-release), /etc/apk/repositories for the Alpine branch packages are
 * installed from (`repositoryRelease`), and Ubuntu Pro's /var/lib/ubuntu-advantage/status.json for extended
 * security maintenance (`extendedSupport`).
 * Specs: https://www.freedesktop.org/software/systemd/man/latest/os-release.html,
 * https://wiki.alpinelinux.org/wiki/Repositories (one repository a line, `@tag` before a tagged one, `#` comments).
 */
import type { OsInfo } from '../../model/index.js';
import type { Cataloger, FileInfo, FileParseResult, FinalizeResult } from '../types.js';

export const id = 'os-release';
export const displayName = 'Operating system release files';

const OS_RELEASE = ['/etc/os-release', '/usr/lib/os-release'];
const LSB_RELEASE = '/etc/lsb-release';
const FALLBACKS: Record<string, string> = {
  '/etc/debian_version': 'debian',
  '/etc/alpine-release': 'alpine',
  '/etc/redhat-release': 'rhel',
  '/etc/centos-release': 'centos',
  '/etc/rocky-release': 'rocky',
  '/etc/almalinux-release': 'almalinux',
  '/etc/oracle-release': 'ol',
  '/etc/fedora-release': 'fedora',
  '/etc/system-release': 'amzn',
  '/usr/lib/system-release': 'amzn',
};
/**
 * Preference order when several files are present: lower is better. lsb-release comes before the per-distro files:
 * an Ubuntu image without os-release also has a debian_version ("bookworm/sid"), which names its Debian base.
 */
const RANK = [...OS_RELEASE, LSB_RELEASE, ...Object.keys(FALLBACKS)];
const APK_REPOSITORIES = '/etc/apk/repositories';
/** Ubuntu Pro's client state (https://canonical-ubuntu-pro-client.readthedocs-hosted.com/): which services are on. */
const UBUNTU_PRO_STATUS = '/var/lib/ubuntu-advantage/status.json';
/** Facts that complete an OS read from elsewhere and never make one. */
const COMPLEMENTS = [APK_REPOSITORIES, UBUNTU_PRO_STATUS];

/** Order of two Alpine branches ('3.9' < '3.10' < 'edge'). */
function compareBranch(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'edge') return 1;
  if (b === 'edge') return -1;
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/**
 * The newest Alpine branch that /etc/apk/repositories names: `…/alpine/v3.20/main` → '3.20', `…/edge/community` →
 * 'edge'. Tagged lines (`@testing https://…/edge/testing`) are left out: apk installs from them only the packages
 * pinned to the tag, so they do not say where the rest came from. Undefined when no line names a branch (a local
 * repository, or a distribution whose repositories carry no branch, such as Wolfi's).
 */
export function parseApkRepositories(text: string): string | undefined {
  let best: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('@')) continue;
    const m = /\/(?:v(\d+\.\d+)|(edge))(?:\/|$)/.exec(line);
    const branch = m?.[1] ?? m?.[2];
    if (branch && (best === undefined || compareBranch(branch, best) > 0)) best = branch;
  }
  return best;
}

/** Parse os-release(5) text: KEY=value lines, values optionally quoted with shell escapes. */
export function parseOsReleaseText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    let value = line.slice(eq + 1);
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\([\\$"`])/g, '$1');
    }
    out[key] = value;
  }
  return out;
}

function fromRedHatLike(text: string, family: string, source: string): OsInfo | undefined {
  // "Rocky Linux release 9.3 (Blue Onyx)", "CentOS Linux release 7.9.2009 (Core)", "Red Hat Enterprise Linux release 8.9 (Ootpa)"
  const m = /release\s+([0-9][0-9.]*)/i.exec(text);
  if (!m) return undefined;
  const lower = text.toLowerCase();
  let fam = family;
  if (lower.startsWith('centos')) fam = 'centos';
  else if (lower.startsWith('rocky')) fam = 'rocky';
  else if (lower.startsWith('almalinux')) fam = 'almalinux';
  else if (lower.startsWith('fedora')) fam = 'fedora';
  else if (lower.startsWith('amazon linux')) fam = 'amzn';
  else if (lower.startsWith('oracle linux')) fam = 'ol';
  else if (lower.startsWith('red hat')) fam = 'rhel';
  return { family: fam, version: m[1], prettyName: text.trim(), source };
}

/**
 * Whether Ubuntu Pro's client state turns on extended security maintenance: the `esm-infra` or `esm-apps` service
 * with status `enabled`. Undefined for text that is not the client's JSON.
 */
export function parseUbuntuProStatus(text: string): boolean | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const services = (doc as { services?: unknown } | null)?.services;
  if (!Array.isArray(services)) return undefined;
  return services.some((s: unknown) => {
    const { name, status } = (s ?? {}) as { name?: unknown; status?: unknown };
    return (name === 'esm-infra' || name === 'esm-apps') && status === 'enabled';
  });
}

/** lsb-release(1)'s file: DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_CODENAME, DISTRIB_DESCRIPTION. */
function fromLsbRelease(text: string, source: string): OsInfo | undefined {
  const kv = parseOsReleaseText(text);
  if (!kv.DISTRIB_ID) return undefined;
  return {
    family: kv.DISTRIB_ID.toLowerCase(),
    ...(kv.DISTRIB_RELEASE ? { version: kv.DISTRIB_RELEASE } : {}),
    ...(kv.DISTRIB_CODENAME ? { codename: kv.DISTRIB_CODENAME } : {}),
    ...(kv.DISTRIB_DESCRIPTION ? { prettyName: kv.DISTRIB_DESCRIPTION } : {}),
    source,
  };
}

export function parseOsFile(path: string, text: string): OsInfo | undefined {
  if (path === APK_REPOSITORIES) {
    const release = parseApkRepositories(text);
    return release ? { family: 'alpine', repositoryRelease: release, source: path } : undefined;
  }
  if (path === UBUNTU_PRO_STATUS) {
    return parseUbuntuProStatus(text) ? { family: 'ubuntu', extendedSupport: true, source: path } : undefined;
  }
  if (path === LSB_RELEASE) return fromLsbRelease(text, path);
  if (OS_RELEASE.includes(path)) {
    const kv = parseOsReleaseText(text);
    if (!kv.ID) return undefined;
    return {
      family: kv.ID.toLowerCase(),
      version: kv.VERSION_ID,
      codename: kv.VERSION_CODENAME || undefined,
      prettyName: kv.PRETTY_NAME,
      source: path,
    };
  }
  const family = FALLBACKS[path];
  if (!family) return undefined;
  const first = text.split('\n')[0]?.trim() ?? '';
  if (!first) return undefined;
  if (family === 'debian' || family === 'alpine') {
    // debian_version holds "12.8" on a release, "trixie/sid" on testing/unstable.
    return { family, version: first, source: path };
  }
  return fromRedHatLike(first, family, path);
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 4,
  specs: [
    'https://www.freedesktop.org/software/systemd/man/latest/os-release.html',
    'https://wiki.alpinelinux.org/wiki/Repositories',
    'https://refspecs.linuxfoundation.org/LSB_5.0.0/LSB-Core-generic/LSB-Core-generic/lsbrelease.html',
  ],
  // os-release files are tiny; Ubuntu Pro's status.json carries its contract and runs to tens of KiB.
  maxFileSize: 1024 * 1024,
  pathHints: { names: [...RANK, ...COMPLEMENTS].map((p) => p.slice(p.lastIndexOf('/') + 1)) },
  matches(file: FileInfo): boolean {
    return RANK.includes(file.path) || COMPLEMENTS.includes(file.path);
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    const os = parseOsFile(file.path, new TextDecoder().decode(bytes));
    // Pro's state without ESM, or repositories without a branch: nothing to add, and nothing wrong.
    if (!os && COMPLEMENTS.includes(file.path)) return { packages: [], issues: [] };
    if (!os) {
      return { packages: [], issues: [{ code: 'OS_RELEASE_UNREADABLE', message: `no distribution id in ${file.path}`, path: file.path }] };
    }
    return { packages: [], issues: [], os };
  },
  finalize(): FinalizeResult {
    return { packages: [], issues: [] };
  },
};

/**
 * Choose the OS of an image from the os facts of its final view: os-release first, then lsb-release, then the
 * per-distro files. An Alpine image also gets the branch its /etc/apk/repositories names, an Ubuntu image the
 * extended support Ubuntu Pro turns on; those files alone do not make an OS.
 */
export function selectOs(found: ReadonlyMap<string, OsInfo>): OsInfo | undefined {
  const ordered = [...found.entries()].filter(([path]) => RANK.includes(path)).sort((a, b) => RANK.indexOf(a[0]) - RANK.indexOf(b[0]));
  const os = ordered[0]?.[1];
  const repositoryRelease = found.get(APK_REPOSITORIES)?.repositoryRelease;
  if (os?.family === 'alpine' && repositoryRelease) return { ...os, repositoryRelease };
  if (os?.family === 'ubuntu' && found.get(UBUNTU_PRO_STATUS)?.extendedSupport) return { ...os, extendedSupport: true };
  return os;
}
