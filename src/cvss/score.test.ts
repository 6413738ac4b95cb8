import { describe, expect, it } from 'vitest';
import { parseCvss } from './parse.js';
import { roundToOneDecimal, roundUp30, roundUp31, roundV4 } from './rounding.js';
import { scoreCvss } from './score.js';
import { severityOf, severityOfV2 } from './severity.js';
import type { CvssScores } from './types.js';

describe('rounding', () => {
  it.each([
    [7.6499999999999995, 7.7], // 9.0 × 0.85 as a double: 7.65 in decimal
    [0.15, 0.2],
    [2.34, 2.3],
    [2.35, 2.4],
    [-0, 0],
    [0, 0],
  ])('roundToOneDecimal(%d) is %d (half up on the decimal value)', (x, expected) => {
    expect(roundToOneDecimal(x)).toBe(expected);
  });

  it.each([
    [4.02, 4.1, 4.1],
    [4.0, 4.0, 4.0],
    [9.3, 9.3, 9.3], // 9.3 is 9.3000000000000007 as a double: still 9.3
    [4.000001, 4.1, 4.0], // v3.1 Roundup ignores what is below 1e-5 (Appendix A)
    [0, 0, 0],
  ])('roundUp30(%d) is %d and roundUp31 is %d', (x, v30, v31) => {
    expect([roundUp30(x), roundUp31(x)]).toEqual([v30, v31]);
  });

  it('roundV4() rounds half up', () => {
    expect([roundV4(5.05), roundV4(5.04), roundV4(0)]).toEqual([5.1, 5, 0]);
  });
});

describe('severity', () => {
  it.each([
    [0, 'None', 'Low'],
    [0.1, 'Low', 'Low'],
    [3.9, 'Low', 'Low'],
    [4.0, 'Medium', 'Medium'],
    [6.9, 'Medium', 'Medium'],
    [7.0, 'High', 'High'],
    [8.9, 'High', 'High'],
    [9.0, 'Critical', 'High'],
    [10, 'Critical', 'High'],
  ])('severityOf(%d) is %s, severityOfV2 is %s', (score, v3, v2) => {
    expect([severityOf(score), severityOfV2(score)]).toEqual([v3, v2]);
  });
});

function pick(s: CvssScores, keys: readonly string[]): Record<string, unknown> {
  const record = s as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}

describe('scoreCvss()', () => {
  it('scoreCvss() takes a parsed vector as well as a string', () => {
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    expect(scoreCvss(parseCvss(vector))).toEqual(scoreCvss(vector));
    expect(scoreCvss(vector).baseScore).toBe(9.8);
  });

  it('scoreCvss() of a v2 vector has temporal/environmental scores only for groups it has', () => {
    const base = scoreCvss('AV:N/AC:L/Au:N/C:C/I:C/A:C');
    expect(base).toEqual({ version: '2.0', vector: 'AV:N/AC:L/Au:N/C:C/I:C/A:C', baseScore: 10, baseSeverity: 'High' });
    // Values from the NVD v2 calculator (../shared/peer/2-cvss/vectors_cvsslib2.json).
    const full = scoreCvss('AV:A/AC:H/Au:S/C:N/I:P/A:P/E:POC/RL:OF/RC:C/CDP:LM/TD:M/CR:M/IR:L/AR:L');
    expect(pick(full, ['baseScore', 'temporalScore', 'environmentalScore', 'environmentalSeverity'])).toEqual({
      baseScore: 2.9,
      temporalScore: 2.3,
      environmentalScore: 2.8,
      environmentalSeverity: 'Low',
    });
  });

  it('scoreCvss() uses the v3.0 or v3.1 modified impact for a changed modified scope', () => {
    // MISS near its 0.915 cap: v3.1 changed the exponent term (section 7.3), which moves this score by 0.1.
    const metrics = 'AV:P/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:H/MS:C';
    expect(scoreCvss(`CVSS:3.0/${metrics}`).environmentalScore).toBe(6.8);
    expect(scoreCvss(`CVSS:3.1/${metrics}`).environmentalScore).toBe(6.9);
  });

  it('scoreCvss() gives a v3 temporal score below the base for E:U/RL:O/RC:U', () => {
    const s = scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U');
    // Roundup(9.8 × 0.91 × 0.95 × 0.92) = Roundup(7.794…) = 7.8
    expect(pick(s, ['baseScore', 'temporalScore', 'temporalSeverity'])).toEqual({
      baseScore: 9.8,
      temporalScore: 7.8,
      temporalSeverity: 'High',
    });
  });

  // v4 values from ../shared/peer/2-cvss: vectors_supplemental4 (7.3, CVSS-B), vectors_threat4 (4.1, E:U) and
  // vectors_security4 (5.4, CR/IR/AR:L) for the same base metrics.
  const V4_BASE = 'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H';

  it.each([
    [V4_BASE, 'CVSS-B', 7.3, { baseScore: 7.3 }],
    [`${V4_BASE}/E:U`, 'CVSS-BT', 4.1, { baseScore: 7.3, threatScore: 4.1 }],
    [`${V4_BASE}/CR:L/IR:L/AR:L`, 'CVSS-BE', 5.4, { baseScore: 7.3, environmentalScore: 5.4 }],
    [`${V4_BASE}/E:X/CR:X/U:Red`, 'CVSS-B', 7.3, { baseScore: 7.3 }],
  ])('scoreCvss(%s) is %s %d', (vector, nomenclature, score, parts) => {
    const s = scoreCvss(vector);
    if (s.version !== '4.0') throw new Error('expected v4');
    expect({ nomenclature: s.nomenclature, score: s.score }).toEqual({ nomenclature, score });
    expect(s).toMatchObject(parts);
    expect(s.threatScore === undefined).toBe(!('threatScore' in parts));
    expect(s.environmentalScore === undefined).toBe(!('environmentalScore' in parts));
  });

  it('scoreCvss() gives all four v4 scores for a vector with threat and environmental metrics', () => {
    const s = scoreCvss(`${V4_BASE}/E:U/CR:L/IR:L/AR:L`);
    if (s.version !== '4.0') throw new Error('expected v4');
    expect(pick(s, ['nomenclature', 'baseScore', 'threatScore', 'environmentalScore'])).toEqual({
      nomenclature: 'CVSS-BTE',
      baseScore: 7.3,
      threatScore: 4.1,
      environmentalScore: 5.4,
    });
    expect(s.threatEnvironmentalScore).toBe(s.score);
    expect(s.score).toBeLessThan(4.1);
    expect(s.threatEnvironmentalSeverity).toBe(severityOf(s.score));
  });

  it('scoreCvss() gives 0 (None) to a v4 vector without any impact', () => {
    const s = scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N');
    expect(pick(s, ['score', 'severity', 'baseScore'])).toEqual({ score: 0, severity: 'None', baseScore: 0 });
  });

  it('scoreCvss() reports the v4 macrovector', () => {
    const s = scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H');
    expect(pick(s, ['macroVector', 'score'])).toEqual({ macroVector: '000100', score: 10 });
  });

  it('scoreCvss() counts MSI:S (safety) in EQ4', () => {
    const plain = scoreCvss('CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N');
    const safety = scoreCvss('CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/MSI:S');
    if (plain.version !== '4.0' || safety.version !== '4.0') throw new Error('expected v4');
    expect([plain.macroVector[3], safety.macroVector[3]]).toEqual(['2', '0']);
    expect(safety.score).toBeGreaterThan(plain.score);
  });
});
