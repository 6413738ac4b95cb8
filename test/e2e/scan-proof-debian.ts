/**
 * The independent side of the Debian scan proof: read the Debian OSV export (../shared/vulndata/osv/Debian/all.zip)
 * with a zip reader of its own (not src/vulndb/zip), keep the `Debian:12` entries, and say — with nothing from
 * src/match, src/store or src/vulndb, only the project's deb version scheme — which findings a source package at a
 * given version must have. Also writes the dpkg status and os-release of a test root filesystem.
 *
 * Zip layout: APPNOTE.TXT 6.3.x (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT), sections 4.3.7
 * (local file header), 4.3.12 (central directory header), 4.3.16 (end of central directory record).
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { scheme as deb } from '../../src/versioning/deb/index.js';

/** One `Debian:12` affected entry of one record, as the record states it. */
export interface DebianEntry {
  /** Record id (CVE-…, DSA-…, DLA-…). */
  id: string;
  /** Source package name. */
  name: string;
  /** `ecosystem_specific.urgency`, when present ('not yet assigned', 'unimportant', 'low', …). */
  urgency?: string;
  /** The ECOSYSTEM range's `fixed` version; absent for an unfixed entry. */
  fixed?: string;
}

/** The statuses a finding can have for a Debian:12 OSV entry. */
export type ExpectedStatus = 'fixed' | 'affected' | 'ignored' | 'end_of_life';

/** One expected finding of one source package. */
export interface ExpectedFinding {
  id: string;
  status: ExpectedStatus;
  fixedVersion?: string;
}

export interface DebianRecords {
  /** Source name → its entries. */
  bySource: Map<string, DebianEntry[]>;
  /** Entries whose shape the rule below does not cover (must stay empty for the rule to be complete). */
  unexpectedShapes: string[];
  records: number;
  entries: number;
}

/** Every member of a zip archive (stored or deflated), read from the central directory. */
export function* readZip(path: string): Generator<{ name: string; bytes: Buffer }> {
  const buf = readFileSync(path);
  const eocdSig = 0x06054b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === eocdSig) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path}: no end of central directory record`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Error(`${path}: zip64 archives are not read here`);
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory header at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${path}: bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    if (method === 0) yield { name, bytes: data };
    else if (method === 8) yield { name, bytes: inflateRawSync(data) };
    else throw new Error(`${path}: ${name} uses compression method ${method}`);
  }
}

interface OsvShape {
  id: string;
  withdrawn?: string;
  affected?: {
    package?: { ecosystem?: string; name?: string };
    ranges?: { type: string; events: Record<string, string>[] }[];
    ecosystem_specific?: { urgency?: unknown };
  }[];
}

/**
 * The `Debian:<release>` entries of every record in the export. The rule in {@link expectedFindings} covers entries
 * with exactly one ECOSYSTEM range whose events are `introduced: "0"` and at most one `fixed`; anything else is
 * listed in `unexpectedShapes` so a test can insist there is none.
 */
export function loadDebianRecords(zipPath: string, release = '12'): DebianRecords {
  const ecosystem = `Debian:${release}`;
  const bySource = new Map<string, DebianEntry[]>();
  const unexpectedShapes: string[] = [];
  let records = 0;
  let entries = 0;
  for (const m of readZip(zipPath)) {
    const r = JSON.parse(m.bytes.toString('utf8')) as OsvShape;
    if (r.withdrawn) continue;
    let counted = false;
    for (const a of r.affected ?? []) {
      if (a.package?.ecosystem !== ecosystem || !a.package.name) continue;
      if (!counted) records++;
      counted = true;
      entries++;
      const ranges = (a.ranges ?? []).filter((x) => x.type !== 'GIT');
      const events = ranges[0]?.events ?? [];
      const introduced = events.filter((e) => 'introduced' in e);
      const fixed = events.filter((e) => 'fixed' in e);
      const others = events.filter((e) => !('introduced' in e) && !('fixed' in e));
      if (ranges.length !== 1 || ranges[0]?.type !== 'ECOSYSTEM' || introduced.length !== 1 || introduced[0]?.introduced !== '0' || fixed.length > 1 || others.length) {
        unexpectedShapes.push(`${r.id} ${a.package.name}: ${JSON.stringify(a.ranges)}`);
        continue;
      }
      const urgency = typeof a.ecosystem_specific?.urgency === 'string' ? a.ecosystem_specific.urgency : undefined;
      const entry: DebianEntry = { id: r.id, name: a.package.name, ...(urgency ? { urgency } : {}), ...(fixed[0] ? { fixed: fixed[0].fixed } : {}) };
      const list = bySource.get(entry.name) ?? [];
      list.push(entry);
      bySource.set(entry.name, list);
    }
  }
  return { bySource, unexpectedShapes, records, entries };
}

/**
 * The rule, stated the way docs/matching.md states statuses (section "Statuses"), with the Debian urgency mapping
 * of src/vulndb/sources/osv/parse.ts (Debian's levels: https://security-team.debian.org/security_tracker.html):
 *
 * | Debian:12 entry | installed source version | finding |
 * |---|---|---|
 * | `fixed: F` (any urgency) | below F (deb order) | `fixed`, fixedVersion F |
 * | `fixed: F` (any urgency) | F or above ("fixed before") | none |
 * | no `fixed`, urgency `unimportant` | any | `ignored` (no fix is coming; severity NEGLIGIBLE) |
 * | no `fixed`, urgency `end-of-life` | any | `end_of_life` |
 * | no `fixed`, any other urgency | any | `affected` |
 *
 * One finding per record id: a CVE record's finding is that CVE, a DSA/DLA record's finding is the DSA/DLA id
 * (the export links DSAs to CVEs only through `related`, which says "related", not "the same vulnerability").
 */
export function expectedFindings(entries: readonly DebianEntry[], sourceVersion: string): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  for (const e of entries) {
    if (e.fixed !== undefined) {
      if (deb.compare(sourceVersion, e.fixed) < 0) out.push({ id: e.id, status: 'fixed', fixedVersion: e.fixed });
      continue;
    }
    const u = e.urgency?.replace(/\*+$/, '').trim();
    out.push({ id: e.id, status: u === 'unimportant' ? 'ignored' : u === 'end-of-life' ? 'end_of_life' : 'affected' });
  }
  return out;
}

/** Entries that the installed version already has the fix of ("fixed before"): they must give no finding. */
export function fixedBefore(entries: readonly DebianEntry[], sourceVersion: string): DebianEntry[] {
  return entries.filter((e) => e.fixed !== undefined && deb.compare(sourceVersion, e.fixed) >= 0);
}

/** The severity a Debian urgency gives (deb vendor rating), or undefined when the urgency says nothing. */
export function severityOfUrgency(urgency: string | undefined): string | undefined {
  switch (urgency?.replace(/\*+$/, '').trim()) {
    case 'unimportant': return 'NEGLIGIBLE';
    case 'low': return 'LOW';
    case 'medium': return 'MEDIUM';
    case 'high': return 'HIGH';
    default: return undefined;
  }
}

/**
 * A version the deb scheme orders just below `v`: `~` appended to the upstream part (deb-version(5): a tilde sorts
 * before anything, even the end of a part), so `1.2-3` → `1.2~-3`, `2:1.2` → `2:1.2~`.
 */
export function justBelow(v: string): string {
  const dash = v.lastIndexOf('-');
  return dash < 0 ? `${v}~` : `${v.slice(0, dash)}~${v.slice(dash)}`;
}

/** One binary package of a generated dpkg status file. */
export interface StatusPackage {
  name: string;
  version: string;
  source: string;
  sourceVersion: string;
}

/**
 * A /var/lib/dpkg/status with the given packages, all "install ok installed" (deb-control(5) fields; the
 * `Source: name (version)` form when the source version differs from the binary's, as dpkg writes it).
 */
export function renderDpkgStatus(pkgs: readonly StatusPackage[]): string {
  return pkgs.map((p) => [
    `Package: ${p.name}`,
    'Status: install ok installed',
    'Priority: optional',
    'Section: misc',
    'Installed-Size: 1',
    'Maintainer: Drydock Tests <tests@example.invalid>',
    'Architecture: amd64',
    `Source: ${p.source}${p.sourceVersion === p.version ? '' : ` (${p.sourceVersion})`}`,
    `Version: ${p.version}`,
    `Description: scan-proof test package for ${p.source} ${p.sourceVersion}`,
    '',
  ].join('\n')).join('\n');
}

export const DEBIAN_12_OS_RELEASE = [
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  'NAME="Debian GNU/Linux"',
  'VERSION_ID="12"',
  'VERSION="12 (bookworm)"',
  'VERSION_CODENAME=bookworm',
  'ID=debian',
  '',
].join('\n');
