import { describe, expect, it } from 'vitest';
import { classifyLicense, findSpdxLicenseId, joinWithAnd, normalizeSpdxExpression } from './license-expression.js';

describe('normalizeSpdxExpression()', () => {
  it.each`
    input                                                  | expected
    ${'MIT'}                                               | ${'MIT'}
    ${'mit'}                                               | ${'MIT'}
    ${'bsd-3-clause'}                                      | ${'BSD-3-Clause'}
    ${'MIT OR Apache-2.0'}                                 | ${'MIT OR Apache-2.0'}
    ${'mit or apache-2.0'}                                 | ${'MIT OR Apache-2.0'}
    ${'(MIT OR Apache-2.0) AND ISC'}                       | ${'(MIT OR Apache-2.0) AND ISC'}
    ${'((MIT))'}                                           | ${'MIT'}
    ${'MIT AND (ISC AND 0BSD)'}                            | ${'MIT AND ISC AND 0BSD'}
    ${'MIT OR ISC AND 0BSD'}                               | ${'MIT OR ISC AND 0BSD'}
    ${'GPL-2.0-only WITH Classpath-exception-2.0'}         | ${'GPL-2.0-only WITH Classpath-exception-2.0'}
    ${'GPL-2.0+'}                                          | ${'GPL-2.0+'}
    ${'LicenseRef-Foo.1'}                                  | ${'LicenseRef-Foo.1'}
    ${'DocumentRef-x:LicenseRef-y'}                        | ${'DocumentRef-x:LicenseRef-y'}
  `('normalises $input to $expected', ({ input, expected }: { input: string; expected: string }) => {
    expect(normalizeSpdxExpression(input)).toBe(expected);
  });

  it.each([
    ['GPLv2+'],
    ['GPL-2'],
    ['public-domain'],
    ['ASL 2.0'],
    ['MIT AND'],
    ['(MIT'],
    ['MIT)'],
    ['MIT WITH Classpath-exception-2.0 WITH LLVM-exception'],
    ['MIT WITH Apache-2.0'],
    ['(MIT OR ISC) WITH LLVM-exception'],
    ['MiT Or ISC'],
    [''],
    ['   '],
  ])('rejects %j', (input) => {
    expect(normalizeSpdxExpression(input)).toBeUndefined();
  });
});

describe('classifyLicense()', () => {
  it('tells ids, expressions and free names apart', () => {
    expect(classifyLicense(' Apache-2.0 ')).toEqual({ kind: 'id', id: 'Apache-2.0' });
    expect(classifyLicense('GPL-2.0')).toEqual({ kind: 'id', id: 'GPL-2.0' });
    expect(classifyLicense('MIT OR ISC')).toEqual({ kind: 'expression', expression: 'MIT OR ISC' });
    expect(classifyLicense('LGPL-2.1+')).toEqual({ kind: 'expression', expression: 'LGPL-2.1+' });
    expect(classifyLicense('Apache License, Version 2.0')).toEqual({ kind: 'name', name: 'Apache License, Version 2.0' });
  });
});

describe('findSpdxLicenseId()', () => {
  it('finds ids case-insensitively, deprecated ones too, and not exceptions', () => {
    expect(findSpdxLicenseId('zlib')).toBe('Zlib');
    expect(findSpdxLicenseId('GPL-3.0')).toBe('GPL-3.0');
    expect(findSpdxLicenseId('Classpath-exception-2.0')).toBeUndefined();
  });
});

describe('joinWithAnd()', () => {
  it('ANDs expressions with the parentheses they need', () => {
    expect(joinWithAnd(['MIT', 'ISC OR 0BSD'])).toBe('MIT AND (ISC OR 0BSD)');
    expect(joinWithAnd(['MIT'])).toBe('MIT');
    expect(joinWithAnd([])).toBeUndefined();
    expect(joinWithAnd(['MIT', 'not a licence'])).toBeUndefined();
  });
});
