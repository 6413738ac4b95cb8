/**
 * Peer vectors from ../shared/peer/2-cvss (see its README.md for sources and licences):
 * - RedHatProductSecurity/cvss 2f14909 tests/vectors_* (LGPL-3.0, test data): scored v2/v3.0/v3.1/v4.0 vectors;
 * - redhat_cvss_unit_assertions.json: assertions transcribed from RedHat's tests/test_cvss{2,3,4}.py;
 * - quay/claircore 0f12d7b toolkit/types/cvss/testdata (Apache-2.0): validity and round-trip lists.
 * RedHat's library accepts metrics in any order and partial v2 groups, so its vectors are parsed with
 * `lenient: true`; claircore's lists follow the specifications' order and are parsed strictly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../test/helpers/shared.js';
import { CvssError } from './errors.js';
import { notDefinedValue } from './metrics.js';
import { formatCvss, metricsOf, parseCvss, tryParseCvss } from './parse.js';
import { scoreCvss } from './score.js';
import type { CvssScores, CvssSeverity, MetricGroup, ParsedCvss } from './types.js';

const dir = join(peerDir, '2-cvss');

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

interface ScoredRow {
  vector: string;
  base: number;
  temporal: number | null;
  environmental: number | null;
  severity: CvssSeverity;
  nomenclature?: string;
}

/** Peer rows that are not passed, with the reason. Listed in readme.md too. Empty: every row passes. */
const SKIPPED: Readonly<Record<string, string>> = {};

/** -0.0 in the peer files (v2 base of a no-impact vector) is the score 0. */
const zeroed = (n: number | null): number | undefined => (n === null ? undefined : n + 0);

describe.each([
  'vectors_simple2.json',
  'vectors_calculator2.json',
  'vectors_cvsslib2.json',
  'vectors_simple3.json',
  'vectors_calculator3.json',
  'vectors_cvsslib3.json',
  'vectors_simple31.json',
])('peer %s', (file) => {
  const rows = readJson<ScoredRow[]>(file);
  const run = rows.filter((r) => !SKIPPED[r.vector]);
  it('has rows', () => expect(rows.length).toBeGreaterThan(0));
  it.each(run)('scoreCvss() gives the peer scores for $vector', (row) => {
    const s = scoreCvss(row.vector, { lenient: true });
    expect(s.version).not.toBe('4.0');
    if (s.version === '4.0') return;
    expect({ base: s.baseScore, temporal: s.temporalScore, environmental: s.environmentalScore, severity: s.baseSeverity }).toEqual({
      base: zeroed(row.base),
      temporal: zeroed(row.temporal),
      environmental: zeroed(row.environmental),
      severity: row.severity,
    });
  });
});

describe.each([
  'vectors_simple4.json',
  'vectors_security4.json',
  'vectors_threat4.json',
  'vectors_supplemental4.json',
])('peer %s', (file) => {
  const rows = readJson<ScoredRow[]>(file);
  const run = rows.filter((r) => !SKIPPED[r.vector]);
  it('has rows', () => expect(rows.length).toBeGreaterThan(0));
  it.each(run)('scoreCvss() gives the peer score for $vector', (row) => {
    const s: CvssScores = scoreCvss(row.vector, { lenient: true });
    if (s.version !== '4.0') throw new Error(`expected a v4 result, got ${s.version}`);
    expect({ score: s.score, severity: s.severity, nomenclature: s.nomenclature }).toEqual({
      score: zeroed(row.base),
      severity: row.severity,
      nomenclature: row.nomenclature,
    });
  });
});

interface UnitAssertion {
  test: string;
  vector: string;
  expression?: string;
  expected?: string | string[];
  expect?: 'error';
  error?: string;
}

/**
 * RedHat's temporal_vector()/environmental_vector(): every metric of the group, Not Defined filled in; in v3 the
 * modified metrics show the value in effect (the base metric's when not modified).
 */
function groupVector(parsed: ParsedCvss, group: MetricGroup): string {
  const nd = notDefinedValue(parsed.version);
  return metricsOf(parsed.version)
    .filter((m) => m.group === group)
    .map(({ key }) => {
      let value = parsed.metrics[key] ?? nd;
      const baseKey = key.slice(1);
      if (parsed.version !== '2.0' && key.startsWith('M') && value === nd && parsed.metrics[baseKey] !== undefined) {
        value = parsed.metrics[baseKey] ?? nd;
      }
      return `${key}:${value}`;
    })
    .join('/');
}

/** Evaluates one transcribed RedHat expression with this module's API. */
function evaluate(a: UnitAssertion): string | string[] {
  const parsed = parseCvss(a.vector, { lenient: true });
  const s = scoreCvss(parsed);
  switch (a.expression) {
    case 'obj.clean_vector()':
      return formatCvss(parsed, { omitNotDefined: true });
    case 'obj.temporal_vector()':
      return groupVector(parsed, 'temporal');
    case 'obj.environmental_vector()':
      return groupVector(parsed, 'environmental');
    case 'obj.severities()':
      // RedHat reports "None" for a v2 group the vector does not have.
      if (s.version === '4.0') throw new Error('severities() is a v2/v3 expression');
      return [s.baseSeverity, s.temporalSeverity ?? 'None', s.environmentalSeverity ?? 'None'];
    case 'obj.severity':
    case "obj.as_json()['baseSeverity']":
      // RedHat's v4 severity (and its JSON baseSeverity) rates the score of all metrics present.
      if (s.version !== '4.0') throw new Error('a v4 expression');
      return s.severity;
    default:
      throw new Error(`untranscribed expression ${a.expression}`);
  }
}

describe('peer redhat_cvss_unit_assertions.json', () => {
  const rows = readJson<UnitAssertion[]>('redhat_cvss_unit_assertions.json');
  it('has rows', () => expect(rows.length).toBe(89));
  it.each(rows.filter((r) => r.expect === 'error'))('parseCvss() rejects $vector ($test)', (row) => {
    expect(() => parseCvss(row.vector, { lenient: true })).toThrow(CvssError);
  });
  it.each(rows.filter((r) => r.expect !== 'error'))('$expression of $vector', (row) => {
    expect(evaluate(row)).toEqual(row.expected);
  });
});

interface ClaircoreRow {
  vector: string;
  valid?: boolean;
  comment?: string;
}

describe('peer claircore', () => {
  const lists = readJson<Record<string, ClaircoreRow[]>>('claircore/claircore_cvss.json');
  const validity = Object.entries(lists)
    .filter(([name]) => name.endsWith('_error.list'))
    .flatMap(([name, rows]) => rows.map((r) => ({ list: name, vector: r.vector, valid: r.valid === true })));
  const roundTrip = Object.entries(lists)
    .filter(([name]) => name.endsWith('_roundtrip.list'))
    .flatMap(([name, rows]) => rows.map((r) => ({ list: name, vector: r.vector })));

  it('has the README counts (48 validity, 71 round-trip)', () => {
    expect([validity.length, roundTrip.length]).toEqual([48, 71]);
  });
  it.each(validity.filter((r) => r.valid))('parseCvss() accepts $vector ($list)', ({ vector }) => {
    expect(parseCvss(vector).vector).toBe(vector);
  });
  // Each list is read by claircore's parser of that version: a valid vector of another version is an error there
  // (v4_error.list holds a v3.1 vector), so such a line must at least not parse as the list's version.
  const family = (list: string): readonly string[] =>
    list.startsWith('v2') ? ['2.0'] : list.startsWith('v3') ? ['3.0', '3.1'] : ['4.0'];
  const crossVersion = (r: { list: string; vector: string }): boolean =>
    r.list.startsWith('v4') && r.vector.startsWith('CVSS:3.');
  it('has exactly one cross-version line', () => expect(validity.filter(crossVersion)).toHaveLength(1));
  it.each(validity.filter((r) => !r.valid && !crossVersion(r)))(
    'parseCvss() rejects $vector ($list)',
    ({ vector }) => {
      expect(tryParseCvss(vector)).toBeUndefined();
      expect(() => parseCvss(vector)).toThrow(expect.objectContaining({ code: 'INVALID_VECTOR', vector }));
    },
  );
  it.each(validity.filter((r) => !r.valid && crossVersion(r)))(
    'parseCvss() does not read $vector ($list) as a vector of the list\'s version',
    ({ vector, list }) => {
      const parsed = tryParseCvss(vector);
      expect(parsed === undefined || !family(list).includes(parsed.version)).toBe(true);
    },
  );
  it.each(roundTrip)('formatCvss(parseCvss()) round-trips $vector ($list)', ({ vector }) => {
    const parsed = parseCvss(vector);
    expect(formatCvss(parsed)).toBe(vector);
    expect(parseCvss(parsed.vector)).toEqual(parsed);
    // Every round-trip vector also scores without error.
    expect(scoreCvss(parsed).version).toBe(parsed.version);
  });
});
