/**
 * The conformance suite every version scheme passes, after hono/src/router/common.case.test.ts: each scheme's
 * `index.test.ts` calls `describeSchemeConformance` with its own table. This file also holds the registry test
 * (every scheme folder on disk is registered, with its metadata); that part runs only when this file itself is the
 * test file, not when a scheme test imports the suite.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VersionError } from './errors.js';
import { getScheme, schemes } from './registry.js';
import type { VersionScheme } from './types.js';

export interface ConformanceTable {
  /**
   * Versions in ascending order. An inner array is a group of versions equal to each other
   * (e.g. `['1.0', '1.0.0']`).
   */
  sorted: readonly (string | readonly string[])[];
  /** Inputs that must be rejected with INVALID_VERSION. */
  invalid: readonly string[];
  /** `[version, range, expected]` rows in the scheme's range syntax. */
  satisfies?: readonly (readonly [string, string, boolean])[];
  /** Ranges that must be rejected with INVALID_RANGE. */
  invalidRanges?: readonly string[];
}

function expectVersionError(fn: () => unknown, code: 'INVALID_VERSION' | 'INVALID_RANGE', input: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${code} for ${JSON.stringify(input)}`).toBeInstanceOf(VersionError);
  expect((caught as VersionError).code).toBe(code);
}

/** Register the shared conformance tests for `scheme` with its table. */
export function describeSchemeConformance(scheme: VersionScheme, table: ConformanceTable): void {
  const groups = table.sorted.map((g) => (typeof g === 'string' ? [g] : [...g]));
  const flat = groups.flat();
  const rank = new Map<string, number>();
  groups.forEach((g, i) => g.forEach((v) => rank.set(v, i)));

  describe(`${scheme.id} conformance`, () => {
    it.each(flat)('compare() is reflexive for %s', (v) => {
      expect(scheme.compare(v, v)).toBe(0);
    });

    it('compare() orders the sorted table: antisymmetric and transitive over every pair', () => {
      for (const a of flat) {
        for (const b of flat) {
          const want = Math.sign(rank.get(a)! - rank.get(b)!);
          const got = scheme.compare(a, b);
          expect(got, `compare(${a}, ${b})`).toBe(want);
          expect(scheme.compare(b, a), `compare(${b}, ${a})`).toBe(-got || 0);
        }
      }
    });

    it('sorting a shuffled copy with compare() gives the table order', () => {
      const shuffled = [...flat].reverse();
      const sorted = shuffled.sort((a, b) => scheme.compare(a, b));
      expect(sorted.map((v) => rank.get(v))).toEqual(flat.map((v) => rank.get(v)));
    });

    it.each(flat)('parse() and isValid() accept %s', (v) => {
      expect(scheme.isValid(v)).toBe(true);
      expect(scheme.tryParse(v)).toBeDefined();
    });

    it.each(table.invalid.map((v) => [v]))('parse() rejects %j with INVALID_VERSION', (v) => {
      expectVersionError(() => scheme.parse(v), 'INVALID_VERSION', v);
      expect(scheme.tryParse(v)).toBeUndefined();
      expect(scheme.isValid(v)).toBe(false);
      expectVersionError(() => scheme.compare(v, flat[0]!), 'INVALID_VERSION', v);
      expectVersionError(() => scheme.compare(flat[0]!, v), 'INVALID_VERSION', v);
    });

    it('parse() rejects a huge input with INVALID_VERSION naming the scheme', () => {
      const huge = '1'.repeat(1_000_000);
      expectVersionError(() => scheme.parse(huge), 'INVALID_VERSION', 'huge');
      try {
        scheme.parse(huge);
      } catch (err) {
        expect((err as Error).message).toContain(scheme.id);
        expect((err as Error).message.length).toBeLessThan(400);
      }
    });

    it('has metadata', () => {
      expect(scheme.displayName).not.toBe('');
      expect(scheme.specs.length).toBeGreaterThan(0);
      for (const s of scheme.specs) expect(s).toMatch(/^https:\/\//);
    });

    if (table.satisfies?.length) {
      it.each(table.satisfies.map((r) => [...r]))('satisfies(%s, %j) is %s', (v, range, want) => {
        expect(scheme.satisfies(v as string, range as string)).toBe(want);
      });
    }

    it.each([...(table.invalidRanges ?? []), '', '   '].map((r) => [r]))('satisfies() rejects range %j with INVALID_RANGE', (r) => {
      expectVersionError(() => scheme.satisfies(flat[0]!, r), 'INVALID_RANGE', r);
    });
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const isThisFile = (expect.getState().testPath ?? '').endsWith('scheme.case.test.ts');

function describeRegistry(): void {
  describe('version scheme registry', () => {
  const folders = readdirSync(here)
    .filter((name) => statSync(join(here, name)).isDirectory() && !name.startsWith('__'))
    .sort();

  it('has one scheme folder per registered id, and no others', () => {
    expect(Object.keys(schemes).sort()).toEqual(folders);
  });

  it('lists schemes in alphabetical order', () => {
    const keys = Object.keys(schemes);
    expect(keys).toEqual([...keys].sort());
  });

  it.each(folders)('registers %s with its id, metadata, readme and test', (name) => {
    const scheme = getScheme(name);
    expect(scheme?.id).toBe(name);
    expect(scheme?.displayName).toBeTruthy();
    expect(scheme?.specs.length).toBeGreaterThan(0);
    const files = readdirSync(join(here, name));
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'index.test.ts', 'readme.md']));
  });

  it.each(['', 'semver', 'DEB', 'unknown', '__proto__', 'constructor', 'toString'])('getScheme(%j) is undefined: no fallback scheme', (name) => {
    expect(getScheme(name)).toBeUndefined();
  });
});
}

// Only when vitest runs this file itself; scheme tests import the suite above and must not repeat these tests.
if (isThisFile) describeRegistry();
