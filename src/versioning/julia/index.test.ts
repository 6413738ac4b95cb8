import { describe, expect, it } from 'vitest';
import { describeSchemeConformance } from '../scheme.case.test.js';
import { scheme } from './index.js';

// No peer vectors for Julia; expectations follow Julia's VersionNumber rules and Pkg's "Compatibility" tables.
describeSchemeConformance(scheme, {
  sorted: ['0.0.1', '0.1', '1.0.0-alpha', '1.0.0-alpha.1', ['1', '1.0', '1.0.0', 'v1.0.0', '1.0.0+build'], '1.2.3', '1.10.16', '1.10.17', '2'],
  invalid: ['', '1.2.3.4', '01.2', '1.2.', '.1', 'vv1', ' 1.2.3', '1.2.3-', 'julia', '1.2-beta+'],
  satisfies: [
    ['1.2.3', '1.2.3', true],
    ['1.9.0', '1.2', true],
    ['2.0.0', '1.2', false],
    ['0.2.9', '0.2', true],
    ['0.3.0', '0.2', false],
    ['0.0.4', '0.0.3', false],
    ['0.9.0', '0', true],
    ['1.0.0', '0', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.0', '~1', true],
    ['1.2.3', '=1.2.3', true],
    ['1.2.4', '=1.2.3', false],
    ['1.5.0', '>= 1.2', true],
    ['1.1.0', '≥ 1.2', false],
    ['1.1.0', '< 1.2', true],
    ['2.9.0', '1.2 - 2', true],
    ['3.0.0', '1.2 - 2', false],
    ['1.1.0', '1.2 - 2', false],
    ['0.5.1', '0.2, 0.5', true],
    ['0.4.0', '0.2, 0.5', false],
    ['1.10.16', '1.10.16', true],
  ],
  invalidRanges: ['', '^^1', '>1.2', '1.2.3,', 'abc', '1.2 -', '1.2-beta'],
});

describe('julia versions', () => {
  it('orders as Julia does: missing parts are zero, the build is ignored, a pre-release comes first', () => {
    expect(scheme.compare('v1.2', '1.2.0')).toBe(0);
    expect(scheme.compare('1.10.16', '1.10.17')).toBe(-1);
    expect(scheme.compare('1.0.0-rc1', '1.0.0')).toBe(-1);
  });
});
