/** Matching: an inventory and an advisory lookup in, findings out. Pure (see docs/matching.md). */
export { MatchError, type MatchErrorCode, type NotEvaluatedCode, type NotScannedReason } from './errors.js';
export { matchInventory } from './match-inventory.js';
export { computeRiskScore, baseLayerBoundary, type RiskScore, type RiskTerm } from './risk-score.js';
export { distroMatchers, getDistroMatcher, type DistroMatcherId } from './registry.js';
export { evaluateAffected, type RangeVerdict } from './osv-range.js';
export { chooseSeverity } from './severity.js';
export { normalizePypiName, LANGUAGE_ECOSYSTEMS } from './language.js';
export { createMemoryLookup, parseOsvEcosystem, type MemoryLookupData } from './memory-lookup.js';
export type { DistroMatcher, Hit, MatchOptions, MatchResult, NotScanned, ReleaseSupport } from './types.js';
