/**
 * CVSS v2 scoring: "A Complete Guide to the Common Vulnerability Scoring System Version 2.0", section 3.2
 * (equations) and section 2 (metric values). https://www.first.org/cvss/v2/guide
 */
import { roundToOneDecimal } from './rounding.js';
import { severityOfV2 } from './severity.js';
import type { Cvss2Scores, MetricValues, ParsedCvss2 } from './types.js';

type Weights = Readonly<Record<string, number>>;

// Section 3.2.1 (base), 3.2.2 (temporal) and 3.2.3 (environmental) weights. ND means "skip this metric".
const AV: Weights = { L: 0.395, A: 0.646, N: 1.0 };
const AC: Weights = { H: 0.35, M: 0.61, L: 0.71 };
const AU: Weights = { M: 0.45, S: 0.56, N: 0.704 };
const IMPACT: Weights = { N: 0.0, P: 0.275, C: 0.66 };
const E: Weights = { U: 0.85, POC: 0.9, F: 0.95, H: 1.0, ND: 1.0 };
const RL: Weights = { OF: 0.87, TF: 0.9, W: 0.95, U: 1.0, ND: 1.0 };
const RC: Weights = { UC: 0.9, UR: 0.95, C: 1.0, ND: 1.0 };
const CDP: Weights = { N: 0, L: 0.1, LM: 0.3, MH: 0.4, H: 0.5, ND: 0 };
const TD: Weights = { N: 0, L: 0.25, M: 0.75, H: 1.0, ND: 1.0 };
const REQ: Weights = { L: 0.5, M: 1.0, H: 1.51, ND: 1.0 };

function weight(table: Weights, metrics: MetricValues, key: string): number {
  const value = table[metrics[key] ?? 'ND'];
  if (value === undefined) throw new Error(`CVSS v2: no weight for ${key}:${metrics[key]}`);
  return value;
}

/** BaseScore of section 3.2.1, for a given impact sub-score (the environmental equation swaps it). */
function baseEquation(metrics: MetricValues, impact: number): number {
  const exploitability = 20 * weight(AV, metrics, 'AV') * weight(AC, metrics, 'AC') * weight(AU, metrics, 'Au');
  const fImpact = impact === 0 ? 0 : 1.176;
  return roundToOneDecimal((0.6 * impact + 0.4 * exploitability - 1.5) * fImpact);
}

function temporalEquation(metrics: MetricValues, base: number): number {
  return roundToOneDecimal(base * weight(E, metrics, 'E') * weight(RL, metrics, 'RL') * weight(RC, metrics, 'RC'));
}

const hasAny = (metrics: MetricValues, keys: readonly string[]): boolean => keys.some((k) => metrics[k] !== undefined);

/** Score a parsed v2 vector. Temporal/environmental scores only when the vector has metrics of that group. */
export function scoreCvss2(parsed: ParsedCvss2): Cvss2Scores {
  const m = parsed.metrics;
  const c = weight(IMPACT, m, 'C');
  const i = weight(IMPACT, m, 'I');
  const a = weight(IMPACT, m, 'A');
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const baseScore = baseEquation(m, impact);
  let result: Cvss2Scores = { version: '2.0', vector: parsed.vector, baseScore, baseSeverity: severityOfV2(baseScore) };
  if (hasAny(m, ['E', 'RL', 'RC'])) {
    const temporalScore = temporalEquation(m, baseScore);
    result = { ...result, temporalScore, temporalSeverity: severityOfV2(temporalScore) };
  }
  if (hasAny(m, ['CDP', 'TD', 'CR', 'IR', 'AR'])) {
    // Section 3.2.3: AdjustedImpact weighs each impact by its security requirement, capped at 10.
    const adjustedImpact = Math.min(
      10,
      10.41 *
        (1 -
          (1 - c * weight(REQ, m, 'CR')) * (1 - i * weight(REQ, m, 'IR')) * (1 - a * weight(REQ, m, 'AR'))),
    );
    const adjustedTemporal = temporalEquation(m, baseEquation(m, adjustedImpact));
    const environmentalScore = roundToOneDecimal(
      (adjustedTemporal + (10 - adjustedTemporal) * weight(CDP, m, 'CDP')) * weight(TD, m, 'TD'),
    );
    result = { ...result, environmentalScore, environmentalSeverity: severityOfV2(environmentalScore) };
  }
  return result;
}
