import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archivesDir, hasTestImage, imagesRoot, peerDir } from '../../../test/helpers/shared.js';
import type { Package } from '../../model/index.js';
import { makeJar, makeZip } from './__fixtures__/make-zip.js';
import { catalogJavaArchive, entryLabel, selectOwnPom, splitNameVersion } from './archive.js';
import { cataloger } from './index.js';

const file = (path: string, size = 0) => ({ path, size, mode: 0o100644 });

describe('cataloger.matches()', () => {
  it.each`
    path                                      | want
    ${'/opt/app/app.jar'}                     | ${true}
    ${'/srv/ROOT.WAR'}                        | ${true}
    ${'/x/app.ear'}                           | ${true}
    ${'/var/jenkins/plugins/git.jpi'}         | ${true}
    ${'/var/jenkins/plugins/git.hpi'}         | ${true}
    ${'/x/y.par'}                             | ${true}
    ${'/x/.jar'}                              | ${false}
    ${'/x/app.jar.sha1'}                      | ${false}
    ${'/x/archive.zip'}                       | ${false}
    ${'/x/jar'}                               | ${false}
  `('$path → $want', ({ path, want }) => {
    expect(cataloger.matches(file(path))).toBe(want);
  });
});

describe('splitNameVersion()', () => {
  it.each`
    stem                                   | name                        | version
    ${'jackson-databind-2.9.10.6'}         | ${'jackson-databind'}       | ${'2.9.10.6'}
    ${'commons-lang3-3.11'}                | ${'commons-lang3'}          | ${'3.11'}
    ${'log4j-1.2-api-2.19.0'}              | ${'log4j-1.2-api'}          | ${'2.19.0'}
    ${'foo-1.0-beta-2'}                    | ${'foo'}                    | ${'1.0-beta-2'}
    ${'jsr305-0.1~+svn49'}                 | ${'jsr305'}                 | ${'0.1~+svn49'}
    ${'guava-31.1-jre'}                    | ${'guava'}                  | ${'31.1-jre'}
    ${'spring-core-5.3.3.RELEASE'}         | ${'spring-core'}            | ${'5.3.3.RELEASE'}
    ${'guice-servlet'}                     | ${'guice-servlet'}          | ${undefined}
    ${'lib-2'}                             | ${'lib'}                    | ${'2'}
  `('$stem → $name $version', ({ stem, name, version }) => {
    expect(splitNameVersion(stem)).toEqual(version === undefined ? { name } : { name, version });
  });
});

describe('selectOwnPom()', () => {
  const pom = (artifactId: string, version = '1.0', groupId = 'g') => ({ entry: `META-INF/maven/${groupId}/${artifactId}/pom.properties`, groupId, artifactId, version });
  it.each`
    stem                              | poms                                                             | want
    ${'anything'}                     | ${[pom('only')]}                                                 | ${'only'}
    ${'httpclient-osgi'}              | ${[pom('httpclient'), pom('httpclient-osgi'), pom('httpmime')]}  | ${'httpclient-osgi'}
    ${'httpclient-osgi-4.5'}          | ${[pom('httpclient', '4.5'), pom('httpclient-osgi', '4.5')]}     | ${'httpclient-osgi'}
    ${'guava-29.0-jre'}               | ${[pom('failureaccess'), pom('guava', '29.0-jre')]}              | ${'guava'}
    ${'maven3-slf4j-provider'}        | ${[pom('maven-slf4j-provider'), pom('slf4j-simple')]}            | ${undefined}
    ${'x-1.0'}                        | ${[pom('x', '1.0', 'a'), pom('x', '1.0', 'b')]}                  | ${undefined}
  `('$stem picks $want', ({ stem, poms, want }) => {
    expect(selectOwnPom(poms, stem)?.artifactId).toBe(want);
  });
});

describe('entryLabel()', () => {
  it.each`
    name                          | label                              | changed
    ${'BOOT-INF/lib/a.jar'}       | ${'BOOT-INF/lib/a.jar'}            | ${false}
    ${'../../evil.jar'}           | ${'%2E%2E/%2E%2E/evil.jar'}        | ${true}
    ${'/abs/x.jar'}               | ${'%2Fabs/x.jar'}                  | ${true}
    ${'a!/b.jar'}                 | ${'a%21/b.jar'}                    | ${true}
    ${'a\\..\\b.jar'}             | ${'a%5C..%5Cb.jar'}                | ${true}
    ${'lib/./x.jar'}              | ${'lib/%2E/x.jar'}                 | ${true}
  `('$name → $label', ({ name, label, changed }) => {
    expect(entryLabel(name)).toEqual({ label, changed });
  });
});

describe('catalogJavaArchive()', () => {
  it('names a jar from Maven pom.properties, with sha1 and purl', () => {
    const bytes = makeJar({ groupId: 'org.yaml', artifactId: 'snakeyaml', version: '1.33' });
    const { packages, issues } = catalogJavaArchive('/usr/share/java/snakeyaml.jar', bytes);
    expect(issues).toEqual([]);
    expect(packages).toHaveLength(1);
    expect(packages[0]).toMatchObject({
      type: 'java',
      name: 'org.yaml:snakeyaml',
      version: '1.33',
      purl: 'pkg:maven/org.yaml/snakeyaml@1.33',
      locations: ['/usr/share/java/snakeyaml.jar'],
      metadata: { groupId: 'org.yaml', artifactId: 'snakeyaml', identitySource: 'pom.properties' },
    });
    expect(packages[0]?.metadata?.sha1).toMatch(/^[0-9a-f]{40}$/);
  });

  it('falls back to the manifest, then to the file name', () => {
    const withManifest = makeZip([
      {
        name: 'META-INF/MANIFEST.MF',
        data: 'Manifest-Version: 1.0\r\nBundle-SymbolicName: org.tukaani.xz;singleton:=true\r\nImplementation-Version: 1.\r\n 9\r\n\r\nName: x\r\nImplementation-Version: 0\r\n',
      },
    ]);
    const a = catalogJavaArchive('/usr/share/java/xz.jar', withManifest).packages[0];
    expect(a).toMatchObject({ name: 'org.tukaani:org.tukaani.xz', version: '1.9', metadata: { identitySource: 'manifest' } });
    const b = catalogJavaArchive('/x/aopalliance-1.0.jar', makeJar()).packages[0];
    expect(b).toMatchObject({ name: 'aopalliance', version: '1.0', purl: 'pkg:maven/aopalliance/aopalliance@1.0', metadata: { identitySource: 'file-name', purlNamespaceGuessed: true } });
  });

  it('reports every archive even when nothing names its version', () => {
    const { packages } = catalogJavaArchive('/x/guice-jmx.jar', makeJar());
    expect(packages).toMatchObject([{ name: 'guice-jmx', version: '', purl: 'pkg:maven/guice-jmx/guice-jmx' }]);
  });

  it('reports shaded pom.properties as embedded packages at the same location', () => {
    const bytes = makeJar({ groupId: 'org.apache.httpcomponents', artifactId: 'httpclient-osgi', version: '4.5.14' }, [
      { name: 'META-INF/maven/commons-codec/commons-codec/pom.properties', data: 'groupId=commons-codec\nartifactId=commons-codec\nversion=1.15\n' },
      { name: 'META-INF/maven/org.apache.httpcomponents/httpclient/pom.properties', data: 'groupId=org.apache.httpcomponents\nartifactId=httpclient\nversion=4.5.14\n' },
    ]);
    const { packages } = catalogJavaArchive('/usr/share/java/httpclient-osgi.jar', bytes);
    expect(packages.map((p) => [p.name, p.metadata?.embedded ?? false, p.locations[0]])).toEqual([
      ['org.apache.httpcomponents:httpclient-osgi', false, '/usr/share/java/httpclient-osgi.jar'],
      ['commons-codec:commons-codec', true, '/usr/share/java/httpclient-osgi.jar'],
      ['org.apache.httpcomponents:httpclient', true, '/usr/share/java/httpclient-osgi.jar'],
    ]);
    expect(packages[1]?.metadata?.sha1).toBeUndefined();
  });

  it('reads nested archives to four levels and reports the fifth as an issue', () => {
    let inner = makeJar({ groupId: 'g', artifactId: 'level5', version: '5' });
    for (let level = 4; level >= 1; level--) {
      inner = makeJar({ groupId: 'g', artifactId: `level${level}`, version: String(level) }, [{ name: `lib/level${level + 1}.jar`, data: inner, method: 0 }]);
    }
    const { packages, issues } = catalogJavaArchive('/app.jar', makeJar({ groupId: 'g', artifactId: 'app', version: '0' }, [{ name: 'lib/level1.jar', data: inner }]));
    expect(packages.map((p) => p.locations[0])).toEqual([
      '/app.jar',
      '/app.jar!/lib/level1.jar',
      '/app.jar!/lib/level1.jar!/lib/level2.jar',
      '/app.jar!/lib/level1.jar!/lib/level2.jar!/lib/level3.jar',
      '/app.jar!/lib/level1.jar!/lib/level2.jar!/lib/level3.jar!/lib/level4.jar',
    ]);
    expect(packages[4]?.metadata?.nestingDepth).toBe(4);
    expect(issues).toEqual([expect.objectContaining({ code: 'JAVA_NESTING_TOO_DEEP', path: '/app.jar!/lib/level1.jar!/lib/level2.jar!/lib/level3.jar!/lib/level4.jar!/lib/level5.jar' })]);
  });

  it('stops at the inflate budget across nested archives (zip bomb)', () => {
    const filler = new Uint8Array(2 * 1024 * 1024);
    const nested = makeJar({ groupId: 'g', artifactId: 'n', version: '1' }, [{ name: 'pad.bin', data: filler, method: 0 }]);
    const outer = makeZip(Array.from({ length: 5 }, (_, i) => ({ name: `lib/n${i}.jar`, data: nested })));
    const { packages, issues } = catalogJavaArchive('/bomb.jar', outer, { maxInflatedBytes: 5 * 1024 * 1024 });
    expect(packages.filter((p) => p.locations[0]?.includes('!/'))).toHaveLength(2);
    expect(issues.filter((i) => i.code === 'ZIP_INFLATE_LIMIT')).toHaveLength(3);
  });

  it('labels nested archives with ../ names without confusing their locations', () => {
    const inner = makeJar({ groupId: 'evil', artifactId: 'evil', version: '6.6.6' });
    const outer = makeZip([{ name: '../../usr/share/java/evil.jar', data: inner }]);
    const { packages, issues } = catalogJavaArchive('/app.jar', outer);
    expect(packages.map((p) => p.locations[0])).toEqual(['/app.jar', '/app.jar!/%2E%2E/%2E%2E/usr/share/java/evil.jar']);
    expect(issues).toEqual([expect.objectContaining({ code: 'JAVA_ENTRY_NAME_UNSAFE', path: '/app.jar' })]);
  });

  it.each`
    label                        | bytes                                                                           | code
    ${'not a zip'}               | ${new TextEncoder().encode('example archive\n')}                                | ${'ZIP_NOT_AN_ARCHIVE'}
    ${'a truncated jar'}         | ${makeJar({ groupId: 'g', artifactId: 'a', version: '1' }).subarray(0, 60)}     | ${'ZIP_NOT_AN_ARCHIVE'}
  `('gives an issue naming the file for $label', ({ bytes, code }) => {
    const { packages, issues } = catalogJavaArchive('/x/bad.jar', bytes);
    expect(packages).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code, path: '/x/bad.jar' })]);
  });

  it('gives an issue for a corrupt nested archive and keeps the outer one', () => {
    const outer = makeJar({ groupId: 'g', artifactId: 'outer', version: '1' }, [{ name: 'lib/broken.jar', data: 'not a zip at all, just text.' }]);
    const { packages, issues } = catalogJavaArchive('/o.jar', outer);
    expect(packages.map((p) => p.name)).toEqual(['g:outer']);
    expect(issues).toEqual([expect.objectContaining({ code: 'ZIP_NOT_AN_ARCHIVE', path: '/o.jar!/lib/broken.jar' })]);
  });

  it('gives an issue for an incomplete pom.properties', () => {
    const bytes = makeZip([{ name: 'META-INF/maven/g/a/pom.properties', data: 'groupId=g\nartifactId=a\n' }]);
    const { packages, issues } = catalogJavaArchive('/x/a-2.0.jar', bytes);
    expect(packages).toMatchObject([{ name: 'a', version: '2.0' }]);
    expect(issues).toEqual([expect.objectContaining({ code: 'JAVA_POM_PROPERTIES_INCOMPLETE' })]);
  });
});

// Peer fixtures: Trivy's jar parser tests (pkg/dependency/parser/java/jar, see ../shared/peer/4-pkgdb/README.md).
// Trivy writes nested locations as outer.jar/inner.jar where Drydock writes outer.jar!/inner.jar. Licences are
// not compared: Drydock reads no licences from pom.xml or the manifest.
describe('peer fixtures: trivy java/jar', () => {
  const dir = join(peerDir, '4-pkgdb/trivy/pkg/dependency/parser/java/jar');
  interface PeerPkg { name: string; version: string; file_path: string }
  interface PeerCase { test: string; args: { file: string; offline?: boolean }; packages: PeerPkg[] }
  const skip: Record<string, string> = {
    'parse_test.go::TestParse/sha1 search': 'needs a Maven Central sha1 search (network); the offline case of the same jar is compared',
    'parse_test.go::TestParse/artifactId search': 'needs a Maven Central artifactId search (network) to find the groupId',
    'parse_test.go::TestParse/gradle': 'fixture gradle.war is absent from the peer snapshot',
  };
  const cases: PeerCase[] = existsSync(dir)
    ? ['gradle.war', 'hadoop-shaded-guava-1.1.0-SNAPSHOT.jar', 'heuristic-1.0.0-SNAPSHOT.jar', 'io.quarkus.gizmo.gizmo-1.1.jar', 'license-from-jenkins-plugin.jar', 'maven.war', 'multi-license-1.0.0.jar', 'nested.jar', 'test.jar'].flatMap(
        (f) => (JSON.parse(readFileSync(join(dir, 'testdata', `${f}.expected.json`), 'utf8')) as { cases: PeerCase[] }).cases,
      )
    : [];
  it('has the peer fixtures', () => {
    if (!existsSync(dir)) return expect.soft(dir, 'peer fixtures absent').toBe('present');
    expect(cases).toHaveLength(10);
  });
  for (const c of cases) {
    const reason = skip[c.test];
    const run = reason ? it.skip : it;
    run(`${c.test}${reason ? ` (skipped: ${reason})` : ''}`, () => {
      const bytes = readFileSync(join(dir, c.args.file));
      const { packages, issues } = catalogJavaArchive(c.args.file, bytes);
      expect(issues).toEqual([]);
      const got = packages.map((p) => `${p.name}@${p.version} ${p.locations[0]?.replaceAll('!/', '/')}`).sort();
      const want = c.packages.map((p) => `${p.name}@${p.version} ${p.file_path}`).sort();
      expect(got).toEqual(want);
    });
  }
});

// Trivy's jar analyzer case for a WAR (pkg/fanal/analyzer/language/java/jar): the same reader on an application
// archive with its libraries in WEB-INF/lib. The PAR case's fixture is absent from the snapshot; the others need
// Trivy's Java database (sha1 lookups).
describe('peer fixtures: trivy java/jar analyzer', () => {
  const dir = join(peerDir, '4-pkgdb/trivy/pkg/fanal/analyzer/language/java/jar/testdata');
  it.runIf(existsSync(join(dir, 'test.war')))('test.war: the application and its eight libraries', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'test.war.expected.json'), 'utf8')) as { cases: { packages: { name: string; version: string }[] }[] };
    const { packages, issues } = catalogJavaArchive('/app/test.war', readFileSync(join(dir, 'test.war')));
    expect(issues).toEqual([]);
    const want = doc.cases.flatMap((c) => c.packages.map((p) => `${p.name}@${p.version}`)).sort();
    expect(want).toHaveLength(8);
    expect(packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(want);
  });
});

// Ground truth of the polyglot test image (../shared/images/README.md, "Truth file"): every regular jar in the
// rootfs and every archive nested in one, read by Python's zipfile at build time.
describe.skipIf(!hasTestImage('polyglot'))('polyglot image truth (skipped when the test images are not built)', () => {
  interface TruthJava { path: string; sha1: string; groupId: string | null; artifactId: string | null; version: string | null; pom_properties: { entry: string }[] }
  const truth = () => JSON.parse(readFileSync(join(archivesDir, 'polyglot.truth.json'), 'utf8')) as { packages: { java: TruthJava[] } };
  const rootfs = join(imagesRoot, 'rootfs', 'polyglot');

  it('finds every truth archive with the same coordinates and sha1, and nothing else', () => {
    const records = truth().packages.java;
    expect(records).toHaveLength(113);
    const topLevel = records.filter((r) => !r.path.includes('!/'));
    const found: Package[] = [];
    for (const r of topLevel) {
      const host = join(rootfs, r.path);
      const st = statSync(host);
      const f = { path: r.path, size: st.size, mode: st.mode };
      expect(cataloger.matches(f)).toBe(true);
      const res = catalogJavaArchive(r.path, readFileSync(host));
      expect(res.issues, r.path).toEqual([]);
      found.push(...res.packages);
    }
    const own = new Map(found.filter((p) => !p.metadata?.embedded).map((p) => [p.locations[0], p]));
    expect(own.size).toBe(records.length);
    for (const r of records) {
      const p = own.get(r.path);
      expect(p, r.path).toBeDefined();
      expect(p?.metadata?.sha1, r.path).toBe(r.sha1);
      if (r.groupId !== null) {
        expect({ g: p?.metadata?.groupId, a: p?.metadata?.artifactId, v: p?.version }, r.path).toEqual({ g: r.groupId, a: r.artifactId, v: r.version });
        expect(p?.purl).toBe(`pkg:maven/${r.groupId}/${r.artifactId}@${r.version}`);
      }
      // Shaded pom.properties the truth lists but did not pick become embedded packages.
      const embedded = found.filter((x) => x.metadata?.embedded && x.locations[0] === r.path).length;
      const expectedEmbedded = new Set(r.pom_properties.filter((x) => x.entry !== p?.metadata?.pomProperties).map((x) => x.entry)).size;
      expect(embedded, r.path).toBeLessThanOrEqual(expectedEmbedded);
    }
  });
});
