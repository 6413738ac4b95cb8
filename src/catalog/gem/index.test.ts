import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { cataloger, parseGemspec } from './index.js';

const path = '/usr/local/bundle/specifications/rake-13.0.6.gemspec';

describe('gem cataloger', () => {
  it.each`
    p                                                                       | matched
    ${'/usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec'}        | ${true}
    ${'/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec'} | ${false}
    ${'/src/rake.gemspec'}                                                  | ${false}
  `('matches($p) is $matched', ({ p, matched }: { p: string; matched: boolean }) => {
    expect(cataloger.matches({ path: p, size: 1, mode: 0o100644 })).toBe(matched);
  });

  it('reads name, version and licences without evaluating Ruby', () => {
    const r = parseGemspec(path, [
      '# -*- encoding: utf-8 -*-',
      'Gem::Specification.new do |s|',
      '  s.name = "rake".freeze',
      '  s.version = "13.0.6"',
      '  s.licenses = ["MIT".freeze, \'Ruby\'.freeze]',
      '  s.summary = "`rm -rf /`".freeze',
      'end',
    ].join('\n'));
    expect(r.packages).toEqual([{ type: 'gem', name: 'rake', version: '13.0.6', purl: 'pkg:gem/rake@13.0.6', licenses: ['MIT', 'Ruby'], locations: [path] }]);
  });

  it.each`
    label                  | text                                                                              | code
    ${'empty'}             | ${''}                                                                             | ${'GEM_MISSING_NAME'}
    ${'no version'}        | ${'Gem::Specification.new do |s|\n  s.name = "a"\nend'}                           | ${'GEM_MISSING_VERSION'}
    ${'version not a string'} | ${'Gem::Specification.new do |s|\n  s.name = "a"\n  s.version = VERSION\nend'} | ${'GEM_MISSING_VERSION'}
    ${'truncated string'}  | ${'Gem::Specification.new do |s|\n  s.name = "a'}                                 | ${'GEM_MISSING_NAME'}
    ${'huge string'}       | ${`Gem::Specification.new do |s|\n  s.name = "${'a'.repeat(1_000_000)}"\n`}        | ${'GEM_MISSING_NAME'}
    ${'regex bomb'}        | ${`Gem::Specification.new do |s|\n  s.name = "${'\\\\'.repeat(50_000)}\n`}         | ${'GEM_MISSING_NAME'}
  `('gives $code for $label', ({ text, code }: { text: string; code: string }) => {
    const r = parseGemspec(path, text);
    expect(r.packages).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual([code]);
    expect(r.issues[0]?.path).toBe(path);
  });

  it('reads "__proto__" as a plain gem name', () => {
    const r = parseGemspec(path, 'Gem::Specification.new do |s|\n  s.name = "__proto__"\n  s.version = "1.0"\nend');
    expect(r.packages.map((p) => p.name)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).version).toBeUndefined();
  });
});

// trivy pkg/dependency/parser/ruby/gemspec and syft ruby testdata (../shared/peer/4-pkgdb, Apache-2.0).
const dirs = [
  join(peerDir, '4-pkgdb/trivy/pkg/dependency/parser/ruby/gemspec/testdata'),
  join(peerDir, '4-pkgdb/trivy/pkg/fanal/analyzer/language/ruby/gemspec/testdata'),
  join(peerDir, '4-pkgdb/syft/syft/pkg/cataloger/ruby/testdata'),
];
const fixtures = dirs.filter(existsSync).flatMap((d) =>
  readdirSync(d, { recursive: true }).map(String).filter((f) => f.endsWith('.gemspec') && existsSync(join(d, `${f}.expected.json`))).map((f) => join(d, f)))
  // Skipped: syft's bundler.gemspec test builds its expected package inline, so the transcription has none to compare.
  .filter((f) => !f.endsWith('syft/syft/pkg/cataloger/ruby/testdata/bundler.gemspec'));

describe.skipIf(fixtures.length === 0)('gem peer fixtures', () => {
  it.each(fixtures)('%s', (f) => {
    const doc = JSON.parse(readFileSync(`${f}.expected.json`, 'utf8')) as { cases: { packages: { name: string; version: string; licenses?: string[] }[] }[] };
    const want = doc.cases.flatMap((c) => c.packages);
    const r = parseGemspec(f, readFileSync(f, 'utf8'));
    expect(r.packages.map((p) => `${p.name}@${p.version}`)).toEqual([...new Set(want.map((p) => `${p.name}@${p.version}`))]);
    if (want.length === 0) expect(r.issues.length).toBe(1);
    for (const w of want) if (w.licenses) expect(r.packages[0]?.licenses).toEqual(w.licenses);
  });
});
