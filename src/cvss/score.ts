/** Scoring entry point for every version. */
import { parseCvss, type ParseOptions } from './parse.js';
import type { CvssScores, ParsedCvss } from './types.js';
import { scoreCvss2 } from './v2.js';
import { scoreCvss3 } from './v3.js';
import { scoreCvss4 } from './v4.js';

/**
 * Score a CVSS vector (a string, parsed first, or an already parsed vector).
 * v2: base, and temporal/environmental when the vector has those metrics (severity on the NVD v2 scale).
 * v3.0/v3.1: base, temporal and environmental. v4.0: the score of the metrics present plus CVSS-B/BT/BE/BTE.
 *
 * @throws {CvssError} when a string is not a valid vector (see {@link parseCvss}).
 * @example
 * ```ts
 * scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').baseScore; // 9.8
 * ```
 */
export function scoreCvss(vector: string | ParsedCvss, options: ParseOptions = {}): CvssScores {
  const parsed = typeof vector === 'string' ? parseCvss(vector, options) : vector;
  switch (parsed.version) {
    case '2.0':
      return scoreCvss2(parsed);
    case '3.0':
    case '3.1':
      return scoreCvss3(parsed);
    case '4.0':
      return scoreCvss4(parsed);
  }
}
