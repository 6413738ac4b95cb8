/** The fields of CISA's KEV catalog JSON we read (https://www.cisa.gov/known-exploited-vulnerabilities-catalog; schema: known_exploited_vulnerabilities_schema.json). */
import { z } from 'zod';

export const kevVulnerability = z.object({
  cveID: z.string(),
  dateAdded: z.string(),
  dueDate: z.string().optional(),
  knownRansomwareCampaignUse: z.string().optional(),
  vendorProject: z.string().optional(),
  product: z.string().optional(),
});

export const kevCatalog = z.object({
  catalogVersion: z.string().optional(),
  dateReleased: z.string().optional(),
  vulnerabilities: z.array(z.unknown()),
});
