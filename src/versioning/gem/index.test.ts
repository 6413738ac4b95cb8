import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { gemBump, gemRelease, parseGemVersion, scheme } from './index.js';

const dir = join(peerDir, '1-version', 'rubygems');
function readPeer<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

describeSchemeConformance(scheme, {
  sorted: [
    '0.9', '1.0.a', '1.0.a.1', '1.0.b1', ['1.0.pre.1', '1.0-1'], '1.0.rc1', ['1', '1.0', '1.0.0', ' 1.0 '], '1.0.1',
    '1.1', '1.10', '2.0.0.rc2', '2',
  ],
  invalid: ['', '   ', 'junk', '1..2', '1.2 3.4', '1.0\n2.0', 'a1', '1.0.', '1.0-'],
  satisfies: [
    ['1.2.5', '~> 1.2', true],
    ['2.0', '~> 1.2', false],
    ['1.3.0', '~> 1.2.3', false],
    ['2.0.a', '~> 1.0', false],
    ['1.5', '>= 1, < 2', true],
    ['1.5', '!= 1.5', false],
    ['1.0', '1.0.0', true],
  ],
  invalidRanges: ['>>> 1.3.5', '> blah', '~> ', '>= 1,', '=> 1.0'],
});

describe('gem peer vectors: rubygems test_gem_version.rb', () => {
  const v = readPeer<{
    compare: { a: string; b: string; cmp?: number; cmp_nonzero?: boolean }[];
    prerelease: { version: string; prerelease: boolean }[];
    release: { version: string; release: string }[];
    bump: { version: string; bump: string }[];
    invalid_versions: string[];
    whitespace_and_empty: { input: string; equals: string }[];
    canonical_segments: { version: string; canonical_segments: (string | number)[] }[];
  }>('gem_version.json');

  for (const r of v.compare) {
    const name = r.cmp_nonzero ? `compare(${r.a}, ${r.b}) is not 0` : `compare(${JSON.stringify(r.a)}, ${r.b}) is ${r.cmp}`;
    if (r.a.trim() === '' || r.b.trim() === '') {
      // RubyGems reads a blank version as "0"; Drydock rejects it (see readme.md).
      it(`${name} — blank version, so compare() throws INVALID_VERSION instead`, () => {
        expect(() => scheme.compare(r.a, r.b)).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
      });
      continue;
    }
    it(name, () => {
      if (r.cmp_nonzero) expect(scheme.compare(r.a, r.b)).not.toBe(0);
      else expect(scheme.compare(r.a, r.b)).toBe(r.cmp);
    });
  }
  it.each(v.prerelease.map((r) => [r.version, r.prerelease]))('prerelease?(%s) is %s', (ver, want) => {
    expect(parseGemVersion(ver).prerelease).toBe(want);
  });
  it.each(v.release.map((r) => [r.version, r.release]))('release(%s) is %s', (ver, want) => {
    expect(gemRelease(parseGemVersion(ver)).version).toBe(want);
  });
  it.each(v.bump.map((r) => [r.version, r.bump]))('bump(%s) is %s', (ver, want) => {
    expect(gemBump(parseGemVersion(ver)).version).toBe(want);
  });
  it.each(v.invalid_versions)('parse(%j) rejects a malformed version', (ver) => {
    expect(scheme.isValid(ver)).toBe(false);
  });
  for (const r of v.whitespace_and_empty) {
    if (r.input.trim() === '') {
      it(`parse(${JSON.stringify(r.input)}) is rejected (RubyGems reads it as "0"; blank is a data error here)`, () => {
        expect(scheme.isValid(r.input)).toBe(false);
      });
    } else {
      it(`parse(${JSON.stringify(r.input)}) equals ${r.equals}`, () => expect(scheme.compare(r.input, r.equals)).toBe(0));
    }
  }
  it.each(v.canonical_segments.map((r) => [r.version, r.canonical_segments]))('canonical_segments(%s) is %j', (ver, want) => {
    expect(parseGemVersion(ver).canonical).toEqual(want);
  });
});

describe('gem peer vectors: rubygems test_gem_requirement.rb', () => {
  const req = readPeer<{ satisfies: { version: string; requirements: string[]; satisfies: boolean; test: string }[]; bad_requirements: string[] }>('gem_requirement.json');
  for (const r of req.satisfies) {
    const range = r.requirements.join(', ');
    const name = `${r.test}: satisfies(${JSON.stringify(r.version)}, ${JSON.stringify(range)}) is ${r.satisfies}`;
    if (r.version.trim() === '') {
      it(`${name} — blank version, so it throws INVALID_VERSION instead`, () => {
        expect(() => scheme.satisfies(r.version, range)).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
      });
      continue;
    }
    it(name, () => expect(scheme.satisfies(r.version, range)).toBe(r.satisfies));
  }
  it.each(req.bad_requirements)('satisfies() rejects requirement %j with INVALID_RANGE', (r) => {
    expect(() => scheme.satisfies('1.0', r)).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
  });
});
