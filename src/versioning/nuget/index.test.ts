import { describeSchemeConformance } from '../scheme.case.test.js';
import { scheme } from './index.js';

// No peer vectors for NuGet; expectations follow the "Package versioning" page of the NuGet docs.
describeSchemeConformance(scheme, {
  sorted: [
    '0.9', '1.0.0-1', '1.0.0-2', ['1.0.0-alpha', '1.0.0-Alpha', '1.0.0-alpha+meta'], '1.0.0-alpha.1', '1.0.0-beta',
    '1.0.0-rc.1', ['1', '1.0', '1.0.0', '1.0.0.0', '1.00', '1.0.0+build'], '1.0.0.1', '1.0.1', '1.1', '1.10', '2.0',
  ],
  invalid: ['', 'a', '1.0.0.0.0', 'v1.0', '1.0-', '1.0+', '1..0', ' 1.0', '1.0.0-beta..1'],
  satisfies: [
    ['1.0', '1.0', true],
    ['3.0', '1.0', true],
    ['0.9', '1.0', false],
    ['1.0', '[1.0]', true],
    ['1.0.1', '[1.0]', false],
    ['1.5', '[1.0,2.0)', true],
    ['2.0', '[1.0,2.0)', false],
    ['2.0-beta', '[1.0,2.0)', true],
    ['1.0', '(1.0,)', false],
    ['0.5', '(,1.0]', true],
  ],
  invalidRanges: ['[1.0', '(1.0)', '[2.0,1.0]', '(,)', '1.*', '[1.0,2.0,3.0]', '[1.0,x)'],
});
