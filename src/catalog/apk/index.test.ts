import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { archivesDir, hasTestImage, imagesRoot, peerDir } from '../../../test/helpers/shared.js';
import { cataloger, parseApkInstalled } from './index.js';

const P = '/lib/apk/db/installed';

describe('parseApkInstalled()', () => {
  const text = [
    'C:Q1bTtF5526tETKfL+lnigzIDvm+2o=',
    'P:musl-utils',
    'V:1.1.24-r2',
    'A:x86_64',
    'I:151552',
    'L:MIT BSD GPL2+',
    'o:musl',
    'm:Timo Teräs <timo.teras@iki.fi>',
    't:1584790550',
    'c:4024cc3b29ad4c65544ad068b8f59172b5494306',
    'R:top-level',
    'F:sbin',
    'R:ldconfig',
    'a:0:0:755',
    'F:usr',
    'F:usr/bin',
    'R:iconv',
    'R:ldd',
    '',
    'P:busybox',
    'V:1.36.1-r5',
    'A:aarch64',
    '',
  ].join('\n');

  it('reads P, V, A, o, L, C, t, I, m, c and the F/R files', () => {
    const { packages, issues } = parseApkInstalled(P, text);
    expect(issues).toEqual([]);
    expect(packages[0]).toEqual({
      type: 'apk',
      name: 'musl-utils',
      version: '1.1.24-r2',
      arch: 'x86_64',
      source: { name: 'musl', version: '1.1.24-r2' },
      licenses: ['MIT BSD GPL2+'],
      purl: 'pkg:apk/alpine/musl-utils@1.1.24-r2?arch=x86_64',
      locations: [P],
      files: ['/top-level', '/sbin/ldconfig', '/usr/bin/iconv', '/usr/bin/ldd'],
      metadata: {
        checksum: 'Q1bTtF5526tETKfL+lnigzIDvm+2o=',
        buildTime: 1584790550,
        installedSize: 151552,
        maintainer: 'Timo Teräs <timo.teras@iki.fi>',
        commit: '4024cc3b29ad4c65544ad068b8f59172b5494306',
      },
    });
  });

  it('defaults the origin to the package itself', () => {
    const { packages } = parseApkInstalled(P, text);
    expect(packages[1]).toMatchObject({ name: 'busybox', source: { name: 'busybox', version: '1.36.1-r5' }, files: [] });
    expect(packages[1]?.licenses).toBeUndefined();
  });

  describe('when the input is hostile', () => {
    it.each`
      what                 | input                                        | codes                                   | names
      ${'no version'}      | ${'P:a\n\nP:b\nV:1-r0\n'}                    | ${['APK_BAD_VERSION']}                  | ${['b']}
      ${'bad version'}     | ${'P:a\nV:1 2\n'}                            | ${['APK_BAD_VERSION']}                  | ${[]}
      ${'no name'}         | ${'V:1-r0\nA:x86_64\n'}                      | ${['APK_BAD_NAME']}                     | ${[]}
      ${'garbage line'}    | ${'this is corrupt\nP:a\nV:1-r0\n'}          | ${['APK_MALFORMED_LINE']}               | ${['a']}
      ${'binary'}          | ${'\u0000\u00ff\u0001'}                      | ${['APK_MALFORMED_LINE']}               | ${[]}
      ${'empty'}           | ${''}                                        | ${[]}                                   | ${[]}
      ${'CRLF'}            | ${'P:a\r\nV:1-r0\r\n\r\n'}                   | ${[]}                                   | ${['a']}
    `('$what gives $codes and $names', ({ input, codes, names }: { input: string; codes: string[]; names: string[] }) => {
      const { packages, issues } = parseApkInstalled(P, input);
      expect(issues.map((i) => i.code)).toEqual(codes);
      expect(packages.map((p) => p.name)).toEqual(names);
      for (const i of issues) expect(i.message).toContain(`${P} record at line`);
    });

    it('handles a huge record quickly', () => {
      const many = `P:a\nV:1-r0\nF:d\n${'R:f\n'.repeat(500_000)}`;
      const t0 = Date.now();
      expect(parseApkInstalled(P, many).packages[0]?.files).toHaveLength(500_000);
      expect(Date.now() - t0).toBeLessThan(5000);
    });
  });
});

describe('cataloger', () => {
  it.each`
    path                              | matched
    ${'/lib/apk/db/installed'}        | ${true}
    ${'/lib/apk/db/installed.old'}    | ${false}
    ${'/usr/lib/apk/db/installed'}    | ${false}
  `('matches($path) is $matched', ({ path, matched }: { path: string; matched: boolean }) => {
    expect(cataloger.matches({ path, size: 0, mode: 0o100644 })).toBe(matched);
  });
});

// ---------------------------------------------------------------- peer fixtures

interface PeerPackage { name: string; version: string; arch?: string; src_name?: string }
const pkgdb = join(peerDir, '4-pkgdb');
const cases: { fixture: string; db: string; note: string }[] = [
  { fixture: 'trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk', db: 'trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk', note: 'trivy TestParseApkInfo' },
  { fixture: 'syft/syft/pkg/cataloger/alpine/testdata/base', db: 'syft/syft/pkg/cataloger/alpine/testdata/base', note: 'syft TestSinglePackageDetails' },
  { fixture: 'syft/syft/pkg/cataloger/alpine/testdata/single', db: 'syft/syft/pkg/cataloger/alpine/testdata/single', note: 'syft TestSinglePackageDetails' },
  { fixture: 'syft/syft/pkg/cataloger/alpine/testdata/empty-deps-and-provides', db: 'syft/syft/pkg/cataloger/alpine/testdata/empty-deps-and-provides', note: 'syft TestSinglePackageDetails' },
  { fixture: 'syft/syft/pkg/cataloger/alpine/testdata/multiple-1', db: 'syft/syft/pkg/cataloger/alpine/testdata/multiple-1/lib/apk/db/installed', note: 'syft TestApkDBCataloger' },
];

describe.skipIf(!existsSync(pkgdb))('peer fixtures (../shared/peer/4-pkgdb)', () => {
  it.each(cases)('$fixture ($note)', ({ fixture, db }) => {
    const { packages, issues } = parseApkInstalled(P, readFileSync(join(pkgdb, db), 'utf8'));
    const expected = JSON.parse(readFileSync(join(pkgdb, `${fixture}.expected.json`), 'utf8')) as { cases: { packages: PeerPackage[] }[] };
    // The transcription of syft's TestApkDBCataloger also lists the packages again inside its relationship
    // locals, so the expected list is made unique by name and version.
    const seen = new Set<string>();
    const want = (expected.cases[0]?.packages ?? [])
      .filter((p) => !seen.has(`${p.name}@${p.version}`) && seen.add(`${p.name}@${p.version}`))
      .map((p) => ({ name: p.name, version: p.version, arch: p.arch, origin: p.src_name }));
    const got = packages.map((p) => ({ name: p.name, version: p.version, arch: p.arch, origin: p.source?.name }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(want.length).toBeGreaterThan(0);
    expect(got.sort(byName)).toEqual(want.sort(byName));
    // trivy's fixture holds "P:invalidPackageWithoutAVersion", which trivy drops silently; we report it.
    expect(issues.map((i) => i.code)).toEqual(fixture.endsWith('/apk') ? ['APK_BAD_VERSION'] : []);
  });

  it('syft corrupt: the leading garbage is an issue and the record after it is kept', () => {
    // syft fails the whole file (Test_corruptDb wants no packages); we carry on past the bad lines.
    const { packages, issues } = parseApkInstalled(P, readFileSync(join(pkgdb, 'syft/syft/pkg/cataloger/alpine/testdata/corrupt/lib/apk/db/installed'), 'utf8'));
    expect(issues.map((i) => i.code)).toEqual(['APK_MALFORMED_LINE']);
    expect(issues[0]?.message).toContain('record at line 1');
    expect(packages.map((p) => p.name)).toEqual(['alpine-baselayout-data']);
  });
});

// ---------------------------------------------------------------- real image

interface TruthApk { name: string; version: string; arch: string; origin: string }

describe('ground truth: image alpine-min', () => {
  const db = join(imagesRoot, 'rootfs/alpine-min/lib/apk/db/installed');
  it.skipIf(!hasTestImage('alpine-min') || !existsSync(db))('equals packages.apk of the truth file; skipped when ../shared/images/build-all.sh has not run', () => {
    const { packages, issues } = parseApkInstalled(P, readFileSync(db, 'utf8'));
    const truth = JSON.parse(readFileSync(join(archivesDir, 'alpine-min.truth.json'), 'utf8')) as { packages: { apk: TruthApk[] } };
    expect(issues).toEqual([]);
    const got = packages.map((p) => ({ name: p.name, version: p.version, arch: p.arch, origin: p.source?.name })).sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(got).toEqual(truth.packages.apk);
    for (const p of packages) expect(PackageURL.fromString(p.purl)).toMatchObject({ type: 'apk', namespace: 'alpine', name: p.name, version: p.version });
    expect(packages.find((p) => p.name === 'musl')?.files).toContain('/lib/ld-musl-x86_64.so.1');
  });
});
