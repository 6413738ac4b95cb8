import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { compareNpm, parseNpmVersion, satisfiesNpm, scheme, type NpmOptions } from './index.js';

const dir = join(peerDir, '1-version', 'npm-semver');
function readPeer<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

describeSchemeConformance(scheme, {
  sorted: [
    '0.0.0', '0.0.1', '1.0.0-0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta.2', '1.0.0-beta.11',
    '1.0.0-rc.1', ['1.0.0', '1.0.0+build.1', 'v1.0.0'], '1.2.3', '1.10.0', '2.0.0',
  ],
  invalid: ['', '1', '1.2', '1.2.3.4', 'a.b.c', '01.2.3', '1.2.3-', '1.2.3-01', '=1.2.3', '90071992547409910.0.0'],
  satisfies: [
    ['1.2.3', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['1.3.0-beta.1', '^1.2.0', false],
    ['1.2.4-beta.1', '>=1.2.4-beta.0 <2', true],
    ['1.5.0', '>=1.0.0 <1.4.0 || >=1.5.0', true],
    ['1.2.9', '~1.2', true],
    ['1.2.3', '*', true],
  ],
  invalidRanges: ['>=1.0.0 <', 'not a range', '^^1', '1.2.3 -'],
});

/** The fixture's options column: `true` = loose; objects with a `loose` field are truthiness-tested by node-semver. */
function toOptions(o: unknown): NpmOptions {
  if (o === true) return { loose: true };
  if (o && typeof o === 'object' && !('__regexp' in o)) {
    const r = o as { loose?: unknown; includePrerelease?: unknown };
    return { loose: Boolean(r.loose), includePrerelease: Boolean(r.includePrerelease) };
  }
  return {};
}

function validUnder(v: string, options: NpmOptions): boolean {
  try {
    parseNpmVersion(v, options);
    return true;
  } catch {
    return false;
  }
}

describe('npm peer vectors: node-semver test/fixtures', () => {
  interface Sat { version: string; range: string; satisfies: boolean; options: unknown }
  for (const row of readPeer<Sat[]>('satisfies.json')) {
    const options = toOptions(row.options);
    const name = `satisfies(${row.version}, ${JSON.stringify(row.range)}, ${JSON.stringify(options)}) is ${row.satisfies}`;
    if (row.range.trim() === '') {
      // npm reads an empty range as "*"; Drydock rejects it (an empty advisory range is a data error, not "all").
      it(`${name} — empty range, so it throws INVALID_RANGE instead`, () => {
        expect(() => satisfiesNpm(row.version, row.range, options)).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
      });
      continue;
    }
    if (!validUnder(row.version, options)) {
      // node-semver answers false for a version it cannot parse; Drydock throws rather than answer.
      it(`${name} — invalid version, so it throws INVALID_VERSION instead`, () => {
        expect(() => satisfiesNpm(row.version, row.range, options)).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
      });
      continue;
    }
    it(name, () => expect(satisfiesNpm(row.version, row.range, options)).toBe(row.satisfies));
  }

  interface Cmp { a: string; b: string; cmp: number; options: unknown }
  it.each(readPeer<Cmp[]>('compare.json').map((r) => [r.a, r.b, r.cmp, toOptions(r.options)]))(
    'compare(%s, %s) is %i with options %j', (a, b, want, options) => {
      expect(compareNpm(a, b, options)).toBe(want);
      expect(compareNpm(b, a, options)).toBe(-want || 0);
    });

  it.each(readPeer<[string, string][]>('invalid-versions.json').map((r) => [r[0], r[1]]))('parse(%j) rejects it (%s)', (v) => {
    expect(scheme.isValid(v)).toBe(false);
  });

  it.each(readPeer<[string, number, number, number][]>('valid-versions.json').map((r) => [r[0], r[1], r[2], r[3]]))(
    'parse(%s) is %i.%i.%i', (v, major, minor, patch) => {
      expect(scheme.parse(v)).toMatchObject({ major, minor, patch });
    });
});
