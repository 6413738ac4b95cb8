/**
 * Ubuntu CVE Tracker records in vuls' JSON rendering (vulsio/vuls-data-raw-ubuntu-cve-tracker): the fields we read.
 * The tracker's own text format is documented at https://git.launchpad.net/ubuntu-cve-tracker/tree/README.
 */
import { z } from 'zod';

export const uctPackage = z.object({
  name: z.string().optional(),
  status: z.string(),
  note: z.string().optional(),
});

export const uctRecord = z.object({
  candidate: z.string().regex(/^CVE-\d{4}-\d+$/),
  description: z.string().optional(),
  ubuntu_description: z.string().optional(),
  priority: z.string().optional(),
  cvss: z.record(z.string()).optional(),
  references: z.array(z.string()).optional(),
  public_date: z.string().optional(),
  packages: z.record(z.record(uctPackage)).optional(),
});
