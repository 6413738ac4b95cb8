/**
 * Severity of a finding: every source's rating is kept, and one is chosen for filtering and gates — the vendor's
 * (the distro the package came from) first, then NVD, then GHSA, then any other source. A rating that is only a CVSS
 * vector gets its score from src/cvss; the score gives the label (FIRST scale for v3/v4, NVD scale for v2).
 */
import { scoreCvss, severityOf, severityOfV2 } from '../cvss/index.js';
import type { CvssSeverity } from '../cvss/index.js';
import type { Severity, SeverityRating } from '../model/index.js';

const FROM_CVSS: Record<CvssSeverity, Severity> = {
  None: 'NEGLIGIBLE',
  Low: 'LOW',
  Medium: 'MEDIUM',
  High: 'HIGH',
  Critical: 'CRITICAL',
};

const VERSION_RANK: Record<string, number> = { '2.0': 0, '3.0': 1, '3.1': 2, '4.0': 3 };

/**
 * Fill in a missing CVSS score from the vector. A vector that does not parse is kept as given (without a score):
 * the rating stays visible, it just cannot rank.
 */
export function completeRating(r: SeverityRating): SeverityRating {
  if (!r.cvss || r.cvss.score !== undefined) return r;
  try {
    const s = scoreCvss(r.cvss.vector);
    const score = s.version === '4.0' ? s.score : s.baseScore;
    return { ...r, cvss: { ...r.cvss, score } };
  } catch {
    return r;
  }
}

/** The label a rating stands for: its own label, else the label of its CVSS score. */
export function severityOfRating(r: SeverityRating): Severity | undefined {
  if (r.severity && r.severity !== 'UNKNOWN') return r.severity;
  const score = r.cvss?.score;
  if (score === undefined || !r.cvss) return undefined;
  return FROM_CVSS[r.cvss.version === '2.0' ? severityOfV2(score) : severityOf(score)];
}

function ratingKey(r: SeverityRating): string {
  return `${r.source}|${r.severity ?? ''}|${r.cvss?.vector ?? ''}`;
}

/** Drop exact duplicates (same source, label and vector) and complete scores. Order is kept. */
export function collectRatings(ratings: readonly SeverityRating[]): SeverityRating[] {
  const seen = new Set<string>();
  const out: SeverityRating[] = [];
  for (const r of ratings) {
    const k = ratingKey(r);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(completeRating(r));
  }
  return out;
}

/** The severity one source gives: its label, else the newest CVSS version's score. */
function severityOfSource(ratings: readonly SeverityRating[]): Severity | undefined {
  const labelled = ratings.find((r) => r.severity && r.severity !== 'UNKNOWN');
  if (labelled?.severity) return labelled.severity;
  const scored = ratings
    .filter((r) => severityOfRating(r) !== undefined)
    .sort((a, b) => (VERSION_RANK[b.cvss?.version ?? ''] ?? -1) - (VERSION_RANK[a.cvss?.version ?? ''] ?? -1));
  return scored[0] ? severityOfRating(scored[0]) : undefined;
}

/**
 * Choose the severity: `vendor` (the distro's source id, e.g. 'debian') first, then 'nvd', then 'ghsa', then the
 * other sources in the order met.
 * @example chooseSeverity([{ source: 'nvd', severity: 'HIGH' }, { source: 'debian', severity: 'LOW' }], 'debian')
 * // { severity: 'LOW', source: 'debian' }
 */
export function chooseSeverity(
  ratings: readonly SeverityRating[],
  vendor?: string,
): { severity: Severity; source: string } {
  const sources = [...new Set(ratings.map((r) => r.source))];
  const order = [...(vendor ? [vendor] : []), 'nvd', 'ghsa', ...sources];
  for (const source of order) {
    const s = severityOfSource(ratings.filter((r) => r.source === source));
    if (s) return { severity: s, source };
  }
  return { severity: 'UNKNOWN', source: '' };
}
