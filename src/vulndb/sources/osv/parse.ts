/**
 * One OSV record (bytes of a `<ID>.json` member of an OSV `all.zip` export) to the normalised Advisory.
 * Pure: bytes in, a value out. Schema: https://ossf.github.io/osv-schema/ ; export layout:
 * https://google.github.io/osv.dev/data/#data-dumps
 */
import type { Advisory, AffectedPackage, AffectedRange, AffectedStatus, RangeEvent, Severity, SeverityRating } from '../../../model/index.js';
import type { FeedIssue } from '../../errors.js';
import { toEcosystemKey } from '../../ecosystem.js';
import { cvssRating, severityOfLabel } from '../../severity.js';
import type { EcosystemFamily } from '../../types.js';
import { osvRecord, type OsvAffected, type OsvRecord } from './schema.js';

export interface OsvParseOptions {
  /** Feed id written to `Advisory.source` ('osv-debian', 'osv-malicious', …). */
  source: string;
  /** Families this feed is authoritative for; `affected` entries of other families are dropped (see readme). */
  families: ReadonlySet<EcosystemFamily>;
  /** 'only': keep MAL- records only (the malicious feed); 'skip': drop them (they belong to the malicious feed). */
  malicious: 'only' | 'skip';
  /** Largest record accepted, bytes. */
  maxRecordBytes: number;
}

export type OsvParseResult =
  | { kind: 'advisory'; advisory: Advisory }
  | { kind: 'skipped'; reason: 'withdrawn' | 'malicious' | 'not-malicious' | 'no-affected' }
  | { kind: 'issue'; issue: FeedIssue };

/** golang/vulndb stores 0001-01-01T00:00:00Z until the export fills real times in: no freshness information. */
export function isZeroTime(t: string | undefined): boolean {
  return !t || t.startsWith('0001-01-01');
}

/**
 * Parse one OSV record. Bad JSON or wrong field types give an issue naming the file and member, never a throw.
 * @example parseOsvRecord(bytes, 'Debian/all.zip', 'CVE-2023-38545.json', opts)
 */
export function parseOsvRecord(bytes: Uint8Array, file: string, member: string, opts: OsvParseOptions): OsvParseResult {
  if (bytes.length > opts.maxRecordBytes) {
    return { kind: 'issue', issue: { code: 'RECORD_TOO_LARGE', message: `record is ${bytes.length} bytes, over ${opts.maxRecordBytes}`, file, record: member } };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (err) {
    return { kind: 'issue', issue: { code: 'RECORD_INVALID', message: `not JSON: ${(err as Error).message}`, file, record: member } };
  }
  const parsed = osvRecord.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { kind: 'issue', issue: { code: 'RECORD_INVALID', message: `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`, file, record: member } };
  }
  return toAdvisory(parsed.data, { ...opts, file, member });
}

/** Convert a schema-checked OSV record. Exported for feeds that read OSV records from other containers. */
export function toAdvisory(r: OsvRecord, opts: Pick<OsvParseOptions, 'source' | 'families' | 'malicious'> & { file?: string; member?: string }): OsvParseResult {
  if (r.withdrawn) return { kind: 'skipped', reason: 'withdrawn' };
  // GitHub withdrew some advisories before OSV had a `withdrawn` field; their summary still says so
  // (e.g. GHSA-7fhm-mqm4-2wp7 "Withdrawn: ESLint dependencies are vulnerable …"). Reporting them is noise.
  if (r.id.startsWith('GHSA-') && /^withdrawn:/i.test(r.summary ?? '')) return { kind: 'skipped', reason: 'withdrawn' };
  const isMal = r.id.startsWith('MAL-');
  if (opts.malicious === 'only' && !isMal) return { kind: 'skipped', reason: 'not-malicious' };
  if (opts.malicious === 'skip' && isMal) return { kind: 'skipped', reason: 'malicious' };
  const ratingSource = ratingSourceOf(r.id, opts.source);
  const affected: AffectedPackage[] = [];
  for (const a of r.affected ?? []) {
    const pkg = toAffected(a);
    if (!pkg) continue;
    if ('invalid' in pkg) return { kind: 'issue', issue: { code: 'RECORD_INVALID', message: pkg.invalid, file: opts.file ?? '', record: opts.member ?? r.id } };
    const key = toEcosystemKey(pkg.ecosystem);
    if (key && opts.families.has(key.family)) affected.push(pkg);
  }
  if (affected.length === 0) return { kind: 'skipped', reason: 'no-affected' };
  const severities: SeverityRating[] = [];
  for (const s of r.severity ?? []) {
    const rating = s.type === 'Ubuntu' ? labelRating('ubuntu', s.score) : cvssRating(ratingSource, s.score);
    if (rating) severities.push(rating);
  }
  const dbs = r.database_specific ?? {};
  const ghsaSeverity = typeof dbs.severity === 'string' ? severityOfLabel(dbs.severity) : undefined;
  if (ghsaSeverity) severities.push({ source: ratingSource, severity: ghsaSeverity });
  const cwes = Array.isArray(dbs.cwe_ids) ? dbs.cwe_ids.filter((c): c is string => typeof c === 'string') : undefined;
  const advisory: Advisory = {
    id: r.id,
    aliases: [...new Set(r.aliases ?? [])],
    source: opts.source,
    severities,
    affected,
  };
  if (r.related?.length) advisory.related = r.related;
  if (r.summary) advisory.summary = r.summary;
  if (r.details) advisory.details = r.details;
  if (!isZeroTime(r.published)) advisory.published = r.published;
  if (!isZeroTime(r.modified)) advisory.modified = r.modified;
  if (cwes?.length) advisory.cwes = cwes;
  if (r.references?.length) advisory.references = r.references.map((x) => x.url);
  if (isMal) advisory.malicious = true;
  return { kind: 'advisory', advisory };
}

function labelRating(source: string, label: string): SeverityRating | undefined {
  const severity = severityOfLabel(label);
  return severity ? { source, severity } : undefined;
}

/** Who rated: the CVSS vectors of osv.dev's CVE records are NVD's; distro advisories carry their vendor's. */
function ratingSourceOf(id: string, feed: string): string {
  if (id.startsWith('GHSA-')) return 'ghsa';
  if (/^RH[SBE]A-/.test(id)) return 'redhat';
  if (id.startsWith('ALSA-')) return 'almalinux';
  if (id.startsWith('RLSA-')) return 'rocky';
  if (id.startsWith('USN-') || id.startsWith('UBUNTU-')) return 'ubuntu';
  if (/^(?:DEBIAN-|ALPINE-)?CVE-/.test(id) && /^osv-(debian|alpine)$/.test(feed)) return 'nvd';
  return 'osv';
}

const EVENT_KEYS: ReadonlySet<string> = new Set(['introduced', 'fixed', 'last_affected', 'limit']);
const DISTRO_FAMILIES: ReadonlySet<EcosystemFamily> = new Set(['alpine', 'almalinux', 'debian', 'redhat', 'rocky', 'ubuntu']);

/**
 * The module stream an rpm purl names in its `rpmmod` qualifier ('pkg:rpm/redhat/perl-libs@…?arch=x86_64&rpmmod=perl:5.32'
 * → 'perl:5.32'; a full 'name:stream:version:context' is cut to name and stream). Red Hat moved module facts from
 * `pkg:rpmmod/…` purls to this qualifier (https://issues.redhat.com/browse/SECDATA-1115).
 */
export function rpmModuleOf(purl: string): string | undefined {
  const [name, stream] = (rpmQualifier(purl, 'rpmmod') ?? '').split(':');
  return name && stream ? `${name}:${stream}` : undefined;
}

/** The `arch` qualifier of an rpm purl ('pkg:rpm/redhat/kernel@…?arch=aarch64' → 'aarch64'). */
export function rpmArchOf(purl: string): string | undefined {
  const arch = rpmQualifier(purl, 'arch');
  return arch && /^[A-Za-z0-9_]{1,32}$/.test(arch) ? arch : undefined;
}

/** One qualifier of an rpm purl, percent-decoded; undefined when absent or not decodable. */
function rpmQualifier(purl: string, key: string): string | undefined {
  if (!purl.startsWith('pkg:rpm/')) return undefined;
  const q = purl.indexOf('?');
  if (q < 0) return undefined;
  for (const pair of purl.slice(q + 1).split('#')[0]!.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).toLowerCase() !== key) continue;
    try {
      return decodeURIComponent(pair.slice(eq + 1));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function toAffected(a: OsvAffected): AffectedPackage | { invalid: string } | undefined {
  const ecosystem = a.package?.ecosystem;
  const name = a.package?.name;
  // Entries without a package are osv.dev's GIT-range enrichments: nothing to match an installed package against.
  if (!ecosystem || !name) return undefined;
  const ranges: AffectedRange[] = [];
  for (const range of a.ranges ?? []) {
    if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER' && range.type !== 'GIT') continue;
    const events: RangeEvent[] = [];
    for (const e of range.events) {
      const keys = Object.keys(e);
      const k = keys[0];
      if (keys.length !== 1 || !EVENT_KEYS.has(k!)) return { invalid: `affected ${name}: bad range event ${JSON.stringify(e).slice(0, 80)}` };
      events.push({ [k!]: e[k!] } as RangeEvent);
    }
    ranges.push({ type: range.type, events });
  }
  const out: AffectedPackage = { ecosystem, name, ranges };
  if (a.package?.purl) {
    out.purl = a.package.purl;
    const module = rpmModuleOf(a.package.purl);
    if (module) out.module = module;
    const arch = rpmArchOf(a.package.purl);
    if (arch) out.arches = [arch];
  }
  // Distro entries in osv.dev's exports carry `versions` lists enumerated from upstream tags (NVD conversions: hundreds
  // of upstream versions that never match a distro version string). The ECOSYSTEM range says everything a distro
  // matcher can use, so the list is kept only when there is no such range (it is then the only statement).
  const hasRange = ranges.some((r) => r.type !== 'GIT');
  const key = toEcosystemKey(ecosystem);
  if (!(hasRange && key && DISTRO_FAMILIES.has(key.family)) && Array.isArray(a.versions) && a.versions.length) {
    if (!a.versions.every((v): v is string => typeof v === 'string')) return { invalid: `affected ${name}: versions must be strings` };
    out.versions = a.versions;
  }
  const urgency = a.ecosystem_specific?.urgency;
  if (typeof urgency === 'string') applyDebianUrgency(out, urgency);
  const ubuntuPriority = a.ecosystem_specific?.ubuntu_priority;
  if (typeof ubuntuPriority === 'string') {
    const s = severityOfLabel(ubuntuPriority);
    if (s) out.severity = s;
  }
  return out;
}

/**
 * Debian's urgency (https://security-team.debian.org/security_tracker.html#severity-levels) → severity and status.
 * 'unimportant' and 'end-of-life' say no fix is coming: they become the status when no fixed event exists (a fixed
 * version, when present, says more and the ranges decide).
 */
function applyDebianUrgency(out: AffectedPackage, urgency: string): void {
  const u = urgency.replace(/\*+$/, '').trim();
  const hasFix = out.ranges.some((r) => r.events.some((e) => 'fixed' in e));
  let status: AffectedStatus | undefined;
  let severity: Severity | undefined;
  if (u === 'unimportant') { severity = 'NEGLIGIBLE'; status = 'ignored'; }
  else if (u === 'end-of-life') status = 'end_of_life';
  else if (u === 'low' || u === 'medium' || u === 'high') severity = severityOfLabel(u);
  if (severity) out.severity = severity;
  if (status && !hasFix) out.status = status;
}
