import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { canonicalMavenVersion, parseMavenVersion, scheme } from './index.js';

const peer = JSON.parse(readFileSync(join(peerDir, '1-version', 'maven', 'maven_comparableversion.json'), 'utf8')) as {
  compare: { a: string; b: string; cmp: number }[];
  canonical: { version: string; canonical: string }[];
};

describeSchemeConformance(scheme, {
  sorted: [
    '1-alpha-1', '1-alpha2', '1-beta-1', '1-milestone-1', '1-rc1', '1-SNAPSHOT', ['1', '1.0', '1-ga', '1.0.0', '1-final'],
    '1-sp1', '1-abc', '1-1', '1.0.1', '1.1', '1.10', '2.0-alpha1', '2.0',
  ],
  invalid: ['', ' ', '1.0 ', '1.0\n', '1\u0000'],
  satisfies: [
    ['1.5', '[1.0,2.0)', true],
    ['2.0', '[1.0,2.0)', false],
    ['1.0', '(1.0,2.0]', false],
    ['1.5', '(,1.5]', true],
    ['3.5', '[1,2),[3,4)', true],
    ['2.5', '[1,2),[3,4)', false],
    ['1.2', '[1.2]', true],
    ['1.2', '1.2', true],
    ['1.3', '1.2', false],
    ['2.0-SNAPSHOT', '[1.0,2.0)', true],
    ['9', '[1.5,)', true],
  ],
  invalidRanges: ['[1.0', '[1.0,2.0', '[2.0,1.0]', '(1.0)', '[1,2,3]', '[1.0,2.0)x', '[1,2)[3,4)', '1.0,2.0'],
});

describe('maven peer vectors: apache/maven ComparableVersionTest', () => {
  it.each(peer.compare.map((r) => [r.a, r.b, r.cmp]))('compare(%s, %s) is %i', (a, b, want) => {
    expect(scheme.compare(a, b)).toBe(want);
  });
  it.each(peer.canonical.map((r) => [r.version, r.canonical]))('canonical(%s) is %s', (v, want) => {
    expect(canonicalMavenVersion(parseMavenVersion(v))).toBe(want);
  });
});
