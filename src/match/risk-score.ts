/**
 * The image risk score: the model P(v) = Σ wᵢ · P(v | cᵢ) made concrete. Each vulnerability is a condition cᵢ;
 * P(v | cᵢ) is the chance it is exploited (KEV = 1, else EPSS, else a prior by severity) and wᵢ weighs how much it
 * counts (severity × fix availability × base image or application layer). docs/risk-score.md has the formula and a
 * worked example.
 */
import type { Finding, Inventory, Severity } from '../model/index.js';

/** Severity weight sᵢ. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = {
  CRITICAL: 1,
  HIGH: 0.75,
  MEDIUM: 0.4,
  LOW: 0.15,
  NEGLIGIBLE: 0.05,
  // Unrated vulnerabilities are weighed as MEDIUM rather than ignored.
  UNKNOWN: 0.4,
};

/**
 * Exploitation prior when there is no EPSS score, by severity. Chosen near the median EPSS of CVEs of each
 * severity band (most CVEs score well under 1 %), so a missing score neither dominates nor vanishes.
 */
export const SEVERITY_PRIOR: Readonly<Record<Severity, number>> = {
  CRITICAL: 0.05,
  HIGH: 0.02,
  MEDIUM: 0.005,
  LOW: 0.002,
  NEGLIGIBLE: 0.001,
  UNKNOWN: 0.005,
};

/** Fix weight fᵢ: a fix available makes the risk fully actionable; the distro labels say it is minor. */
export const FIX_WEIGHT: Readonly<Record<Finding['status'], number>> = {
  fixed: 1,
  affected: 0.8,
  needs_triage: 0.8,
  postponed: 0.6,
  no_dsa: 0.5,
  ignored: 0.5,
  wont_fix: 0.5,
  end_of_life: 0.8,
};

/** Layer weight lᵢ: application layers (what the image's own build added) 1, base image layers 0.8. */
export const LAYER_WEIGHT = { application: 1, base: 0.8 } as const;

/** One vulnerability's part of the score. */
export interface RiskTerm {
  id: string;
  /** wᵢ = sᵢ · fᵢ · lᵢ (1 for malicious packages). */
  weight: number;
  /** P(v | cᵢ). */
  probability: number;
  /** Where P came from. */
  probabilitySource: 'kev' | 'epss' | 'prior' | 'malicious';
  layer: 'base' | 'application';
  /** wᵢ · P(v | cᵢ). */
  contribution: number;
}

export interface RiskScore {
  /** Σ wᵢ · P(v | cᵢ): the expected (weighted) number of vulnerabilities exploited. */
  expected: number;
  /** 1 − Π (1 − wᵢ · P(v | cᵢ)): the chance at least one is, if they are independent. */
  probability: number;
  /** 100 × probability, one decimal: what reports show. */
  score: number;
  /** The layers counted as base image: index ≤ baseLayerMax. */
  baseLayerMax: number;
  /** How baseLayerMax was found. */
  baseRule: 'history' | 'layer-0';
  terms: RiskTerm[];
}

const INSTRUCTION_RE = /^(?:\/bin\/sh -c #\(nop\)\s*)?(CMD|ENTRYPOINT)\b/i;

/**
 * The last layer index of the base image. A base image's Dockerfile almost always ends with CMD or ENTRYPOINT,
 * which adds an empty-layer history entry; the image built on it adds layers after that. So the base is every layer
 * created before the last CMD/ENTRYPOINT history entry that is followed by another layer. Without history (or with
 * no such entry) the base is layer 0 alone: the OS layer of nearly every image.
 */
export function baseLayerBoundary(inventory: Inventory): { baseLayerMax: number; rule: 'history' | 'layer-0' } {
  const history = inventory.image.config?.history ?? [];
  let layer = -1;
  let boundary = -1;
  let pending = -1;
  for (const h of history) {
    if (h.emptyLayer) {
      if (INSTRUCTION_RE.test((h.createdBy ?? '').trim())) pending = layer;
      continue;
    }
    layer += 1;
    if (pending >= 0) {
      boundary = pending;
      pending = -1;
    }
  }
  return boundary >= 0 ? { baseLayerMax: boundary, rule: 'history' } : { baseLayerMax: 0, rule: 'layer-0' };
}

/**
 * Compute the image risk score from findings. A vulnerability found in several packages counts once, with its
 * largest term (exploiting it once is what matters). Not-evaluated findings count with the prior.
 * @example computeRiskScore(result.findings, inventory).score // 12.3
 */
export function computeRiskScore(findings: readonly Finding[], inventory: Inventory): RiskScore {
  const { baseLayerMax, rule } = baseLayerBoundary(inventory);
  const best = new Map<string, RiskTerm>();
  for (const f of findings) {
    const layer = f.package.layer !== undefined && f.package.layer.index > baseLayerMax ? 'application' : 'base';
    let term: RiskTerm;
    if (f.kind === 'malicious') {
      term = { id: f.id, weight: 1, probability: 1, probabilitySource: 'malicious', layer, contribution: 1 };
    } else {
      const weight = SEVERITY_WEIGHT[f.severity] * FIX_WEIGHT[f.status] * LAYER_WEIGHT[layer];
      const [probability, probabilitySource] = f.kev
        ? [1, 'kev' as const]
        : f.epss
          ? [f.epss.score, 'epss' as const]
          : [SEVERITY_PRIOR[f.severity], 'prior' as const];
      term = { id: f.id, weight, probability, probabilitySource, layer, contribution: weight * probability };
    }
    const prev = best.get(f.id);
    if (!prev || term.contribution > prev.contribution) best.set(f.id, term);
  }
  // Ties in id order by UTF-16 code units: `localeCompare` depends on the machine's locale data, and its collator
  // cost 8 ms of a polyglot scan.
  const terms = [...best.values()].sort((a, b) => b.contribution - a.contribution || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const expected = terms.reduce((s, t) => s + t.contribution, 0);
  const probability = 1 - terms.reduce((p, t) => p * (1 - Math.min(1, t.contribution)), 1);
  return { expected, probability, score: Math.round(probability * 1000) / 10, baseLayerMax, baseRule: rule, terms };
}
