import { describe, expect, it } from 'vitest';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { scheme } from './index.js';

// No peer vectors for Cargo; expectations follow the Cargo book's "Specifying dependencies" tables.
describeSchemeConformance(scheme, {
  sorted: ['0.0.1', '0.1.0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta', ['1.0.0', '1.0.0+build'], '1.2.3', '1.10.0', '2.0.0'],
  invalid: ['', '1', '1.2', 'v1.2.3', '=1.2.3', '01.2.3', '1.2.3.4', ' 1.2.3', '1.2.3-'],
  satisfies: [
    ['1.2.3', '1.2.3', true],
    ['1.9.0', '1.2.3', true],
    ['2.0.0', '1.2.3', false],
    ['0.2.9', '0.2.3', true],
    ['0.3.0', '0.2.3', false],
    ['0.0.4', '0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.2.3', '=1.2.3', true],
    ['1.2.4', '=1.2.3', false],
    ['1.5.0', '>=1.2.0, <1.5.0', false],
    ['1.9.9', '1.*', true],
    ['5.0.0', '*', true],
    ['1.2.4-beta', '^1.2.3', false],
    ['1.2.3-beta.2', '>=1.2.3-beta.1', true],
    ['1.2.0', '1.2', true],
  ],
  invalidRanges: ['>= 1.2.0 < 2', '^^1', '1.2.3 || 2.0.0', '>=1.*', '1.*.3', 'abc', '1.2.3,'],
});

describe('cargo requirement syntax', () => {
  it.each([
    ['^1.2.3', '1.2.3', true], ['^1.2.3', '2.0.0', false], ['^0.0', '0.0.9', true], ['^0', '0.9.0', true], ['^0', '1.0.0', false],
    ['~1', '1.9.0', true], ['~1', '2.0.0', false], ['~1.2', '1.2.9', true], ['< 2', '1.9.9', true], ['> 1.2', '1.2.9', false],
  ])('satisfies(%s) for %s is %s', (range, version, want) => {
    expect(scheme.satisfies(version, range)).toBe(want);
  });
});
