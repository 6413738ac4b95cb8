/**
 * os-release cataloger: the distribution and release of the image.
 * Reads /etc/os-release and /usr/lib/os-release (os-release(5)), and the older per-distro files when there is
 * no os-release: /etc/debian_version, /etc/alpine-release, /etc/redhat-release (and centos-/rocky-/almalinux-/
 * fedora-release). The best source wins (`selectOs`): os-release first, then the fallbacks.
 * Spec: https://www.freedesktop.org/software/systemd/man/latest/os-release.html
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
  version: 1,
  specs: ['https://www.freedesktop.org/software/systemd/man/latest/os-release.html'],
  maxFileSize: 64 * 1024,
  pathHints: { names: RANK.map((p) => p.slice(p.lastIndexOf('/') + 1)) },
  matches(file: FileInfo): boolean {
    return OS_RELEASE.includes(file.path) || file.path in FALLBACKS;
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    const os = parseOsFile(file.path, new TextDecoder().decode(bytes));
    if (!os) {
      return { packages: [], issues: [{ code: 'OS_RELEASE_UNREADABLE', message: `no distribution id in ${file.path}`, path: file.path }] };
    }
    return { packages: [], issues: [], os };
  },
  finalize(): FinalizeResult {
    return { packages: [], issues: [] };
  },
};

/** Choose the OS of an image from the os facts of its final view: os-release first, then the fallbacks. */
export function selectOs(found: ReadonlyMap<string, OsInfo>): OsInfo | undefined {
  const ordered = [...found.entries()].sort((a, b) => RANK.indexOf(a[0]) - RANK.indexOf(b[0]));
  return ordered[0]?.[1];
}
