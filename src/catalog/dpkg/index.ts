/**
 * dpkg cataloger: Debian and Ubuntu packages from the dpkg status database, the distroless `status.d`
 * directory, and the installed-file lists in `info/*.list`.
 * Spec: deb-control(5), dpkg-query(1), dpkg(1) FILES; distroless status.d: https://github.com/GoogleContainerTools/distroless
 */
import type { InventoryIssue, Package } from '../../model/index.js';
import type { Cataloger, FileInfo, FileParseResult, FinalizeResult } from '../types.js';
import { parseDpkgFileList, parseDpkgStatus, type DpkgFileList } from './status.js';

export { isInstalledStatus, parseDpkgFileList, parseDpkgStatus } from './status.js';
export type { DpkgFileList, DpkgStatusOptions, DpkgStatusResult } from './status.js';

export const id = 'dpkg';
export const displayName = 'Debian packages (dpkg status database)';

const STATUS = '/var/lib/dpkg/status';
const STATUS_D = '/var/lib/dpkg/status.d/';
const INFO = '/var/lib/dpkg/info/';
/**
 * Maintainer-script and checksum files distroless images may keep beside the control paragraph in status.d
 * (`<pkg>.md5sums`, `<pkg>.preinst` …). Package names may hold dots, so files are told apart by these suffixes.
 */
const STATUS_D_SIDE_FILES = /\.(?:md5sums|conffiles|preinst|postinst|prerm|postrm|list|shlibs|symbols|triggers|templates|config)$/;

function isStatusD(path: string): boolean {
  if (!path.startsWith(STATUS_D)) return false;
  const base = path.slice(STATUS_D.length);
  return base.length > 0 && !base.includes('/') && !STATUS_D_SIDE_FILES.test(base);
}

function isInfoList(path: string): boolean {
  if (!path.startsWith(INFO) || !path.endsWith('.list')) return false;
  return !path.slice(INFO.length).includes('/');
}

function isFileList(facts: unknown): facts is DpkgFileList {
  return typeof facts === 'object' && facts !== null && (facts as { kind?: unknown }).kind === 'dpkg-file-list';
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 1,
  packageType: 'dpkg',
  specs: [
    'https://manpages.debian.org/bookworm/dpkg-dev/deb-control.5.en.html',
    'https://manpages.debian.org/bookworm/dpkg/dpkg-query.1.en.html',
    'https://www.debian.org/doc/debian-policy/ch-controlfields.html',
  ],
  maxFileSize: 64 * 1024 * 1024,
  pathHints: { names: [STATUS.slice(STATUS.lastIndexOf('/') + 1)], suffixes: ['.list'], dirs: [STATUS_D] },
  matches(file: FileInfo): boolean {
    return file.path === STATUS || isStatusD(file.path) || isInfoList(file.path);
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    const text = new TextDecoder().decode(bytes);
    if (isInfoList(file.path)) {
      const list = parseDpkgFileList(file.path, text);
      return list ? { packages: [], issues: [], facts: list } : { packages: [], issues: [] };
    }
    return parseDpkgStatus(file.path, text, { statusOptional: isStatusD(file.path) });
  },
  finalize(results: ReadonlyMap<string, FileParseResult>): FinalizeResult {
    const packages: Package[] = [];
    const issues: InventoryIssue[] = [];
    const lists = new Map<string, DpkgFileList>();
    for (const path of [...results.keys()].sort()) {
      const r = results.get(path);
      if (!r) continue;
      packages.push(...r.packages);
      issues.push(...r.issues);
      if (isFileList(r.facts)) lists.set(r.facts.arch ? `${r.facts.package}:${r.facts.arch}` : r.facts.package, r.facts);
    }
    // dpkg names the info files of a Multi-Arch: same package `<name>:<arch>.<ext>` and every other one
    // `<name>.<ext>` (dpkg(1), FILES), so try the arch-qualified name first.
    const withFiles = packages.map((p): Package => {
      const list = lists.get(`${p.name}:${p.arch ?? ''}`) ?? lists.get(p.name);
      return list ? { ...p, files: [...list.files] } : p;
    });
    return { packages: withFiles, issues };
  },
};
