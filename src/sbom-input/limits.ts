/** Bounds on what `parseSbom` accepts. */
export interface SbomLimits {
  maxTextLength: number;
  maxComponents: number;
  maxRelationships: number;
  maxDepth: number;
}

/** Bounds on what `parseSbom` accepts: an SBOM is input a user (or an attacker) hands over. */
export const SBOM_LIMITS: SbomLimits = {
  /** Text length in UTF-16 code units (V8's own string limit is about this size). */
  maxTextLength: 512 * 1024 * 1024,
  /** Components (CycloneDX, nested ones included) or packages (SPDX). */
  maxComponents: 1_000_000,
  /** SPDX relationships. */
  maxRelationships: 5_000_000,
  /** CycloneDX component nesting: deeper children are skipped with an issue (a walk, not recursion, so no stack risk). */
  maxDepth: 64,
};
