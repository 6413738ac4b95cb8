/**
 * The parts of an OSV record we read (OSV schema 1.6: https://ossf.github.io/osv-schema/). Unknown fields pass
 * through unchecked; fields we read must have the right type or the record is reported as invalid.
 */
import { z } from 'zod';

// One key per event (introduced | fixed | last_affected | limit), checked in parse.ts: a zod union here would build
// and discard an issue per failed branch for every event, which dominated the build time.
const event = z.record(z.string());

export const osvRange = z.object({
  type: z.string(),
  repo: z.string().optional(),
  events: z.array(event),
});

export const osvAffected = z.object({
  package: z.object({ ecosystem: z.string().optional(), name: z.string().optional(), purl: z.string().optional() }).optional(),
  ranges: z.array(osvRange).optional(),
  // Checked in parse.ts only when kept: the distro lists are long and are dropped (see toAffected).
  versions: z.unknown().optional(),
  severity: z.array(z.object({ type: z.string(), score: z.string() })).optional(),
  ecosystem_specific: z.record(z.unknown()).optional(),
  database_specific: z.record(z.unknown()).optional(),
});

export const osvRecord = z.object({
  id: z.string().min(1),
  modified: z.string().optional(),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  related: z.array(z.string()).nullish(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(z.object({ type: z.string(), score: z.string() })).nullish(),
  affected: z.array(osvAffected).nullish(),
  references: z.array(z.object({ url: z.string() }).passthrough()).nullish(),
  database_specific: z.record(z.unknown()).nullish(),
});

export type OsvRecord = z.infer<typeof osvRecord>;
export type OsvAffected = z.infer<typeof osvAffected>;
