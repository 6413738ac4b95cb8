/**
 * CVSS v4.0 scoring by macrovector (v4.0 specification section 8 "CVSS v4.0 Scoring": 8.1 equivalence sets,
 * 8.2 scores by interpolation). https://www.first.org/cvss/v4-0/specification-document
 *
 * A vector falls into a macrovector (six equivalence-set levels EQ1…EQ6) whose score comes from the FIRST
 * lookup table; the score then moves down within the macrovector in proportion to how far the vector is from
 * the macrovector's highest-severity vectors, relative to the score of the next lower macrovector.
 */
import { severityOf } from './severity.js';
import { roundV4 } from './rounding.js';
import type { Cvss4Nomenclature, Cvss4Scores, CvssSeverity, MetricValues, ParsedCvss4 } from './types.js';
import { MACROVECTOR_SCORES, MAX_COMPOSED, MAX_SEVERITY } from './v4-tables.js';

const ENVIRONMENTAL_KEYS = [
  'CR', 'IR', 'AR', 'MAV', 'MAC', 'MAT', 'MPR', 'MUI', 'MVC', 'MVI', 'MVA', 'MSC', 'MSI', 'MSA',
] as const;

/**
 * The value a metric takes in the equations: the modified metric when given; Not Defined threat and security
 * requirement metrics take their worst case, E:A and CR/IR/AR:H (section 8.1 note on Not Defined).
 */
function effective(m: MetricValues, key: string): string {
  if (key === 'E') return m.E === undefined || m.E === 'X' ? 'A' : m.E;
  if (key === 'CR' || key === 'IR' || key === 'AR') {
    const value = m[key];
    return value === undefined || value === 'X' ? 'H' : value;
  }
  const mod = m[`M${key}`];
  if (mod !== undefined && mod !== 'X') return mod;
  return m[key] ?? '';
}

interface Levels {
  eq1: number;
  eq2: number;
  eq3: number;
  eq4: number;
  eq5: number;
  eq6: number;
}

/** Section 8.1, Table 24 (EQ1…EQ6). */
function equivalenceLevels(v: (key: string) => string): Levels {
  const [av, pr, ui] = [v('AV'), v('PR'), v('UI')];
  let eq1: number;
  if (av === 'N' && pr === 'N' && ui === 'N') eq1 = 0;
  else if ((av === 'N' || pr === 'N' || ui === 'N') && av !== 'P') eq1 = 1;
  else eq1 = 2;
  const eq2 = v('AC') === 'L' && v('AT') === 'N' ? 0 : 1;
  const [vc, vi, va] = [v('VC'), v('VI'), v('VA')];
  let eq3: number;
  if (vc === 'H' && vi === 'H') eq3 = 0;
  else if (vc === 'H' || vi === 'H' || va === 'H') eq3 = 1;
  else eq3 = 2;
  let eq4: number;
  if (v('SI') === 'S' || v('SA') === 'S') eq4 = 0;
  else if (v('SC') === 'H' || v('SI') === 'H' || v('SA') === 'H') eq4 = 1;
  else eq4 = 2;
  const eq5 = { A: 0, P: 1, U: 2 }[v('E')] ?? 0;
  const eq6 = (v('CR') === 'H' && vc === 'H') || (v('IR') === 'H' && vi === 'H') || (v('AR') === 'H' && va === 'H') ? 0 : 1;
  return { eq1, eq2, eq3, eq4, eq5, eq6 };
}

function macroKey(l: Levels): string {
  return `${l.eq1}${l.eq2}${l.eq3}${l.eq4}${l.eq5}${l.eq6}`;
}

/** The table score of a macrovector; NaN when that macrovector does not exist (beyond the lowest level). */
function lookup(eq1: number, eq2: number, eq3: number, eq4: number, eq5: number, eq6: number): number {
  return MACROVECTOR_SCORES[`${eq1}${eq2}${eq3}${eq4}${eq5}${eq6}`] ?? Number.NaN;
}

// Severity levels of each metric value, in 0.1 steps (section 8.2): the distance unit within a macrovector.
const LEVEL: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AV: { N: 0.0, A: 0.1, L: 0.2, P: 0.3 },
  PR: { N: 0.0, L: 0.1, H: 0.2 },
  UI: { N: 0.0, P: 0.1, A: 0.2 },
  AC: { L: 0.0, H: 0.1 },
  AT: { N: 0.0, P: 0.1 },
  VC: { H: 0.0, L: 0.1, N: 0.2 },
  VI: { H: 0.0, L: 0.1, N: 0.2 },
  VA: { H: 0.0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 },
  SI: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  SA: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0.0, M: 0.1, L: 0.2 },
  IR: { H: 0.0, M: 0.1, L: 0.2 },
  AR: { H: 0.0, M: 0.1, L: 0.2 },
};
const DISTANCE_KEYS = ['AV', 'PR', 'UI', 'AC', 'AT', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA', 'CR', 'IR', 'AR'] as const;
type DistanceKey = (typeof DISTANCE_KEYS)[number];

function level(key: DistanceKey, value: string): number {
  const found = LEVEL[key]?.[value];
  if (found === undefined) throw new Error(`CVSS v4: no severity level for ${key}:${value}`);
  return found;
}

/** Value of `key` in a max-vector fragment such as "AV:N/PR:N/UI:N/". */
function valueIn(maxVector: string, key: string): string {
  for (const part of maxVector.split('/')) {
    const [k, value] = part.split(':');
    if (k === key && value !== undefined) return value;
  }
  return '';
}

/** Section 8.2: score of the effective metric values `v`, interpolated within the macrovector. */
function scoreOf(v: (key: string) => string): { score: number; macroVector: string } {
  const l = equivalenceLevels(v);
  const macroVector = macroKey(l);
  // No impact at all on either system: the score is 0 whatever the exploitability.
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((k) => v(k) === 'N')) return { score: 0, macroVector };
  const value = MACROVECTOR_SCORES[macroVector];
  if (value === undefined) throw new Error(`CVSS v4: no score for macrovector ${macroVector}`);
  const { eq1, eq2, eq3, eq4, eq5, eq6 } = l;

  // The next lower macrovector along each equivalence set (EQ3 and EQ6 move jointly).
  const lowerEq1 = lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
  const lowerEq2 = lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
  let lowerEq3Eq6: number;
  if (eq3 === 1 && eq6 === 1) lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
  else if (eq3 === 0 && eq6 === 1) lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
  else if (eq3 === 1 && eq6 === 0) lowerEq3Eq6 = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
  else if (eq3 === 0 && eq6 === 0) {
    // Two lower neighbours: take the higher of the two.
    const left = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    const right = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    lowerEq3Eq6 = left > right ? left : right;
  } else lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
  const lowerEq4 = lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
  const lowerEq5 = lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

  // The highest-severity vectors of this macrovector; pick the first the vector does not exceed anywhere.
  const maxVectors: string[] = [];
  for (const a of MAX_COMPOSED.eq1[eq1] ?? []) {
    for (const b of MAX_COMPOSED.eq2[eq2] ?? []) {
      for (const c of MAX_COMPOSED.eq3[eq3]?.[eq6] ?? []) {
        for (const d of MAX_COMPOSED.eq4[eq4] ?? []) {
          for (const e of MAX_COMPOSED.eq5[eq5] ?? []) maxVectors.push(a + b + c + d + e);
        }
      }
    }
  }
  let distance: Record<DistanceKey, number> | undefined;
  for (const maxVector of maxVectors) {
    const d = Object.fromEntries(
      DISTANCE_KEYS.map((k) => [k, level(k, v(k)) - level(k, valueIn(maxVector, k))]),
    ) as Record<DistanceKey, number>;
    distance = d;
    if (DISTANCE_KEYS.every((k) => d[k] >= 0)) break;
  }
  if (!distance) throw new Error(`CVSS v4: no max vector for macrovector ${macroVector}`);
  const d = distance;

  const step = 0.1;
  const parts = [
    { lower: lowerEq1, current: d.AV + d.PR + d.UI, depth: (MAX_SEVERITY.eq1[eq1] ?? 0) * step },
    { lower: lowerEq2, current: d.AC + d.AT, depth: (MAX_SEVERITY.eq2[eq2] ?? 0) * step },
    {
      lower: lowerEq3Eq6,
      current: d.VC + d.VI + d.VA + d.CR + d.IR + d.AR,
      depth: (MAX_SEVERITY.eq3eq6[eq3]?.[eq6] ?? 0) * step,
    },
    { lower: lowerEq4, current: d.SC + d.SI + d.SA, depth: (MAX_SEVERITY.eq4[eq4] ?? 0) * step },
    // EQ5 (exploit maturity) has a single value per level: no distance within it.
    { lower: lowerEq5, current: 0, depth: (MAX_SEVERITY.eq5[eq5] ?? 0) * step },
  ];
  let existing = 0;
  let sum = 0;
  for (const part of parts) {
    const available = value - part.lower;
    if (Number.isNaN(available)) continue;
    existing += 1;
    sum += available * (part.current / part.depth);
  }
  const mean = existing === 0 ? 0 : sum / existing;
  const score = Math.min(10, Math.max(0, value - mean));
  return { score: roundV4(score), macroVector };
}

function without(m: MetricValues, keys: readonly string[]): MetricValues {
  return Object.fromEntries(Object.entries(m).filter(([k]) => !keys.includes(k)));
}

const given = (value: string | undefined): boolean => value !== undefined && value !== 'X';

/** Score a parsed v4.0 vector: the score of all its metrics, and CVSS-B/BT/BE/BTE as they apply. */
export function scoreCvss4(parsed: ParsedCvss4): Cvss4Scores {
  const m = parsed.metrics;
  const hasThreat = given(m.E);
  const hasEnvironmental = ENVIRONMENTAL_KEYS.some((k) => given(m[k]));
  const scoreFor = (metrics: MetricValues): { score: number; macroVector: string } =>
    scoreOf((key) => effective(metrics, key));
  const full = scoreFor(m);
  const base = scoreFor(without(m, ['E', ...ENVIRONMENTAL_KEYS]));
  let nomenclature: Cvss4Nomenclature = 'CVSS-B';
  if (hasThreat && hasEnvironmental) nomenclature = 'CVSS-BTE';
  else if (hasThreat) nomenclature = 'CVSS-BT';
  else if (hasEnvironmental) nomenclature = 'CVSS-BE';
  const rated = (score: number): { score: number; severity: CvssSeverity } => ({ score, severity: severityOf(score) });
  let result: Cvss4Scores = {
    version: '4.0',
    vector: parsed.vector,
    nomenclature,
    score: full.score,
    severity: severityOf(full.score),
    macroVector: full.macroVector,
    baseScore: base.score,
    baseSeverity: severityOf(base.score),
  };
  if (hasThreat) {
    const bt = rated(scoreFor(without(m, ENVIRONMENTAL_KEYS)).score);
    result = { ...result, threatScore: bt.score, threatSeverity: bt.severity };
  }
  if (hasEnvironmental) {
    const be = rated(scoreFor(without(m, ['E'])).score);
    result = { ...result, environmentalScore: be.score, environmentalSeverity: be.severity };
  }
  if (hasThreat && hasEnvironmental) {
    result = { ...result, threatEnvironmentalScore: full.score, threatEnvironmentalSeverity: severityOf(full.score) };
  }
  return result;
}
