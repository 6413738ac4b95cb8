/**
 * apk-tools installed database: `/lib/apk/db/installed`. One record per package, records separated by a blank line,
 * each line `<letter>:<value>`. Field letters per the Apk spec: https://wiki.alpinelinux.org/wiki/Apk_spec
 * (P name, V version, A arch, o origin, L license, C checksum, t build time, S size, I installed size,
 * m maintainer, c commit, F directory, R file in the last F directory).
 */
import type { InventoryIssue, Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';

export interface ApkInstalledResult {
  packages: Package[];
  issues: InventoryIssue[];
}

/** apk version: digits and dots, optional letter, `_suffix[N]` parts, `-rN` (apk-tools' version.c grammar). Kept loose. */
const VERSION_RE = /^[0-9A-Za-z._+~-]+$/;
const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

interface ApkRecord {
  line: number;
  fields: Map<string, string>;
  files: string[];
  badLines: number[];
}

function* records(text: string): Generator<ApkRecord> {
  let cur: ApkRecord | undefined;
  let dir = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') {
      if (cur) yield cur;
      cur = undefined;
      dir = '';
      continue;
    }
    cur ??= { line: i + 1, fields: new Map(), files: [], badLines: [] };
    if (line.length < 2 || line[1] !== ':') {
      cur.badLines.push(i + 1);
      continue;
    }
    const key = line[0] ?? '';
    const value = line.slice(2);
    if (key === 'F') {
      dir = value;
    } else if (key === 'R') {
      // R names a file inside the last F directory (the root when no F came before it).
      cur.files.push(dir ? `/${dir}/${value}` : `/${value}`);
    } else if (!cur.fields.has(key)) {
      cur.fields.set(key, value);
    }
  }
  if (cur) yield cur;
}

/**
 * Parse `/lib/apk/db/installed`. Carries on past bad records: each becomes an issue naming the file and line.
 * @example parseApkInstalled('/lib/apk/db/installed', 'P:musl\nV:1.2.3-r4\nA:x86_64\no:musl\n')
 */
export function parseApkInstalled(path: string, text: string): ApkInstalledResult {
  const packages: Package[] = [];
  const issues: InventoryIssue[] = [];
  for (const rec of records(text)) {
    const f = rec.fields;
    const name = f.get('P') ?? '';
    const where = `${path} record at line ${rec.line}${name ? ` (${name})` : ''}`;
    if (rec.badLines.length > 0) {
      issues.push({ code: 'APK_MALFORMED_LINE', message: `${where}: lines not of the form "X:value": ${rec.badLines.slice(0, 5).join(', ')}`, path });
    }
    if (!NAME_RE.test(name)) {
      if (name || f.size > 0) issues.push({ code: 'APK_BAD_NAME', message: `${where}: missing or invalid P: field; record skipped`, path });
      continue;
    }
    const version = f.get('V') ?? '';
    if (!VERSION_RE.test(version)) {
      issues.push({ code: 'APK_BAD_VERSION', message: `${where}: missing or invalid V: "${version.slice(0, 80)}"; record skipped`, path });
      continue;
    }
    const arch = f.get('A') || undefined;
    const origin = f.get('o') || undefined;
    const license = f.get('L') || undefined;
    const metadata: { [k: string]: unknown } = {};
    const checksum = f.get('C');
    if (checksum) metadata.checksum = checksum;
    const buildTime = f.get('t');
    if (buildTime && /^\d+$/.test(buildTime)) metadata.buildTime = Number(buildTime);
    const size = f.get('I');
    if (size && /^\d+$/.test(size)) metadata.installedSize = Number(size);
    const maintainer = f.get('m');
    if (maintainer) metadata.maintainer = maintainer;
    const commit = f.get('c');
    if (commit) metadata.commit = commit;
    const pkg: Package = {
      type: 'apk',
      name,
      version,
      arch,
      // The origin is the source (APKBUILD) package; it shares the binary's version.
      source: { name: origin ?? name, version },
      purl: buildPurl('apk', 'alpine', name, version, { arch }),
      locations: [path],
      files: rec.files,
      metadata,
    };
    // apk records the licence as one string, often an SPDX expression ("MIT AND BSD-2-Clause"): keep it whole.
    if (license) pkg.licenses = [license];
    packages.push(pkg);
  }
  return { packages, issues };
}
