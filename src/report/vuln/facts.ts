/**
 * Facts every scan report derives from a finding the same way: ordering, the CVSS rating to show, status labels,
 * the layer line, identifier kinds and advisory links. Kept here so that the seven formats agree.
 */
import { scoreCvss } from '../../cvss/index.js';
import type { AffectedStatus, CvssVersion, Finding, ScanResult, Severity, SeverityRating } from '../../model/index.js';
import { SEVERITY_ORDER } from '../../model/index.js';
import { compareStrings } from '../package-order.js';
import { VulnReportError } from './errors.js';

/** Severities from most to least severe: the order reports list them in. */
export const SEVERITIES_DESCENDING: readonly Severity[] = [...SEVERITY_ORDER].reverse();

/** Rank of a severity: UNKNOWN 0 … CRITICAL 5 (the model's `SEVERITY_ORDER`). */
export function severityRank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}

/** Report order by package: type, name, version, location, purl, then most severe first, then id. */
export function compareFindingsByPackage(a: Finding, b: Finding): number {
  return (
    compareStrings(a.package.type, b.package.type) ||
    compareStrings(a.package.name, b.package.name) ||
    compareStrings(a.package.version, b.package.version) ||
    compareStrings(a.package.location, b.package.location) ||
    compareStrings(a.package.purl, b.package.purl) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    compareStrings(a.id, b.id)
  );
}

/** Priority order: severity, then KEV listed, then EPSS, then CVSS score (all descending), then id and package. */
export function compareFindingsByPriority(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    Number(b.kind === 'malicious') - Number(a.kind === 'malicious') ||
    Number(Boolean(b.kev)) - Number(Boolean(a.kev)) ||
    (b.epss?.score ?? -1) - (a.epss?.score ?? -1) ||
    (bestCvss(b)?.score ?? -1) - (bestCvss(a)?.score ?? -1) ||
    compareStrings(a.id, b.id) ||
    compareFindingsByPackage(a, b)
  );
}

/** A sorted copy. */
export function sortFindings(findings: readonly Finding[], compare: (a: Finding, b: Finding) => number): Finding[] {
  return [...findings].sort(compare);
}

/** The CVSS rating a report shows for a finding. */
export interface ShownCvss {
  source: string;
  version: CvssVersion;
  vector: string;
  /** Base score: the rating's own, else computed from the vector; undefined when the vector does not score. */
  score?: number;
}

const VERSION_PREFERENCE: readonly CvssVersion[] = ['2.0', '3.0', '3.1', '4.0'];

/** The score a rating carries, else the base score computed from its vector (undefined when invalid). */
export function cvssScoreOf(rating: SeverityRating): number | undefined {
  const c = rating.cvss;
  if (!c) return undefined;
  if (typeof c.score === 'number' && Number.isFinite(c.score)) return c.score;
  try {
    return scoreCvss(c.vector).baseScore;
  } catch {
    return undefined;
  }
}

/**
 * The CVSS rating to show: from the source the severity came from when it has a vector, else the newest CVSS
 * version, highest score first (so a v3.1 vector is preferred to a v2 one of the same record).
 */
export function bestCvss(f: Finding): ShownCvss | undefined {
  const rated = f.ratings.filter((r) => r.cvss !== undefined);
  if (rated.length === 0) return undefined;
  const shown = (r: SeverityRating): ShownCvss => {
    const score = cvssScoreOf(r);
    return { source: r.source, version: r.cvss!.version, vector: r.cvss!.vector, ...(score !== undefined ? { score } : {}) };
  };
  const candidates = rated.map(shown).sort(
    (a, b) =>
      Number(b.source === f.severitySource) - Number(a.source === f.severitySource) ||
      VERSION_PREFERENCE.indexOf(b.version) - VERSION_PREFERENCE.indexOf(a.version) ||
      (b.score ?? -1) - (a.score ?? -1) ||
      compareStrings(a.source, b.source) ||
      compareStrings(a.vector, b.vector),
  );
  // Prefer one that scores: a vector we cannot score is still shown when it is all there is.
  return candidates.find((c) => c.score !== undefined) ?? candidates[0];
}

/** The highest CVSS base score of any rating, for `security-severity` style fields. */
export function maxCvssScore(f: Finding): number | undefined {
  let best: number | undefined;
  for (const r of f.ratings) {
    const s = cvssScoreOf(r);
    if (s !== undefined && (best === undefined || s > best)) best = s;
  }
  return best;
}

const STATUS_LABELS: Record<Exclude<AffectedStatus, 'not_affected'>, string> = {
  fixed: 'fixed',
  affected: 'no fix yet',
  wont_fix: "won't fix",
  no_dsa: 'no DSA',
  ignored: 'ignored by distro',
  postponed: 'postponed',
  end_of_life: 'end of life',
  needs_triage: 'needs triage',
};

/** A short human label for a finding's status (the distro statuses spelt out); malicious packages say so. */
export function statusLabel(f: Finding): string {
  if (f.kind === 'malicious') return 'malicious';
  if (f.notEvaluated) return 'not evaluated';
  return STATUS_LABELS[f.status] ?? f.status;
}

/** What to do about a finding, in one sentence. */
export function remediationText(f: Finding): string {
  const p = f.package;
  if (f.kind === 'malicious') return `Remove ${p.name} ${p.version}: the package is malicious; rotate any secret the image exposed to it.`;
  if (f.notEvaluated) return `Check ${p.name} ${p.version} by hand: its version could not be compared (${f.notEvaluated.message}).`;
  if (f.fixedVersion) return `Upgrade ${p.name} from ${p.version} to ${f.fixedVersion} or later.`;
  switch (f.status) {
    case 'wont_fix':
    case 'ignored':
    case 'no_dsa':
    case 'postponed':
      return `No fix is planned for ${p.name} in this release (${statusLabel(f)}); mitigate, or remove the package if it is not needed.`;
    case 'end_of_life':
      return `The release is end of life for ${p.name}; move to a supported base image.`;
    default:
      return `No fixed version of ${p.name} is known yet.`;
  }
}

/** Collapse whitespace and control characters to single spaces. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** Cut `s` to at most `max` code points, marking the cut with "…". */
export function truncateText(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return max <= 1 ? chars.slice(0, Math.max(0, max)).join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The history line of a layer, short: the `/bin/sh -c #(nop)` and `|N ARG=…` prefixes and the `# buildkit`
 * suffix dropped, whitespace collapsed, cut to `max` characters.
 */
export function shortCreatedBy(createdBy: string | undefined, max = 48): string {
  if (!createdBy) return '';
  let s = oneLine(createdBy);
  s = s.replace(/^\|\d+(\s+\S+=\S*)*\s+/, '');
  s = s.replace(/^\/bin\/sh -c #\(nop\)\s*/, '').replace(/^\/bin\/sh -c\s+/, 'RUN ');
  s = s.replace(/^RUN \/bin\/sh -c\s+/, 'RUN ');
  s = s.replace(/\s*# buildkit$/, '');
  return truncateText(s, max);
}

/** `layer 1: RUN apt-get …` or '' when the finding has no layer. */
export function layerText(f: Finding, max = 48): string {
  const l = f.package.layer;
  if (!l) return '';
  const by = shortCreatedBy(l.createdBy, max);
  return by ? `layer ${l.index}: ${by}` : `layer ${l.index}`;
}

/** EPSS as a percentage with two decimals: `0.97565` → `97.57%`. */
export function formatEpss(score: number): string {
  return `${(Math.round(score * 10000) / 100).toFixed(2)}%`;
}

/** A CVSS score with one decimal. */
export function formatScore(score: number): string {
  return score.toFixed(1);
}

/** Counts per severity, every severity present (0 when none). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

/** The kind of an advisory id, lower case: `cve`, `ghsa`, `dsa`, `usn`, `mal`, `go`, `rustsec`, … (prefix before the first `-`). */
export function identifierKind(id: string): string {
  const m = /^([A-Za-z]+)[-:]/.exec(id);
  return m ? m[1]!.toLowerCase() : 'advisory';
}

/** The public page of an advisory id, by its kind. */
export function advisoryUrl(id: string): string {
  const kind = identifierKind(id);
  const enc = encodeURIComponent(id);
  if (kind === 'cve') return `https://nvd.nist.gov/vuln/detail/${enc}`;
  if (kind === 'ghsa') return `https://github.com/advisories/${enc}`;
  if (kind === 'cwe') return `https://cwe.mitre.org/data/definitions/${encodeURIComponent(id.replace(/^CWE-/i, ''))}.html`;
  return `https://osv.dev/vulnerability/${enc}`;
}

/** True for an absolute http(s) URL that parses; references from feeds are not trusted to be either. */
export function isWebUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** The references of a finding that are web URLs, in order, without duplicates. */
export function webReferences(f: Finding): string[] {
  // `URL.href` percent-encodes what a raw reference may carry (spaces, quotes), so the result is a valid URI.
  return [...new Set((f.references ?? []).filter(isWebUrl).map((r) => new URL(r).href))];
}

/** The link to show for a finding: its first web reference, else the advisory page for its id. */
export function primaryUrl(f: Finding): string {
  return webReferences(f)[0] ?? advisoryUrl(f.id);
}

/** Every id of a finding: the primary id then the aliases, without duplicates. */
export function allIds(f: Finding): string[] {
  return [...new Set([f.id, ...f.aliases])];
}

/** A stable identity of a finding in an image: advisory id, package purl and location. */
export function findingKey(f: Finding): string {
  return `${f.id}\n${f.package.purl}\n${f.package.location}`;
}

/** The OS line: `Debian GNU/Linux 12 (bookworm)`, `debian 12`, or undefined. */
export function osText(result: ScanResult): string | undefined {
  const os = result.inventory.os;
  if (!os) return undefined;
  return os.prettyName ?? [os.family, os.version].filter(Boolean).join(' ');
}

/**
 * The scan time (the inventory's `createdAt`) as a Date.
 * @throws {VulnReportError} `INVALID_SCAN_RESULT` when it is not a date.
 */
export function scanTime(result: ScanResult): Date {
  const d = new Date(result.inventory.createdAt);
  if (Number.isNaN(d.getTime())) {
    throw new VulnReportError('INVALID_SCAN_RESULT', `inventory.createdAt is not a date: ${String(result.inventory.createdAt).slice(0, 40)}`);
  }
  return d;
}

/**
 * Escape text for inline Markdown (GitHub flavoured): HTML is neutralised (`<`, `>`, `&` become entities), the
 * characters that start emphasis, code, links, strikethrough and table cells are backslash-escaped, and line breaks
 * become spaces, so text from feeds can neither inject markup nor break a table row. For inline use (table cells,
 * list items, after other text).
 */
export function escapeMarkdown(s: string): string {
  return oneLine(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/**
 * {@link escapeMarkdown} for text that starts a line (a paragraph): a leading heading, list or quote marker is
 * escaped too.
 */
export function escapeMarkdownBlock(s: string): string {
  return escapeMarkdown(s)
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
