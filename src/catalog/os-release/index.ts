/**
 * os-release cataloger: the distribution and release of the image.
 * Reads /etc/os-release and /usr/lib/os-release (os-release(5)), and the older per-distro files when there is
 * no os-release: /etc/debian_version, /etc/alpine-release, /etc/redhat-release (and centos-/rocky-/almalinux-/
 * fedora-release). The best source wins (`selectOs`): os-release first, then the fallbacks.
 * Also /etc/apk/repositories, for the Alpine branch packages are installed from (`repositoryRelease`).
 * Specs: https://www.freedesktop.org/software/systemd/man/latest/os-release.html,
 * https://wiki.alpinelinux.org/wiki/Repositories (one repository a line, `@tag` before a tagged one, `#` comments).
 */
import type { OsInfo } from '../../model/index.js';
import type { Cataloger, FileInfo, FileParseResult, FinalizeResult } from '../types.js';

export const id = 'os-release';
export const displayName = 'Operating system release files';

const OS_RELEASE = ['/etc/os-release', '/usr/lib/os-release'];
const FALLBACKS: Record<string, string> = {
  '/etc/debian_version': 'debian',
  '/etc/alpine-release': 'alpine',
  '/etc/redhat-release': 'rhel',
  '/etc/centos-release': 'centos',
  '/etc/rocky-release': 'rocky',
  '/etc/almalinux-release': 'almalinux',
  '/etc/fedora-release': 'fedora',
  '/etc/system-release': 'amzn',
};
/** Preference order when several files are present: lower is better. */
const RANK = [...OS_RELEASE, ...Object.keys(FALLBACKS)];
const APK_REPOSITORIES = '/etc/apk/repositories';

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
  else if (lower.startsWith('red hat')) fam = 'rhel';
  return { family: fam, version: m[1], prettyName: text.trim(), source };
}

export function parseOsFile(path: string, text: string): OsInfo | undefined {
  if (path === APK_REPOSITORIES) {
    const release = parseApkRepositories(text);
    return release ? { family: 'alpine', repositoryRelease: release, source: path } : undefined;
  }
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
  version: 2,
  specs: ['https://www.freedesktop.org/software/systemd/man/latest/os-release.html', 'https://wiki.alpinelinux.org/wiki/Repositories'],
  maxFileSize: 64 * 1024,
  pathHints: { names: [...RANK, APK_REPOSITORIES].map((p) => p.slice(p.lastIndexOf('/') + 1)) },
  matches(file: FileInfo): boolean {
    return OS_RELEASE.includes(file.path) || file.path in FALLBACKS || file.path === APK_REPOSITORIES;
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    const os = parseOsFile(file.path, new TextDecoder().decode(bytes));
    if (!os && file.path === APK_REPOSITORIES) return { packages: [], issues: [] };
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
 * Choose the OS of an image from the os facts of its final view: os-release first, then the fallbacks. An Alpine
 * image also gets the branch its /etc/apk/repositories names; that file alone does not make an OS.
 */
export function selectOs(found: ReadonlyMap<string, OsInfo>): OsInfo | undefined {
  const ordered = [...found.entries()].filter(([path]) => RANK.includes(path)).sort((a, b) => RANK.indexOf(a[0]) - RANK.indexOf(b[0]));
  const os = ordered[0]?.[1];
  const repositoryRelease = found.get(APK_REPOSITORIES)?.repositoryRelease;
  if (os?.family === 'alpine' && repositoryRelease) return { ...os, repositoryRelease };
  return os;
}
