import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { canonicalGoVersion, isPseudoVersion, parseGoVersion, pseudoVersionBase, pseudoVersionRev, pseudoVersionTime, scheme } from './index.js';

const peer = JSON.parse(readFileSync(join(peerDir, '1-version', 'go-module', 'golang_mod.json'), 'utf8')) as {
  semver_canonical: { in: string; canonical: string; valid: boolean }[];
  semver_compare: { a: string; b: string; cmp: number }[];
  semver_sorted: string[];
  pseudo_versions: { older: string; pseudo: string; time: string; rev: string }[];
  pseudo_invalid_base: string[];
};

describeSchemeConformance(scheme, {
  sorted: [
    'v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20200101000000-aaaaaaaaaaaa', ['v0.0.0', '0.0.0'], 'v0.1.0',
    'v1.2.3-pre', 'v1.2.3-pre.0.20191109021931-daa7c04131f5', ['v1.2.3', 'v1.2.3+meta'],
    'v1.2.4-0.20191109021931-daa7c04131f5', ['v1.2.4', '1.2.4'], 'v1.10.0', ['v2.0.0+incompatible', 'v2.0.0'], 'v2.1.0',
  ],
  invalid: ['', 'bad', 'v1.2-pre', 'v1+meta', 'v01.2.3', 'v1.2.3-01', 'v1.2.3.4', 'V1.2.3', 'v1.2.3-', 'v 1.2.3'],
  satisfies: [
    ['v1.2.3', '>= v1.2.0, < v1.3.0', true],
    ['v1.3.0', '>= v1.2.0, < v1.3.0', false],
    ['v0.0.0-20191109021931-daa7c04131f5', '< v0.1.0', true],
    ['v2.0.1+incompatible', '> v2.0.0', true],
    ['1.2.3', '= v1.2.3', true],
  ],
  invalidRanges: ['v1.0.0', '>= v1.0.0 < v2', '~> v1.0', '>= bad'],
});

describe('go peer vectors: golang.org/x/mod semver and module tests', () => {
  it.each(peer.semver_canonical.map((r) => [r.in, r.canonical, r.valid]))('canonical(%s) is %j (valid: %s)', (v, want, valid) => {
    expect(scheme.isValid(v)).toBe(valid);
    if (valid) expect(canonicalGoVersion(parseGoVersion(v))).toBe(want);
  });

  for (const r of peer.semver_compare) {
    const name = `compare(${r.a}, ${r.b}) is ${r.cmp}`;
    if (!scheme.isValid(r.a) || !scheme.isValid(r.b)) {
      // x/mod/semver sorts invalid versions first; Drydock refuses to order them.
      it(`${name} — invalid input, so compare() throws INVALID_VERSION instead`, () => {
        expect(() => scheme.compare(r.a, r.b)).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
      });
      continue;
    }
    it(name, () => expect(scheme.compare(r.a, r.b)).toBe(r.cmp));
  }

  it('sorts the valid part of semver_sorted in golden order', () => {
    const valid = peer.semver_sorted.filter((v) => scheme.isValid(v));
    expect([...valid].reverse().sort((a, b) => scheme.compare(a, b) || valid.indexOf(a) - valid.indexOf(b))).toEqual(valid);
  });

  it.each(peer.pseudo_versions.map((p) => [p.pseudo, p]))('pseudo-version %s: base, rev, time', (_name, p) => {
    expect(isPseudoVersion(p.pseudo)).toBe(true);
    if (p.older) expect(isPseudoVersion(p.older)).toBe(false);
    expect(pseudoVersionBase(p.pseudo)).toBe(p.older);
    expect(pseudoVersionRev(p.pseudo)).toBe(p.rev);
    expect(pseudoVersionTime(p.pseudo)).toBe(p.time);
  });

  it.each(peer.pseudo_invalid_base)('pseudoVersionBase(%s) throws INVALID_VERSION', (v) => {
    expect(() => pseudoVersionBase(v)).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
  });
});
