/**
 * The scan pipeline after the inventory: match against the advisory lookup, score the image's risk, and shape the
 * ScanResult that reports and policy read. Takes its inputs as values, so `--sbom` inventories and image
 * inventories go through the same code.
 */
import type { CheckFinding, Inventory, RiskScore, ScanResult } from '../model/index.js';
import { computeRiskScore, matchInventory } from '../match/index.js';
import type { RiskScore as MatchRiskScore } from '../match/risk-score.js';
import type { AdvisoryLookup } from '../vulndb/types.js';

export interface DatabaseSummary {
  builtAt?: string;
  sources: { id: string; fetchedAt?: string; records?: number }[];
}

export interface ScanInventoryOptions {
  now?: Date;
  database?: DatabaseSummary;
  /** Extra warnings from earlier stages (inventory issues worth surfacing, stale database). */
  warnings?: string[];
  /** Secret and image-hygiene findings from the inventory walk. */
  checks?: CheckFinding[];
}

/** Render the risk model's terms as the lines reports print (docs/risk-score.md explains the formula). */
export function explainRisk(r: MatchRiskScore): RiskScore {
  const top = [...r.terms].sort((a, b) => b.contribution - a.contribution).slice(0, 5);
  return {
    score: r.score,
    explanation: [
      `P(at least one exploited) = 1 − Π(1 − wᵢ·P(v|cᵢ)) = ${r.probability.toFixed(3)}; Σ wᵢ·P(v|cᵢ) = ${r.expected.toFixed(3)} over ${r.terms.length} vulnerabilities`,
      `base image = layers 0..${r.baseLayerMax} (${r.baseRule === 'history' ? 'from the image history' : 'layer 0 only: no history boundary'})`,
      ...top.map((t) => `${t.id}: w=${t.weight.toFixed(2)} × P=${t.probability.toFixed(3)} (${t.probabilitySource}, ${t.layer} layer) = ${t.contribution.toFixed(3)}`),
    ],
  };
}

/**
 * Match an inventory and build the scan result (before policy: suppression, filters and gates are applied after).
 */
export function scanInventory(inventory: Inventory, lookup: AdvisoryLookup, opts: ScanInventoryOptions = {}): ScanResult {
  const now = opts.now ?? new Date();
  const m = matchInventory(inventory, lookup, { now });
  const risk = explainRisk(computeRiskScore(m.findings, inventory));
  return {
    schema: 'drydock-scan/1',
    inventory,
    findings: m.findings,
    suppressed: [],
    notScanned: m.notScanned.map((n) => ({
      package: n.package,
      reason: n.reason,
      detail: n.coveredBy ? `${n.message} (covered by ${n.coveredBy.type} ${n.coveredBy.name} ${n.coveredBy.version})` : n.message,
    })),
    warnings: [...(opts.warnings ?? []), ...m.warnings],
    ...(opts.checks ? { checks: opts.checks } : {}),
    risk,
    ...(opts.database ? { database: opts.database } : {}),
  };
}
