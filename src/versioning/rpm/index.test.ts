import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { parseRpmVersion, rpmvercmp, scheme } from './index.js';

const dir = join(peerDir, '1-version', 'rpm');
function readPeer<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

describeSchemeConformance(scheme, {
  sorted: [
    '0.9', '1.0~rc1', '1.0~rc1^git1', '1.0', ['1.0-0', '1.00-0'], '1.0-1~bpo', '1.0-1', '1.0-1.el9', '1.0-1.el9_2',
    '1.0^git1-1', '1.0a', '1.0.1', '1.1', '1.10', '2', '0:3', '1:0.1',
  ],
  invalid: ['', ' ', '1.0-', '-1', '1:', 'a:1.0', '1.0-1-1', '1.0 1', '1,0', '1.0-1\n', '99999999999:1'],
  satisfies: [
    ['1.2-3', '>= 1.2-1, < 1.3', true],
    ['1.2-3', '= 1.2', true],
    ['1.2-3', '< 1.2', false],
    ['1.2-3', '< 1.2-4', true],
    ['1:1.0-1', '> 2.0-1', true],
    ['1.0~rc1-1', '< 1.0', true],
    ['1.0-1', '!= 1.0-1', false],
  ],
  invalidRanges: ['1.0', '<< 1.0', '>= 1.0,', '>= 1.0 < 2.0', '=> 1'],
});

describe('rpm peer vectors: rpm tests/rpmvercmp.at', () => {
  interface Row { a: string; b: string; cmp: number; documented_oddity: boolean }
  it.each(readPeer<Row[]>('rpmvercmp.json').map((r) => [r.a, r.b, r.cmp, r.documented_oddity]))(
    'rpmvercmp(%s, %s) is %i (documented oddity: %s)', (a, b, want) => {
      expect(rpmvercmp(a, b)).toBe(want);
    });
});

describe('rpm peer vectors: go-rpm-version', () => {
  const segments = readPeer<{ a: string; b: string; cmp: number }[]>('go-rpm-version_segments.json');
  it(`rpmvercmp() agrees on all ${segments.length} segment pairs`, () => {
    const wrong = segments.filter((s) => rpmvercmp(s.a, s.b) !== s.cmp);
    expect(wrong).toEqual([]);
  });

  it.each(readPeer<{ a: string; b: string; cmp: number }[]>('go-rpm-version_evr_compare.json').map((r) => [r.a, r.b, r.cmp]))(
    'compare(%s, %s) is %i', (a, b, want) => {
      expect(scheme.compare(a, b)).toBe(want);
    });

  interface Parse { input: string; epoch: number; version: string; release: string }
  // go-rpm-version is lenient (its README says so): it trims, takes a bad epoch as 0 and splits at the first '-'.
  // rpm never writes such EVRs; Drydock rejects them instead of guessing. Each such case asserts the rejection.
  const rejected: Record<string, string> = {
    '0:0-': 'empty release',
    '0:0-0-0': 'two hyphens', '0:0-0-0-0': 'two hyphens', '0:0:0-0': 'colon in version', '0:0:0:0-0': 'colon in version',
    '0:0:0-0-0': 'colon in version', '0:0-0:0-0': 'two hyphens', '  \t0:0-1': 'whitespace', '0:0-1  \t': 'whitespace',
    '\t  0:0-1  \t': 'whitespace', ' ': 'whitespace', '0:0 0-1': 'whitespace', '-1:0-1': 'negative epoch',
    'a:0-0': 'non-numeric epoch', 'A:1-2': 'non-numeric epoch', 'A:1.2.3': 'non-numeric epoch', '-1:1.2.3': 'negative epoch',
    '': 'empty', '0:': 'empty version',
  };
  for (const p of readPeer<Parse[]>('go-rpm-version_parse.json')) {
    const reason = rejected[p.input];
    if (reason) {
      it(`parse(${JSON.stringify(p.input)}) is rejected (${reason}; go-rpm-version accepts it leniently)`, () => {
        expect(() => parseRpmVersion(p.input)).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
      });
    } else {
      it(`parse(${JSON.stringify(p.input)}) splits like go-rpm-version`, () => {
        const v = parseRpmVersion(p.input);
        expect({ epoch: v.epoch, version: v.version, release: v.release }).toEqual({ epoch: p.epoch, version: p.version, release: p.release });
      });
    }
  }
});
