import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { cataloger, parseDepsJson, parsePackagesLock } from './index.js';

describe('nuget cataloger', () => {
  it.each`
    p                                   | matched
    ${'/app/MyApp.deps.json'}           | ${true}
    ${'/src/packages.lock.json'}        | ${true}
    ${'/app/MyApp.runtimeconfig.json'}  | ${false}
    ${'/app/deps.json'}                 | ${false}
  `('matches($p) is $matched', ({ p, matched }: { p: string; matched: boolean }) => {
    expect(cataloger.matches({ path: p, size: 1, mode: 0o100644 })).toBe(matched);
  });

  it('reports package libraries only', () => {
    const r = parseDepsJson('/app/A.deps.json', JSON.stringify({
      libraries: { 'A/1.0.0': { type: 'project' }, 'Newtonsoft.Json/13.0.1': { type: 'package', sha512: 'sha512-x' }, 'R/1.0.0': { type: 'reference' } },
    }));
    expect(r.packages.map((p) => [p.name, p.version, p.purl])).toEqual([['Newtonsoft.Json', '13.0.1', 'pkg:nuget/Newtonsoft.Json@13.0.1']]);
  });

  it.each`
    label                 | text                                                                 | codes                       | names
    ${'truncated JSON'}   | ${'{"libraries":{"A/1'}                                              | ${['NUGET_MALFORMED_JSON']} | ${[]}
    ${'an array'}         | ${'[]'}                                                              | ${['NUGET_MALFORMED_JSON']} | ${[]}
    ${'libraries string'} | ${'{"libraries":"x"}'}                                               | ${['NUGET_MALFORMED_JSON']} | ${[]}
    ${'bad keys'}         | ${'{"libraries":{"NoVersion":{"type":"package"},"B/2.0":{"type":"package"},"C/1":7}}'} | ${['NUGET_BAD_ENTRY', 'NUGET_BAD_ENTRY']} | ${['B']}
    ${'__proto__'}        | ${'{"libraries":{"__proto__":{"type":"package"},"B/2.0":{"type":"package"}}}'} | ${['NUGET_BAD_ENTRY']} | ${['B']}
    ${'huge key'}         | ${JSON.stringify({ libraries: { [`${'a'.repeat(100_000)}/1`]: { type: 'package' } } })} | ${['NUGET_BAD_ENTRY']} | ${[]}
  `('deps.json: handles $label', ({ text, codes, names }: { text: string; codes: string[]; names: string[] }) => {
    const r = parseDepsJson('/app/A.deps.json', text);
    expect(r.issues.map((i) => i.code)).toEqual(codes);
    expect(r.issues.every((i) => i.path === '/app/A.deps.json')).toBe(true);
    expect(r.packages.map((p) => p.name)).toEqual(names);
    expect(({} as Record<string, unknown>).type).toBeUndefined();
  });

  it('packages.lock.json: dedupes across frameworks, skips projects and bad entries', () => {
    const r = parsePackagesLock('/src/packages.lock.json', JSON.stringify({
      version: 1,
      dependencies: {
        'net6.0': { A: { type: 'Direct', resolved: '1.0.0' }, P: { type: 'Project' }, X: 'oops' },
        'net8.0': { A: { type: 'Transitive', resolved: '1.0.0' }, B: { type: 'Transitive' } },
      },
    }));
    expect(r.packages.map((p) => [p.name, p.version, p.metadata?.direct])).toEqual([['A', '1.0.0', true]]);
    expect(r.issues.map((i) => i.code)).toEqual(['NUGET_BAD_ENTRY', 'NUGET_BAD_ENTRY']);
  });
});

// trivy dotnet core_deps / nuget lock / deps analyzer and syft dotnet testdata (../shared/peer/4-pkgdb, Apache-2.0).
const dirs = [
  join(peerDir, '4-pkgdb/trivy/pkg/dependency/parser/dotnet/core_deps/testdata'),
  join(peerDir, '4-pkgdb/trivy/pkg/dependency/parser/nuget/lock/testdata'),
  join(peerDir, '4-pkgdb/trivy/pkg/fanal/analyzer/language/dotnet/deps/testdata'),
];
const fixtures = dirs.filter(existsSync).flatMap((d) =>
  readdirSync(d).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json') && existsSync(join(d, `${f}.expected.json`))).map((f) => join(d, f)));

describe.skipIf(fixtures.length === 0)('nuget peer fixtures (trivy)', () => {
  it.each(fixtures)('%s', (f) => {
    const doc = JSON.parse(readFileSync(`${f}.expected.json`, 'utf8')) as { cases: { packages: { name: string; version: string }[] }[] };
    const text = readFileSync(f, 'utf8');
    if (f.endsWith('invalid.deps.json')) {
      expect(parseDepsJson(f, text).issues.map((i) => i.code)).toEqual(['NUGET_MALFORMED_JSON']);
      return;
    }
    const r = f.includes('/nuget/lock/') ? parsePackagesLock(f, text) : parseDepsJson(f, text);
    let want = [...new Set(doc.cases.flatMap((c) => c.packages.map((p) => `${p.name}@${p.version}`)))];
    if (!f.includes('/nuget/lock/')) {
      // trivy also lists `project` libraries (the app and its own projects); we report NuGet packages only.
      const libs = (JSON.parse(text) as { libraries?: Record<string, { type?: string }> }).libraries ?? {};
      want = want.filter((id) => libs[id.replace('@', '/')]?.type !== 'project');
    }
    expect(r.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(want.sort());
  });
});
