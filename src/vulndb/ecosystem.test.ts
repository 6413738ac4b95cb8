import { describe, expect, it } from 'vitest';
import { normalisePackageName, toEcosystemKey } from './ecosystem.js';

describe('toEcosystemKey()', () => {
  it.each`
    ecosystem                                   | family         | release
    ${'Debian:12'}                              | ${'debian'}    | ${'12'}
    ${'Alpine:v3.20'}                           | ${'alpine'}    | ${'3.20'}
    ${'Ubuntu:22.04'}                           | ${'ubuntu'}    | ${'22.04'}
    ${'Ubuntu:22.04:LTS'}                       | ${'ubuntu'}    | ${'22.04'}
    ${'Ubuntu:Pro:18.04:LTS'}                   | ${'ubuntu'}    | ${'18.04-ESM'}
    ${'Red Hat:enterprise_linux:9::appstream'}  | ${'redhat'}    | ${'9'}
    ${'Red Hat:enterprise_linux:8::baseos'}     | ${'redhat'}    | ${'8'}
    ${'AlmaLinux:9'}                            | ${'almalinux'} | ${'9'}
    ${'Rocky Linux:8'}                          | ${'rocky'}     | ${'8'}
    ${'crates.io'}                              | ${'crates.io'} | ${''}
    ${'PyPI'}                                   | ${'pypi'}      | ${''}
    ${'Go'}                                     | ${'go'}        | ${''}
  `('maps $ecosystem to $family/$release', ({ ecosystem, family, release }: { ecosystem: string; family: string; release: string }) => {
    expect(toEcosystemKey(ecosystem)).toEqual({ family, release });
  });

  it.each(['Ubuntu:Pro:FIPS:18.04:LTS', 'Ubuntu:Pro:18.04', 'Red Hat:rhel_eus:9.2::baseos', 'Debian', 'Alpine:3.20', 'SwiftURL', 'Wolfi', ''])('leaves %j out', (e) => {
    expect(toEcosystemKey(e)).toBeUndefined();
  });
});

describe('normalisePackageName()', () => {
  it('normalises PyPI names per PEP 503 and nothing else', () => {
    expect(normalisePackageName('pypi', 'Zope.Interface__x')).toBe('zope-interface-x');
    expect(normalisePackageName('npm', 'JSONStream')).toBe('JSONStream');
  });
});
