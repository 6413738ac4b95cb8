import { describe, expect, it } from 'vitest';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { scheme } from './index.js';

// No peer vectors for Hex; expectations follow the Elixir Version documentation's requirement examples.
describeSchemeConformance(scheme, {
  sorted: ['0.1.0', '1.0.0-alpha', '1.0.0-rc.1', ['1.0.0', '1.0.0+build'], '1.0.1', '1.10.0', '2.0.0'],
  invalid: ['', '1', '1.0', 'v1.0.0', '01.0.0', '1.0.0.0', '1.0.0-', ' 1.0.0'],
  satisfies: [
    ['2.1.5', '~> 2.1', true],
    ['3.0.0', '~> 2.1', false],
    ['2.1.9', '~> 2.1.2', true],
    ['2.2.0', '~> 2.1.2', false],
    ['2.2.0-dev', '~> 2.1.2', false],
    ['1.5.0', '>= 1.0.0 and < 2.0.0', true],
    ['3.1.0', '>= 1.0.0 and < 2.0.0 or >= 3.0.0', true],
    ['1.0.0', '1.0.0', true],
    ['1.0.0', '!= 1.0.0', false],
  ],
  invalidRanges: ['>= 1.0', '~> 1', 'and 1.0.0', '=> 1.0.0', '>= 1.0.0 and', '1.0.0 or'],
});

describe('hex requirements', () => {
  it.each([
    ['== 1.0.0', '1.0.0', true], ['> 1.0.0', '1.0.1-dev', true], ['< 2.0.0', '2.0.0-rc.1', true], ['~> 0.1', '0.9.9', true],
  ])('satisfies(%s) for %s is %s', (range, version, want) => {
    expect(scheme.satisfies(version, range)).toBe(want);
  });
});
