/** CISA Known Exploited Vulnerabilities catalog (JSON) → KevEntry values. Pure. */
import type { KevEntry } from '../../../model/index.js';
import type { FeedIssue } from '../../errors.js';
import { kevCatalog, kevVulnerability } from './schema.js';

export interface KevParseResult {
  entries: KevEntry[];
  issues: FeedIssue[];
  /** `dateReleased` of the catalog: the upstream freshness. */
  released?: string;
}

/**
 * Parse the catalog; a bad entry is an issue naming its index, the rest still load.
 * @throws never: an unreadable file is one FILE_INVALID issue
 */
export function parseKev(bytes: Uint8Array, file: string): KevParseResult {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    return { entries: [], issues: [{ code: 'FILE_INVALID', message: `not JSON: ${(err as Error).message}`, file }] };
  }
  const catalog = kevCatalog.safeParse(json);
  if (!catalog.success) return { entries: [], issues: [{ code: 'FILE_INVALID', message: 'not a KEV catalog (no vulnerabilities array)', file }] };
  const entries: KevEntry[] = [];
  const issues: FeedIssue[] = [];
  catalog.data.vulnerabilities.forEach((raw, i) => {
    const v = kevVulnerability.safeParse(raw);
    if (!v.success || !/^CVE-\d{4}-\d+$/.test(v.data.cveID)) {
      issues.push({ code: 'RECORD_INVALID', message: v.success ? `bad cveID ${v.data.cveID}` : v.error.issues[0]?.message ?? 'invalid', file, record: `vulnerabilities[${i}]` });
      return;
    }
    const d = v.data;
    entries.push({
      cve: d.cveID, dateAdded: d.dateAdded,
      ...(d.dueDate ? { dueDate: d.dueDate } : {}),
      ...(d.knownRansomwareCampaignUse ? { knownRansomwareCampaignUse: d.knownRansomwareCampaignUse } : {}),
      ...(d.vendorProject ? { vendorProject: d.vendorProject } : {}),
      ...(d.product ? { product: d.product } : {}),
    });
  });
  return { entries, issues, ...(catalog.data.dateReleased ? { released: catalog.data.dateReleased } : {}) };
}
