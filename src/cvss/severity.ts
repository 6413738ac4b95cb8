/** Qualitative severity ratings. */
import type { CvssSeverity } from './types.js';

/**
 * The FIRST qualitative rating scale for v3.x and v4.0 (v3.1 specification section 5, v4.0 section 6):
 * 0.0 None, 0.1–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High, 9.0–10.0 Critical.
 *
 * @example
 * ```ts
 * severityOf(9.8); // 'Critical'
 * ```
 */
export function severityOf(score: number): CvssSeverity {
  if (score === 0) return 'None';
  if (score < 4) return 'Low';
  if (score < 7) return 'Medium';
  if (score < 9) return 'High';
  return 'Critical';
}

/**
 * The NVD rating scale for CVSS v2 (v2 has none of its own): 0.0–3.9 Low, 4.0–6.9 Medium, 7.0–10.0 High.
 * A score of 0 is Low on this scale.
 *
 * @example
 * ```ts
 * severityOfV2(7.5); // 'High'
 * ```
 */
export function severityOfV2(score: number): CvssSeverity {
  if (score < 4) return 'Low';
  if (score < 7) return 'Medium';
  return 'High';
}
