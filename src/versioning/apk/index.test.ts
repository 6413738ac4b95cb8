import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { scheme } from './index.js';

const dir = join(peerDir, '1-version', 'apk');
function readPeer<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

describeSchemeConformance(scheme, {
  sorted: [
    '0.9', '1.0_alpha', '1.0_alpha1', '1.0_beta2', '1.0_pre1', '1.0_rc1', '1.0', '1.0-r0', '1.0-r1', '1.0_p1', '1.0a',
    '1.0.1', '1.01', '1.1', '1.1~abc', '1.1~abd-r0', '1.1~abd-r1', '1.10', '2_git20240101',
  ],
  invalid: ['', '1.0bc', '1.0_foo', 'a', '.1', '1.0-r', '1.0-r1-r2', '1.0_', '1.0~', '1.0~xyz', 'v1.0', '1.0 ', '1..0'],
  satisfies: [
    ['1.2.3-r1', '>= 1.2.3-r0, < 1.2.4', true],
    ['1.2.4_rc1', '< 1.2.4', true],
    ['3.6.9', '~ 3.6', true],
    ['3.7.0', '~3.6', false],
    ['3.5', '<~ 3.6', true],
    ['3.6.1', '<~ 3.6', true],
    ['3.7', '<~ 3.6', false],
    ['1.0-r1', '!= 1.0-r1', false],
  ],
  invalidRanges: ['1.0', '<< 1.0', '>= 1.0,', '>= 1.0 < 2.0', '~> 1.0', '>= 1.0_foo'],
});

describe('apk peer vectors: apk-tools test/unit/version.data', () => {
  const rows = readPeer<{ a: string; b: string; cmp: number }[]>('compare.json');
  for (const r of rows) {
    const name = `compare(${r.a}, ${r.b}) is ${r.cmp}`;
    if (!scheme.isValid(r.a) || !scheme.isValid(r.b)) {
      // apk-tools orders even invalid versions (version.data: "invalid. do string sort"); Drydock refuses to guess.
      it(`${name} — invalid input, so compare() throws INVALID_VERSION instead`, () => {
        expect(() => scheme.compare(r.a, r.b)).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
      });
      continue;
    }
    it(name, () => expect(scheme.compare(r.a, r.b)).toBe(r.cmp));
  }

  it.each(readPeer<{ version: string; valid: boolean }[]>('valid.json').map((v) => [v.version, v.valid]))(
    'isValid(%j) is %s', (v, want) => {
      expect(scheme.isValid(v)).toBe(want);
    });

  // `expected` is the result of the operator without its "!" (version.data's "a !~ b" lines say "a ~ b" is false).
  interface Fuzzy { a: string; op_unnegated: string; b: string; expected: boolean }
  for (const f of readPeer<Fuzzy[]>('fuzzy_match.json')) {
    const range = `${f.op_unnegated} ${f.b}`;
    const name = `satisfies(${f.a}, ${JSON.stringify(range)}) is ${f.expected}`;
    if (!scheme.isValid(f.a)) {
      // "_post" is not an apk suffix; apk-tools' fuzzy match stops at the end of the pattern and never reads it.
      it(`${name} — "${f.a}" is invalid, so satisfies() throws INVALID_VERSION instead`, () => {
        expect(() => scheme.satisfies(f.a, range)).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }));
      });
      continue;
    }
    it(name, () => expect(scheme.satisfies(f.a, range)).toBe(f.expected));
  }
});
