/** Severity helpers shared by the feed parsers: CVSS vectors to ratings, vendor labels to our scale. */
import { scoreCvss } from '../cvss/index.js';
import type { CvssVersion, Severity, SeverityRating } from '../model/index.js';

/** Vector → base score: feeds repeat the same vectors thousands of times. */
const scoreCache = new Map<string, number | undefined>();

/**
 * A rating from a CVSS vector, scored with src/cvss. A vector that does not parse keeps no score (the vector is kept
 * so a report can show it), rather than failing the record.
 */
export function cvssRating(source: string, vector: string, score?: number): SeverityRating | undefined {
  const v = vector.trim();
  const version: CvssVersion | undefined = v.startsWith('CVSS:4.0/') ? '4.0' : v.startsWith('CVSS:3.1/') ? '3.1' : v.startsWith('CVSS:3.0/') ? '3.0' : /^AV:[LAN]\//.test(v) ? '2.0' : undefined;
  if (!version) return undefined;
  let base = score;
  if (base === undefined) {
    if (scoreCache.has(v)) base = scoreCache.get(v);
    else {
      try {
        base = scoreCvss(v).baseScore;
      } catch {
        base = undefined;
      }
      if (scoreCache.size < 100_000) scoreCache.set(v, base);
    }
  }
  const rating: SeverityRating = { source, cvss: { version, vector: v, ...(base !== undefined ? { score: base } : {}) } };
  if (base !== undefined) rating.severity = severityOfScore(base, version);
  return rating;
}

/** The qualitative rating of a base score: NVD's v2 scale, FIRST's scale for v3/v4 (0 → NEGLIGIBLE). */
export function severityOfScore(score: number, version: CvssVersion): Severity {
  if (version === '2.0') return score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : 'LOW';
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'NEGLIGIBLE';
}

/** Map a free-form vendor label (GHSA 'MODERATE', Ubuntu 'negligible', Red Hat 'Important') to our scale. */
export function severityOfLabel(label: string | undefined): Severity | undefined {
  switch (label?.trim().toLowerCase()) {
    case 'critical': return 'CRITICAL';
    case 'high': case 'important': return 'HIGH';
    case 'medium': case 'moderate': return 'MEDIUM';
    case 'low': return 'LOW';
    case 'negligible': case 'unimportant': return 'NEGLIGIBLE';
    default: return undefined;
  }
}
