/**
 * The JSON cargo-auditable embeds (zlib-compressed) in the `.dep-v0` section, as far as Drydock reads it.
 * Format: https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md and the auditable-serde
 * crate's `VersionInfo`/`Package` types. Optional fields are left out of the JSON when they hold their default
 * (`kind` runtime, `root` false, no dependencies).
 */
import { z } from 'zod';

export const auditPackage = z.object({
  name: z.string().min(1),
  version: z.string(),
  /** "crates.io", "git", "local", "registry" or another source kind; kept as written. */
  source: z.unknown().optional(),
  kind: z.enum(['build', 'runtime']).optional(),
  dependencies: z.array(z.number().int().nonnegative()).optional(),
  root: z.boolean().optional(),
});

export const auditInfo = z.object({
  packages: z.array(auditPackage),
});

export type AuditPackage = z.infer<typeof auditPackage>;
export type AuditInfo = z.infer<typeof auditInfo>;
