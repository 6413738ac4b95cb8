/** NVD CVE API 2.0 response: the fields we read (https://nvd.nist.gov/developers/vulnerabilities). */
import { z } from 'zod';

const cvssMetric = z.object({
  source: z.string().optional(),
  type: z.string().optional(),
  cvssData: z.object({ vectorString: z.string(), baseScore: z.number().optional() }),
});

export const nvdCve = z.object({
  id: z.string().regex(/^CVE-\d{4}-\d+$/),
  published: z.string().optional(),
  lastModified: z.string().optional(),
  vulnStatus: z.string().optional(),
  descriptions: z.array(z.object({ lang: z.string(), value: z.string() })).optional(),
  metrics: z.object({
    cvssMetricV2: z.array(cvssMetric).optional(),
    cvssMetricV30: z.array(cvssMetric).optional(),
    cvssMetricV31: z.array(cvssMetric).optional(),
    cvssMetricV40: z.array(cvssMetric).optional(),
  }).optional(),
  weaknesses: z.array(z.object({ description: z.array(z.object({ lang: z.string(), value: z.string() })) })).optional(),
  references: z.array(z.object({ url: z.string() })).optional(),
});

export const nvdPage = z.object({
  resultsPerPage: z.number().int().nonnegative(),
  startIndex: z.number().int().nonnegative(),
  totalResults: z.number().int().nonnegative(),
  timestamp: z.string().optional(),
  vulnerabilities: z.array(z.object({ cve: z.unknown() })),
});
