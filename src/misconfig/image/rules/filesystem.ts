/** Rules over the final filesystem view: special permission bits, host keys and leftovers of package managers. */
import { capHits, type ImageRule, type ImageRuleHit, type ImageViewEntry } from '../input.js';
import { isUsualSetuid } from '../setuid-allow.js';

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;
const O_WRITE = 0o002;

function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** Sorted view entries, so hits come out in a stable order whatever order the merge kept. */
function sortedView(view: ReadonlyMap<string, ImageViewEntry>): [string, ImageViewEntry][] {
  return [...view.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export const unusualSetuid: ImageRule = {
  id: 'DD-IMG-005',
  title: 'Unusual setuid or setgid file',
  severity: 'HIGH',
  description: 'A regular file has the setuid or setgid bit and is not one of the programs distributions ship that way (passwd, su, mount …; the list is data in setuid-allow.ts). Any flaw in it is a privilege escalation inside the container.',
  advice: 'Remove the bit (chmod u-s,g-s) unless the program needs it; run containers with no-new-privileges so setuid has no effect.',
  references: ['https://docs.docker.com/engine/containers/run/#security-configuration'],
  check(input) {
    if (!input.view) return [];
    const hits: ImageRuleHit[] = [];
    for (const [path, e] of sortedView(input.view)) {
      if (e.type !== 'file' || !(e.mode & (S_ISUID | S_ISGID))) continue;
      if (isUsualSetuid(path)) continue;
      const bits = [e.mode & S_ISUID ? 'setuid' : '', e.mode & S_ISGID ? 'setgid' : ''].filter(Boolean).join('+');
      hits.push({ line: 0, path, layer: e.layer, message: `${path} is ${bits} (mode ${octalMode(e.mode)})` });
    }
    return capHits(hits, 'setuid/setgid files');
  },
};

/** Where a world-writable entry is a finding: the system tree. Temporary and runtime directories are not. */
const SYSTEM_DIRS = ['/bin/', '/sbin/', '/usr/', '/lib/', '/lib32/', '/lib64/', '/libx32/', '/etc/', '/boot/', '/opt/', '/var/', '/root/', '/srv/'];
const EXEMPT_DIRS = ['/var/tmp/', '/var/lock/', '/var/run/', '/var/spool/', '/var/mail/', '/var/cache/'];

export const worldWritable: ImageRule = {
  id: 'DD-IMG-006',
  title: 'World-writable file or directory in a system directory',
  severity: 'MEDIUM',
  description: 'A file or a directory without the sticky bit is writable by every user in a system directory: any process in the container can change programs, libraries or config there. /tmp, /var/tmp and sticky directories are not reported; symlinks never are (their mode means nothing).',
  advice: 'Remove write permission for others (chmod o-w); give the service user its own directory instead.',
  references: ['https://www.cisecurity.org/benchmark/docker'],
  check(input) {
    if (!input.view) return [];
    const hits: ImageRuleHit[] = [];
    for (const [path, e] of sortedView(input.view)) {
      if ((e.type !== 'file' && e.type !== 'dir') || !(e.mode & O_WRITE)) continue;
      if (e.type === 'dir' && e.mode & S_ISVTX) continue;
      const p = e.type === 'dir' ? `${path}/` : path;
      if (!SYSTEM_DIRS.some((d) => p.startsWith(d)) || EXEMPT_DIRS.some((d) => p.startsWith(d))) continue;
      hits.push({ line: 0, path, layer: e.layer, message: `${e.type === 'dir' ? 'directory' : 'file'} ${path} is world-writable (mode ${octalMode(e.mode)})` });
    }
    return capHits(hits, 'world-writable paths');
  },
};

const HOST_KEY = /^\/etc\/ssh\/ssh_host_[a-z0-9]{1,20}_key$/;
const AUTHORIZED_KEYS = /^\/(?:root|home\/[^/]{1,255})\/\.ssh\/authorized_keys2?$/;

export const sshKeysBakedIn: ImageRule = {
  id: 'DD-IMG-007',
  title: 'SSH host key or authorized_keys in the image',
  severity: 'HIGH',
  description: 'SSH host private keys are shared by every container started from the image (anyone with the image can impersonate them), and an authorized_keys file gives whoever holds the matching key a way in.',
  advice: 'Generate host keys when the container starts (or do not run sshd in containers; use docker exec / kubectl exec), and do not ship authorized_keys in images.',
  references: ['https://docs.docker.com/engine/security/'],
  check(input) {
    if (!input.view) return [];
    const hits: ImageRuleHit[] = [];
    for (const [path, e] of sortedView(input.view)) {
      if (e.type !== 'file') continue;
      if (HOST_KEY.test(path)) hits.push({ line: 0, path, layer: e.layer, message: `SSH host private key ${path}` });
      else if (AUTHORIZED_KEYS.test(path)) hits.push({ line: 0, path, layer: e.layer, message: `authorized_keys file ${path}` });
    }
    return hits;
  },
};

/** Package-manager caches: what to look under, and which entries there count. */
const CACHES: readonly { dir: string; what: string; entry: (rest: string) => boolean }[] = [
  { dir: '/var/cache/apt/archives/', what: 'apt downloaded .deb files', entry: (r) => r.endsWith('.deb') },
  { dir: '/var/lib/apt/lists/', what: 'apt package lists', entry: (r) => r !== 'lock' && !r.startsWith('partial') && !r.startsWith('auxfiles') },
  { dir: '/var/cache/apk/', what: 'apk package cache', entry: () => true },
  { dir: '/var/cache/yum/', what: 'yum cache', entry: () => true },
  { dir: '/var/cache/dnf/', what: 'dnf cache', entry: () => true },
  { dir: '/root/.npm/', what: 'npm cache', entry: (r) => r.startsWith('_cacache/') },
  { dir: '/root/.cache/pip/', what: 'pip cache', entry: () => true },
  { dir: '/root/.cache/yarn/', what: 'yarn cache', entry: () => true },
  { dir: '/usr/local/share/.cache/yarn/', what: 'yarn cache', entry: () => true },
];

export const packageCacheLeft: ImageRule = {
  id: 'DD-IMG-008',
  title: 'Package-manager cache left in the image',
  severity: 'LOW',
  description: 'Downloaded packages, index lists or caches of apt, apk, yum/dnf, npm, pip or yarn were left in the image: they add size, and stale lists and tarballs can mislead later installs and scanners.',
  advice: 'Clean up in the same RUN step (rm -rf /var/lib/apt/lists/*, apk add --no-cache, pip --no-cache-dir, npm cache clean --force) or use a cache mount (RUN --mount=type=cache).',
  references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  check(input) {
    if (!input.view) return [];
    const found = new Map<string, { what: string; files: number; bytes: number; layer: number }>();
    for (const [path, e] of input.view) {
      if (e.type !== 'file') continue;
      for (const c of CACHES) {
        if (!path.startsWith(c.dir) || !c.entry(path.slice(c.dir.length))) continue;
        const f = found.get(c.dir) ?? { what: c.what, files: 0, bytes: 0, layer: e.layer };
        f.files++;
        f.layer = Math.max(f.layer, e.layer);
        found.set(c.dir, f);
        break;
      }
    }
    return [...found.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([dir, f]) => ({
      line: 0, path: dir.replace(/\/$/, ''), layer: f.layer, message: `${f.what}: ${f.files} file${f.files === 1 ? '' : 's'} under ${dir}`,
    }));
  },
};
