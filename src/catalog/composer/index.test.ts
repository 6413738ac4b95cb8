import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { cataloger, parseComposer } from './index.js';

describe('composer cataloger', () => {
  it.each`
    p                                             | matched
    ${'/app/vendor/composer/installed.json'}      | ${true}
    ${'/app/composer.lock'}                       | ${true}
    ${'/app/vendor/foo/bar/composer.lock'}        | ${false}
    ${'/app/composer.json'}                       | ${false}
  `('matches($p) is $matched', ({ p, matched }: { p: string; matched: boolean }) => {
    expect(cataloger.matches({ path: p, size: 1, mode: 0o100644 })).toBe(matched);
  });

  it('reads both installed.json forms and marks dev packages', () => {
    const v1 = parseComposer('/app/vendor/composer/installed.json', '[{"name":"psr/log","version":"1.1.4","license":["MIT"]}]');
    const v2 = parseComposer('/app/vendor/composer/installed.json',
      '{"packages":[{"name":"psr/log","version":"1.1.4"},{"name":"phpunit/phpunit","version":"9.6.0"}],"dev":true,"dev-package-names":["phpunit/phpunit"]}');
    expect(v1.packages.map((p) => [p.purl, p.licenses])).toEqual([['pkg:composer/psr/log@1.1.4', ['MIT']]]);
    expect(v2.packages.map((p) => [p.name, p.metadata?.dev])).toEqual([['psr/log', false], ['phpunit/phpunit', true]]);
  });

  it('marks packages-dev of a lock as dev', () => {
    const r = parseComposer('/app/composer.lock', '{"packages":[{"name":"a/b","version":"1.0.0"}],"packages-dev":[{"name":"c/d","version":"2.0.0"}]}');
    expect(r.packages.map((p) => [p.name, p.metadata?.dev])).toEqual([['a/b', false], ['c/d', true]]);
  });

  it.each`
    label                   | text                                                               | codes                       | names
    ${'truncated JSON'}     | ${'{"packages":[{"name":"a/b"'}                                     | ${['COMPOSER_MALFORMED_JSON']} | ${[]}
    ${'a string'}           | ${'"x"'}                                                            | ${['COMPOSER_MALFORMED_JSON']} | ${[]}
    ${'packages not array'} | ${'{"packages":{"a":1}}'}                                           | ${['COMPOSER_MALFORMED_JSON']} | ${[]}
    ${'a bad entry'}        | ${'[{"name":"nope","version":"1"},{"name":"a/b","version":"1"},7]'} | ${['COMPOSER_BAD_ENTRY', 'COMPOSER_BAD_ENTRY']} | ${['a/b']}
    ${'wrong types'}        | ${'[{"name":["a/b"],"version":1}]'}                                 | ${['COMPOSER_BAD_ENTRY']}   | ${[]}
    ${'__proto__ keys'}     | ${'[{"__proto__":{"polluted":1},"name":"a/b","version":"1"}]'}       | ${[]}                       | ${['a/b']}
    ${'a huge name'}        | ${JSON.stringify([{ name: `a/${'b'.repeat(100_000)}`, version: '1' }])} | ${['COMPOSER_BAD_ENTRY']} | ${[]}
  `('handles $label', ({ text, codes, names }: { text: string; codes: string[]; names: string[] }) => {
    const r = parseComposer('/app/composer.lock', text);
    expect(r.issues.map((i) => i.code)).toEqual(codes);
    expect(r.issues.every((i) => i.path === '/app/composer.lock')).toBe(true);
    expect(r.packages.map((p) => p.name)).toEqual(names);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// trivy composer parser/analyzer and syft php testdata (../shared/peer/4-pkgdb, Apache-2.0).
const base = join(peerDir, '4-pkgdb');
const fixtures = [
  'trivy/pkg/dependency/parser/php/composer/testdata/composer_happy.lock',
  'trivy/pkg/fanal/analyzer/language/php/composer/testdata/composer-vendor/happy/installed.json',
  'syft/syft/pkg/cataloger/php/testdata/composer.lock',
  'syft/syft/pkg/cataloger/php/testdata/glob-paths/src/installed.json',
].filter((f) => existsSync(join(base, f)) && existsSync(join(base, `${f}.expected.json`)));

describe.skipIf(fixtures.length === 0)('composer peer fixtures', () => {
  it.each(fixtures)('%s', (f) => {
    const doc = JSON.parse(readFileSync(join(base, `${f}.expected.json`), 'utf8')) as {
      cases: { packages: { name: string; version: string; licenses?: string[] }[] }[];
    };
    const want = doc.cases.flatMap((c) => c.packages);
    const path = f.endsWith('installed.json') ? '/app/vendor/composer/installed.json' : '/app/composer.lock';
    const r = parseComposer(path, readFileSync(join(base, f), 'utf8'));
    // syft leaves packages-dev out; we report them with metadata.dev.
    if (f.startsWith('syft/')) r.packages = r.packages.filter((p) => p.metadata?.dev !== true);
    expect(r.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual([...new Set(want.map((p) => `${p.name}@${p.version}`))].sort());
    for (const w of want) {
      // trivy splits "MIT or BSD-2-Clause" into two; we keep the licence string as the package wrote it.
      const ours = r.packages.find((p) => p.name === w.name)?.licenses;
      if (w.licenses && ours?.some((l) => / or /i.test(l))) expect(ours.join(' ').split(/ or /i)).toEqual(w.licenses);
      else if (w.licenses) expect(ours, w.name).toEqual(w.licenses);
    }
  });
});
