/**
 * rpm cataloger: Red Hat, Fedora, SUSE, Amazon Linux, CBL-Mariner … packages from the rpm database, in any of
 * its three backends: SQLite `rpmdb.sqlite`, Berkeley DB `Packages`, NDB `Packages.db`, under /var/lib/rpm,
 * /usr/lib/sysimage/rpm or /usr/share/rpm. Each stored record is an rpm header blob.
 * Spec: https://rpm-software-management.github.io/rpm/manual/format_header.html
 */
import type { InventoryIssue, Package } from '../../model/index.js';
import type { Cataloger, FileInfo, FileParseResult, FinalizeResult } from '../types.js';
import { readBerkeleyDbHash, type RawRecords } from './bdb.js';
import { RpmDbError } from './errors.js';
import { parseRpmHeader } from './header.js';
import { readNdb } from './ndb.js';
import { packageFromHeader } from './package.js';
import { readSqliteRpmdb } from './sqlite.js';
import { committedWalFrames } from './sqlite-wal.js';

export { RpmDbError, type RpmDbErrorCode } from './errors.js';
export { parseRpmHeader, RPMTAG, type RpmHeader } from './header.js';
export { packageFromHeader, parseSourceRpm, vendorNamespace } from './package.js';

export const id = 'rpm';
export const displayName = 'RPM packages (rpmdb: SQLite, Berkeley DB, NDB)';

export type RpmDbFormat = 'sqlite' | 'bdb' | 'ndb';

/** Database directories, in the order rpm-based images use them (the first with a database wins in finalize). */
const DIRS = ['/var/lib/rpm', '/usr/lib/sysimage/rpm', '/usr/share/rpm'];
/** File name → backend, in order of preference within one directory (newest backend first). */
const FILES: [string, RpmDbFormat][] = [
  ['rpmdb.sqlite', 'sqlite'],
  ['Packages.db', 'ndb'],
  ['Packages', 'bdb'],
];

/** The SQLite write-ahead log beside an `rpmdb.sqlite`. */
const WAL = 'rpmdb.sqlite-wal';

function isRpmWal(path: string): boolean {
  const slash = path.lastIndexOf('/');
  return path.slice(slash + 1) === WAL && DIRS.includes(path.slice(0, slash));
}

/** The backend of an rpmdb path, or undefined when the path is not one. */
export function rpmDbFormat(path: string): RpmDbFormat | undefined {
  const slash = path.lastIndexOf('/');
  if (!DIRS.includes(path.slice(0, slash))) return undefined;
  return FILES.find(([f]) => f === path.slice(slash + 1))?.[1];
}

/**
 * Read the packages of one rpm database file. Bad records become issues; the rest are kept.
 * @throws {RpmDbError} when the whole file is unreadable as the backend its name says.
 */
export function parseRpmDb(path: string, bytes: Uint8Array, format: RpmDbFormat): { packages: Package[]; issues: InventoryIssue[] } {
  let raw: RawRecords;
  if (format === 'sqlite') raw = readSqliteRpmdb(bytes, path);
  else if (format === 'ndb') raw = readNdb(bytes, path);
  else raw = readBerkeleyDbHash(bytes, path);
  const packages: Package[] = [];
  const issues = [...raw.issues];
  for (const { where, bytes: blob } of raw.blobs) {
    try {
      const pkg = packageFromHeader(parseRpmHeader(blob), path);
      if (pkg) packages.push(pkg);
    } catch (err) {
      if (!(err instanceof RpmDbError)) throw err;
      issues.push({ code: err.code, message: `${where}: ${err.message}`, path });
    }
  }
  return { packages, issues };
}

function rank(path: string): number {
  const slash = path.lastIndexOf('/');
  const dir = DIRS.indexOf(path.slice(0, slash));
  const file = FILES.findIndex(([f]) => f === path.slice(slash + 1));
  return dir * FILES.length + file;
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 2,
  packageType: 'rpm',
  specs: [
    'https://rpm-software-management.github.io/rpm/manual/format_header.html',
    'https://rpm-software-management.github.io/rpm/manual/tags.html',
  ],
  // Berkeley DB rpmdbs of large installations run to a few hundred MiB.
  maxFileSize: 512 * 1024 * 1024,
  pathHints: { names: [...FILES.map(([name]) => name), WAL] },
  matches(file: FileInfo): boolean {
    return rpmDbFormat(file.path) !== undefined || isRpmWal(file.path);
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    if (isRpmWal(file.path)) {
      // Committed changes not yet in rpmdb.sqlite are not read (the database is read as a file alone): say so.
      const frames = committedWalFrames(bytes);
      if (frames === 0) return { packages: [], issues: [] };
      const message = `${frames} committed page(s) of ${file.path} are not in rpmdb.sqlite yet: packages installed or removed since rpm's last checkpoint are not seen`;
      return { packages: [], issues: [{ code: 'RPMDB_WAL_PENDING', message, path: file.path }] };
    }
    const format = rpmDbFormat(file.path);
    if (!format) return { packages: [], issues: [] };
    return parseRpmDb(file.path, bytes, format);
  },
  /**
   * One image has one rpm database. When several files are present (a leftover `Packages` beside the
   * `rpmdb.sqlite` a rebuild made, or copies in two directories), the first directory of DIRS and the newest
   * backend win; the others are named in an issue rather than doubling every package.
   */
  finalize(results: ReadonlyMap<string, FileParseResult>): FinalizeResult {
    const paths = [...results.keys()].filter((p) => rpmDbFormat(p)).sort((a, b) => rank(a) - rank(b));
    const chosen = paths.find((p) => (results.get(p)?.packages.length ?? 0) > 0) ?? paths[0];
    const packages: Package[] = [];
    const issues: InventoryIssue[] = [...results.entries()].filter(([p]) => isRpmWal(p)).flatMap(([, r]) => r.issues);
    for (const p of paths) {
      const r = results.get(p);
      if (!r) continue;
      issues.push(...r.issues);
      if (p === chosen) packages.push(...r.packages);
      else if (r.packages.length > 0) {
        issues.push({ code: 'RPMDB_SHADOWED', message: `${p}: ${r.packages.length} packages not reported; ${chosen} is the image's rpm database`, path: p });
      }
    }
    return { packages, issues };
  },
};
