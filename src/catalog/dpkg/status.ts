/**
 * dpkg status database: `/var/lib/dpkg/status` (one paragraph per package) and the distroless
 * `/var/lib/dpkg/status.d/<name>` files (one control paragraph per file, usually without a `Status` field).
 * Field meanings: deb-control(5) and deb-src-control(5); Status: dpkg-query(1) `db:Status-Status`.
 * https://manpages.debian.org/bookworm/dpkg/dpkg-query.1.en.html
 */
import type { InventoryIssue, Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import { parseControlParagraphs } from './control.js';

export interface DpkgStatusResult {
  packages: Package[];
  issues: InventoryIssue[];
}

export interface DpkgStatusOptions {
  /**
   * True for a distroless `status.d` file: its paragraphs are copies of the package's control file, which has
   * no `Status` field, so a missing Status means "installed" there (and only there).
   */
  statusOptional?: boolean;
}

/** Characters deb-version(7) allows; anything else (whitespace, `#`, `/` …) marks a damaged record. */
const VERSION_RE = /^(?:(\d+):)?([A-Za-z0-9.+~:-]+)$/;
/** deb-control(5) `Source: name (version)`; the version part is present when it differs from the binary's. */
const SOURCE_RE = /^(\S+)(?:\s+\((\S+)\))?$/;
/** Package names per deb-control(5) — lower case, digits, + - . — tolerated a little wider (upper case exists in the wild). */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9+.\-_]*$/;

/**
 * The dpkg "status" word: the third word of `Status: want flag status`. Only `installed` counts, which is what
 * `dpkg-query -W -f '${db:Status-Status}'` reports: half-installed, unpacked, half-configured, triggers-awaited,
 * triggers-pending and config-files packages are not installed. (`want` may be install, hold, deinstall or purge:
 * a "deinstall ok installed" package is still on disk, so it counts.)
 */
export function isInstalledStatus(status: string): boolean {
  const words = status.trim().split(/\s+/);
  return words.length === 3 && words[2] === 'installed';
}

/** The purl namespace for a status file: `ubuntu` when the maintainers are Ubuntu's, else `debian`. */
function purlNamespace(maintainers: readonly string[]): 'debian' | 'ubuntu' {
  // The os-release family is not known inside one file; Ubuntu rewrites Maintainer to its own lists
  // (policy: https://wiki.ubuntu.com/DebianMaintainerField), so it is a reliable per-file hint.
  return maintainers.some((m) => /@(?:lists\.)?ubuntu\.com|@canonical\.com/i.test(m)) ? 'ubuntu' : 'debian';
}

/**
 * Parse a dpkg status file (or one distroless status.d file). Carries on past bad records: each becomes an issue
 * naming the file and line. Packages keep the order of the file.
 * @example parseDpkgStatus('/var/lib/dpkg/status', 'Package: a\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: all\n')
 */
export function parseDpkgStatus(path: string, text: string, options: DpkgStatusOptions = {}): DpkgStatusResult {
  const packages: Package[] = [];
  const issues: InventoryIssue[] = [];
  const paragraphs = parseControlParagraphs(text);
  const namespace = purlNamespace(paragraphs.map((p) => p.fields.get('maintainer') ?? ''));
  for (const para of paragraphs) {
    const f = para.fields;
    const name = f.get('package') ?? '';
    const where = `${path} record at line ${para.line}${name ? ` (${name})` : ''}`;
    if (para.badLines.length > 0) {
      issues.push({
        code: 'DPKG_MALFORMED_LINE',
        message: `${where}: malformed or repeated field on line(s) ${para.badLines.slice(0, 5).join(', ')}`,
        path,
      });
    }
    const status = f.get('status');
    if (status === undefined) {
      if (!options.statusOptional) {
        issues.push({ code: 'DPKG_MISSING_STATUS', message: `${where}: no Status field; record skipped`, path });
        continue;
      }
    } else if (!isInstalledStatus(status)) {
      // Not installed (config-files, half-installed, not-installed …): a normal state, not a problem.
      continue;
    }
    if (!name || !NAME_RE.test(name)) {
      issues.push({ code: 'DPKG_BAD_NAME', message: `${where}: missing or invalid Package field; record skipped`, path });
      continue;
    }
    const version = f.get('version') ?? '';
    if (!VERSION_RE.test(version)) {
      issues.push({ code: 'DPKG_BAD_VERSION', message: `${where}: missing or invalid Version "${version.slice(0, 80)}"; record skipped`, path });
      continue;
    }
    const arch = f.get('architecture') || undefined;
    let source = { name, version };
    const srcField = f.get('source');
    if (srcField) {
      const m = SOURCE_RE.exec(srcField);
      if (m?.[1]) {
        source = { name: m[1], version: m[2] ?? version };
      } else {
        issues.push({ code: 'DPKG_BAD_SOURCE', message: `${where}: unreadable Source "${srcField.slice(0, 80)}"; using the package itself`, path });
      }
    }
    const metadata: Record<string, unknown> = { sourceVersion: source.version };
    const maintainer = f.get('maintainer');
    if (maintainer) metadata.maintainer = maintainer;
    const size = f.get('installed-size');
    if (size !== undefined) {
      // Installed-Size is in KiB (deb-control(5)); keep it a number when it is one.
      const n = /^\d+$/.test(size) ? Number(size) : undefined;
      if (n !== undefined) metadata.installedSize = n;
    }
    if (status !== undefined) metadata.status = status;
    packages.push({
      type: 'dpkg',
      name,
      version,
      arch,
      source,
      purl: buildPurl('deb', namespace, name, version, { arch }),
      locations: [path],
      metadata,
    });
  }
  return { packages, issues };
}

/**
 * A dpkg `info/<name>[:<arch>].list` file: the paths a package installed, one per line (directories included).
 * The `/.` line dpkg writes for the root directory is dropped.
 */
export interface DpkgFileList {
  kind: 'dpkg-file-list';
  package: string;
  /** Set for Multi-Arch: same packages, whose lists are named `<name>:<arch>.list`. */
  arch?: string;
  files: string[];
}

/** Parse `/var/lib/dpkg/info/<name>[:<arch>].list`. Returns undefined for a file name that is not a list. */
export function parseDpkgFileList(path: string, text: string): DpkgFileList | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (!base.endsWith('.list')) return undefined;
  const stem = base.slice(0, -'.list'.length);
  const colon = stem.indexOf(':');
  const pkg = colon >= 0 ? stem.slice(0, colon) : stem;
  const arch = colon >= 0 ? stem.slice(colon + 1) : undefined;
  if (!pkg) return undefined;
  const files: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '' || line === '/.' || !line.startsWith('/')) continue;
    files.push(line);
  }
  return arch ? { kind: 'dpkg-file-list', package: pkg, arch, files } : { kind: 'dpkg-file-list', package: pkg, files };
}
