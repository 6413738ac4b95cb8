import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { satisfiesPep440, scheme } from './index.js';

const dir = join(peerDir, '1-version', 'pep440');
function readPeer<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

describeSchemeConformance(scheme, {
  sorted: [
    '0.9', '1.0.dev1', '1.0a1', '1.0b2', ['1.0rc1', '1.0-RC1', '1.0c1'], ['1.0', '1.0.0', 'v1.0'], '1.0+local.1',
    '1.0.post1', '1.1', '1!0.1',
  ],
  invalid: ['', 'abc', '1.0-', '1..0', '1.0+', '1.0 1', '=1.0'],
  satisfies: [
    ['1.5', '>=1.0,<2', true],
    ['2.0', '>=1.0,<2', false],
    ['1.4.5', '~=1.4.2', true],
    ['1.5.0', '~=1.4.2', false],
    ['1.2.3', '==1.*', true],
    ['2.0rc1', '<2.1', true],
    ['1.3', '!=1.3', false],
  ],
  invalidRanges: ['>>1.0', '~=1', 'abc', '>=1.0,,<2'],
});

describe('pep440 peer vectors: pypa/packaging tests', () => {
  it.each(readPeer<{ a: string; b: string; cmp: number }[]>('compare.json').map((r) => [r.a, r.b, r.cmp]))(
    'compare(%s, %s) is %i', (a, b, want) => {
      expect(scheme.compare(a, b)).toBe(want);
    });

  const orderedFile = readPeer<string[] | { ordered_ascending: string[] }>('packaging_ordered_versions.json');
  const ordered = Array.isArray(orderedFile) ? orderedFile : orderedFile.ordered_ascending;
  it(`sorts the ${ordered.length} VERSIONS of test_version.py`, () => {
    expect([...ordered].reverse().sort(scheme.compare)).toEqual(ordered);
  });

  interface Sat { version: string; range: string; satisfies: boolean; prereleases: boolean | null }
  for (const r of readPeer<Sat[]>('satisfies.json')) {
    const name = `satisfies(${r.version}, ${JSON.stringify(r.range)}, prereleases=${r.prereleases}) is ${r.satisfies}`;
    const options = r.prereleases === null ? {} : { prereleases: r.prereleases };
    it(name, () => expect(satisfiesPep440(r.version, r.range, options)).toBe(r.satisfies));
  }
});
