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
import { formatCvss, parseCvss, tryParseCvss } from './parse.js';
import { scoreCvss } from './score.js';
import type { CvssScores, CvssSeverity } from './types.js';

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
