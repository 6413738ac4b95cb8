import { describeSchemeConformance } from '../scheme.case.test.js';
import { scheme } from './index.js';

// No peer vectors for Composer; expectations follow getcomposer.org "Versions and constraints".
describeSchemeConformance(scheme, {
  sorted: [
    '0.9', '1.0.0-dev', ['1.0.0-alpha1', '1.0.0-a1'], '1.0.0-alpha2', '1.0.0-beta', '1.0.0-beta2', '1.0.0-RC1',
    ['1.0.0', 'v1.0', '1.0.0.0', '1'], ['1.0.0-patch1', '1.0.0-p1', '1.0.0-pl1'], '1.0.1', '1.2', '1.10', '2.0.0',
  ],
  invalid: ['', 'dev-main', '1.0.x-dev', 'abc', '1.0.0.0.0', '1.0 ', '1..0', '1.0-gamma'],
  satisfies: [
    ['1.2.5', '^1.2', true],
    ['2.0.0', '^1.2', false],
    ['2.0.0-beta1', '^1.2', false],
    ['0.3.9', '^0.3', true],
    ['0.4.0', '^0.3', false],
    ['1.9', '~1.2', true],
    ['1.3.0', '~1.2.3', false],
    ['1.2.9', '1.2.*', true],
    ['1.5', '>=1.0 <2.0', true],
    ['1.5', '>=1.0, <1.5', false],
    ['3.1', '^1.0 || ^3.0', true],
    ['1.5', '1.0 - 2.0', true],
    ['2.0.5', '1.0 - 2.0', true],
    ['2.1', '1.0 - 2.0', false],
    ['1.0', '!=1.0', false],
    ['1.0.0', '1.0', true],
    ['1.0.0-RC1', '>=1.0', true],
  ],
  invalidRanges: ['||', '^', '>=abc', '1.0 ||', '~>1.0'],
});
