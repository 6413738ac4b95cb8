/**
 * One Ubuntu CVE Tracker record (vuls JSON rendering) → an Advisory with one affected entry per (release, source
 * package) whose status is known. Pure. Status meanings: https://ubuntu.com/security/cves/about#statuses (and the
 * tracker README). Plain releases become `Ubuntu:<version>`; the ESM pockets of Ubuntu Pro (`esm-infra/bionic`,
 * `esm-apps/bionic`, `esm-infra-legacy/trusty` and the older `trusty/esm`) become `Ubuntu:Pro:<version>:LTS`, as
 * in Ubuntu's OSV data, and apply only to images with ESM enabled (src/match/ubuntu.ts). FIPS pockets are left out.
 */
import type { Advisory, AffectedPackage, AffectedStatus } from '../../../model/index.js';
import type { FeedIssue } from '../../errors.js';
import { cvssRating, severityOfLabel } from '../../severity.js';
import { uctRecord } from './schema.js';

/** Codename → VERSION_ID, as /etc/os-release writes it (https://wiki.ubuntu.com/Releases). */
export const UBUNTU_RELEASES: Readonly<Record<string, string>> = {
  lucid: '10.04', precise: '12.04', trusty: '14.04', utopic: '14.10', vivid: '15.04', wily: '15.10', xenial: '16.04',
  yakkety: '16.10', zesty: '17.04', artful: '17.10', bionic: '18.04', cosmic: '18.10', disco: '19.04', eoan: '19.10',
  focal: '20.04', groovy: '20.10', hirsute: '21.04', impish: '21.10', jammy: '22.04', kinetic: '22.10', lunar: '23.04',
  mantic: '23.10', noble: '24.04', oracular: '24.10', plucky: '25.04', questing: '25.10',
};

/** The ESM pocket names of the tracker, newest naming first (one entry per package and release is kept). */
const ESM_POCKETS = [/^esm-infra\/([a-z]+)$/, /^esm-apps\/([a-z]+)$/, /^esm-infra-legacy\/([a-z]+)$/, /^([a-z]+)\/esm$/];

/** The OSV-style ecosystem of a tracker release key, or undefined for one Drydock does not use. */
function ecosystemOfRelease(release: string): { ecosystem: string; rank: number } | undefined {
  const plain = UBUNTU_RELEASES[release];
  if (plain) return { ecosystem: `Ubuntu:${plain}`, rank: 0 };
  for (const [i, re] of ESM_POCKETS.entries()) {
    const version = UBUNTU_RELEASES[re.exec(release)?.[1] ?? ''];
    if (version) return { ecosystem: `Ubuntu:Pro:${version}:LTS`, rank: i };
  }
  return undefined;
}

export type UctParseResult = { kind: 'advisory'; advisory: Advisory } | { kind: 'skipped' } | { kind: 'issue'; issue: FeedIssue };

/** Map a tracker status; `undefined` for DNE (the package does not exist in that release: no entry at all). */
export function toUctStatus(status: string, note: string | undefined): AffectedStatus | undefined {
  switch (status) {
    case 'released': return 'fixed';
    case 'needed': case 'pending': case 'active': return 'affected';
    case 'deferred': return 'postponed';
    case 'ignored': return /end[- ]of[- ](life|standard support)/i.test(note ?? '') ? 'end_of_life' : 'ignored';
    case 'needs-triage': return 'needs_triage';
    case 'not-affected': return 'not_affected';
    default: return undefined;
  }
}

/** Parse one record; problems are an issue naming the member, never a throw. */
export function parseUctRecord(bytes: Uint8Array, file: string, member: string, source = 'ubuntu-uct'): UctParseResult {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    return { kind: 'issue', issue: { code: 'RECORD_INVALID', message: `not JSON: ${(err as Error).message}`, file, record: member } };
  }
  const parsed = uctRecord.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { kind: 'issue', issue: { code: 'RECORD_INVALID', message: `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`, file, record: member } };
  }
  const r = parsed.data;
  const severity = severityOfLabel(r.priority);
  const affected: AffectedPackage[] = [];
  // esm-infra and esm-apps hold different packages; the legacy names repeat newer ones: the best-ranked pocket wins.
  const pocketOf = new Map<string, number>();
  const releases = Object.entries(r.packages ?? {})
    .map(([release, pkgs]) => ({ where: ecosystemOfRelease(release), pkgs }))
    .filter((x): x is { where: { ecosystem: string; rank: number }; pkgs: typeof x.pkgs } => x.where !== undefined)
    .sort((a, b) => a.where.rank - b.where.rank);
  for (const { where, pkgs } of releases) {
    for (const [srcName, p] of Object.entries(pkgs)) {
      const key = `${where.ecosystem}\u0000${p.name ?? srcName}`;
      if (pocketOf.has(key)) continue;
      const status = toUctStatus(p.status, p.note);
      if (!status) continue;
      const note = p.note?.trim();
      // For 'released' the note is the fixed version (e.g. "1:4.8.1-2ubuntu2.1"); a note with spaces is prose.
      const fixed = status === 'fixed' && note && !/\s/.test(note) ? note : undefined;
      pocketOf.set(key, where.rank);
      const entry: AffectedPackage = {
        ecosystem: where.ecosystem,
        name: p.name ?? srcName,
        ranges: fixed ? [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] : [],
        status,
      };
      if (severity) entry.severity = severity;
      if (note && !fixed) entry.note = note;
      affected.push(entry);
    }
  }
  if (affected.length === 0) return { kind: 'skipped' };
  const advisory: Advisory = { id: r.candidate, aliases: [], source, severities: [], affected };
  if (severity) advisory.severities.push({ source: 'ubuntu', severity });
  for (const [who, text] of Object.entries(r.cvss ?? {})) {
    // " CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:N/I:H/A:N [4.7 MEDIUM]"
    const m = /(CVSS:[\d.]+\/\S+|AV:[LAN]\/\S+)(?:\s+\[([\d.]+))?/.exec(text);
    const rating = m ? cvssRating(who, m[1]!, m[2] ? Number(m[2]) : undefined) : undefined;
    if (rating) advisory.severities.push(rating);
  }
  const details = r.ubuntu_description || r.description;
  if (details) advisory.details = details.trim();
  if (r.references?.length) advisory.references = r.references;
  const published = r.public_date ? new Date(r.public_date.replace(' UTC', 'Z').replace(' ', 'T')) : undefined;
  if (published && !Number.isNaN(published.getTime())) advisory.published = published.toISOString();
  return { kind: 'advisory', advisory };
}
