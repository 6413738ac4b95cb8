/**
 * NVD CVE API 2.0 pages → Advisories with NVD's (and the CNAs') CVSS ratings and CWEs, and no affected entries (NVD
 * speaks CPE, not package ecosystems): matching merges them into findings by id. Pure.
 * https://nvd.nist.gov/developers/vulnerabilities
 */
import type { Advisory, SeverityRating } from '../../../model/index.js';
import type { FeedIssue } from '../../errors.js';
import { cvssRating } from '../../severity.js';
import { nvdCve, nvdPage } from './schema.js';

export interface NvdPageResult {
  advisories: Advisory[];
  /** Rejected CVEs: an incremental update removes them. */
  rejected: string[];
  issues: FeedIssue[];
  totalResults: number;
  resultsPerPage: number;
  startIndex: number;
  /** Newest lastModified on the page. */
  lastModified?: string;
}

/**
 * Parse one API response page.
 * @throws never: a page that is not an API 2.0 response is one FILE_INVALID issue
 */
export function parseNvdPage(bytes: Uint8Array, file: string): NvdPageResult {
  const empty: NvdPageResult = { advisories: [], rejected: [], issues: [], totalResults: 0, resultsPerPage: 0, startIndex: 0 };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    return { ...empty, issues: [{ code: 'FILE_INVALID', message: `not JSON: ${(err as Error).message}`, file }] };
  }
  const page = nvdPage.safeParse(json);
  if (!page.success) return { ...empty, issues: [{ code: 'FILE_INVALID', message: 'not an NVD CVE API 2.0 response', file }] };
  const out: NvdPageResult = { ...empty, totalResults: page.data.totalResults, resultsPerPage: page.data.resultsPerPage, startIndex: page.data.startIndex };
  page.data.vulnerabilities.forEach((v, i) => {
    const c = nvdCve.safeParse(v.cve);
    if (!c.success) {
      out.issues.push({ code: 'RECORD_INVALID', message: `${c.error.issues[0]?.path.join('.')}: ${c.error.issues[0]?.message}`, file, record: `vulnerabilities[${i}]` });
      return;
    }
    const cve = c.data;
    if (cve.lastModified && (!out.lastModified || cve.lastModified > out.lastModified)) out.lastModified = cve.lastModified;
    if (cve.vulnStatus === 'Rejected') {
      out.rejected.push(cve.id);
      return;
    }
    const severities: SeverityRating[] = [];
    const m = cve.metrics ?? {};
    for (const metric of [...(m.cvssMetricV40 ?? []), ...(m.cvssMetricV31 ?? []), ...(m.cvssMetricV30 ?? []), ...(m.cvssMetricV2 ?? [])]) {
      // Primary metrics are NVD's own; Secondary ones are the CNA's (its source is an e-mail-like id).
      const who = !metric.source || metric.source === 'nvd@nist.gov' ? 'nvd' : `cna:${metric.source}`;
      const rating = cvssRating(who, metric.cvssData.vectorString, metric.cvssData.baseScore);
      if (rating) severities.push(rating);
    }
    const cwes = [...new Set((cve.weaknesses ?? []).flatMap((w) => w.description.map((d) => d.value)).filter((x) => /^CWE-\d+$/.test(x)))];
    const details = cve.descriptions?.find((d) => d.lang === 'en')?.value;
    const adv: Advisory = { id: cve.id, aliases: [], source: 'nvd', severities, affected: [] };
    if (details) adv.details = details;
    if (cve.published) adv.published = `${cve.published}Z`.replace(/ZZ$/, 'Z');
    if (cve.lastModified) adv.modified = `${cve.lastModified}Z`.replace(/ZZ$/, 'Z');
    if (cwes.length) adv.cwes = cwes;
    if (cve.references?.length) adv.references = cve.references.map((r) => r.url);
    out.advisories.push(adv);
  });
  return out;
}
