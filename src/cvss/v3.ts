/**
 * CVSS v3.0 and v3.1 scoring: v3.1 specification section 7 ("CVSS v3.1 Equations", 7.1 base, 7.2 temporal,
 * 7.3 environmental, 7.4 metric values) and Appendix A (Roundup); v3.0 specification section 8 for the
 * v3.0 differences (round up by ceiling, and the ModifiedImpact of a changed scope).
 * https://www.first.org/cvss/v3-1/specification-document, https://www.first.org/cvss/v3.0/specification-document
 */
import { roundUp30, roundUp31 } from './rounding.js';
import { severityOf } from './severity.js';
import type { Cvss3Scores, MetricValues, ParsedCvss3 } from './types.js';

type Weights = Readonly<Record<string, number>>;

// Section 7.4, Table 16. "X" (Not Defined) weighs 1 in the temporal and requirement metrics.
const AV: Weights = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Weights = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Weights = { N: 0.85, L: 0.62, H: 0.27 };
// Privileges Required weighs more when the scope changes.
const PR_CHANGED: Weights = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Weights = { N: 0.85, R: 0.62 };
const CIA: Weights = { H: 0.56, L: 0.22, N: 0 };
const E: Weights = { X: 1, H: 1, F: 0.97, P: 0.94, U: 0.91 };
const RL: Weights = { X: 1, U: 1, W: 0.97, T: 0.96, O: 0.95 };
const RC: Weights = { X: 1, C: 1, R: 0.96, U: 0.92 };
const REQ: Weights = { X: 1, H: 1.5, M: 1, L: 0.5 };

function w(table: Weights, value: string | undefined, what: string): number {
  const weight = value === undefined ? undefined : table[value];
  if (weight === undefined) throw new Error(`CVSS v3: no weight for ${what}:${value}`);
  return weight;
}

/** The environmental view of a base metric: the modified metric unless it is absent or X (section 7.3). */
function modified(m: MetricValues, key: string): string | undefined {
  const value = m[`M${key}`];
  return value === undefined || value === 'X' ? m[key] : value;
}

/** Score a parsed v3.0 or v3.1 vector: base, temporal and environmental scores. */
export function scoreCvss3(parsed: ParsedCvss3): Cvss3Scores {
  const m = parsed.metrics;
  const roundUp = parsed.version === '3.1' ? roundUp31 : roundUp30;
  // Left to right, as the equations are written: the product order changes the last bit of the double.
  const applyTemporal = (x: number): number =>
    x * w(E, m.E ?? 'X', 'E') * w(RL, m.RL ?? 'X', 'RL') * w(RC, m.RC ?? 'X', 'RC');

  // 7.1 Base
  const changed = m.S === 'C';
  const iss = 1 - (1 - w(CIA, m.C, 'C')) * (1 - w(CIA, m.I, 'I')) * (1 - w(CIA, m.A, 'A'));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability =
    8.22 * w(AV, m.AV, 'AV') * w(AC, m.AC, 'AC') * w(changed ? PR_CHANGED : PR_UNCHANGED, m.PR, 'PR') * w(UI, m.UI, 'UI');
  let baseScore = 0;
  if (impact > 0) {
    baseScore = changed ? roundUp(Math.min(1.08 * (impact + exploitability), 10)) : roundUp(Math.min(impact + exploitability, 10));
  }

  // 7.2 Temporal
  const temporalScore = roundUp(applyTemporal(baseScore));

  // 7.3 Environmental
  const mChanged = modified(m, 'S') === 'C';
  const miss = Math.min(
    1 -
      (1 - w(REQ, m.CR ?? 'X', 'CR') * w(CIA, modified(m, 'C'), 'MC')) *
        (1 - w(REQ, m.IR ?? 'X', 'IR') * w(CIA, modified(m, 'I'), 'MI')) *
        (1 - w(REQ, m.AR ?? 'X', 'AR') * w(CIA, modified(m, 'A'), 'MA')),
    0.915,
  );
  let modifiedImpact: number;
  if (!mChanged) modifiedImpact = 6.42 * miss;
  // v3.1 changed this term (v3.1 specification section 7.3 and "Changes in CVSS v3.1"); v3.0 keeps the base form.
  else if (parsed.version === '3.1') modifiedImpact = 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss * 0.9731 - 0.02, 13);
  else modifiedImpact = 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss - 0.02, 15);
  const modifiedExploitability =
    8.22 *
    w(AV, modified(m, 'AV'), 'MAV') *
    w(AC, modified(m, 'AC'), 'MAC') *
    w(mChanged ? PR_CHANGED : PR_UNCHANGED, modified(m, 'PR'), 'MPR') *
    w(UI, modified(m, 'UI'), 'MUI');
  let environmentalScore = 0;
  if (modifiedImpact > 0) {
    const inner = mChanged
      ? roundUp(Math.min(1.08 * (modifiedImpact + modifiedExploitability), 10))
      : roundUp(Math.min(modifiedImpact + modifiedExploitability, 10));
    environmentalScore = roundUp(applyTemporal(inner));
  }

  return {
    version: parsed.version,
    vector: parsed.vector,
    baseScore,
    baseSeverity: severityOf(baseScore),
    temporalScore,
    temporalSeverity: severityOf(temporalScore),
    environmentalScore,
    environmentalSeverity: severityOf(environmentalScore),
  };
}
