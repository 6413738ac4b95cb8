/**
 * Other tools' SBOMs: Trivy's integration fixtures and goldens (../shared/peer/5-detection/trivy/integration,
 * aquasecurity/trivy dc3c56e), Syft's cataloger test data (../shared/peer/4-pkgdb/syft, anchore/syft bf82010), and
 * the fixtures in __fixtures__ (see its README: Trivy v0.44.1 on the shared images, Syft's encoder snapshots).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Inventory, Package } from '../model/index.js';
import { parseSbom } from './index.js';

const FIXTURES = join(import.meta.dirname, '__fixtures__');
const TRIVY = join(import.meta.dirname, '../../../shared/peer/5-detection/trivy/integration/testdata');
const SYFT = join(import.meta.dirname, '../../../shared/peer/4-pkgdb/syft/syft/pkg/cataloger');

function read(path: string): ReturnType<typeof parseSbom> {
  return parseSbom(readFileSync(path, 'utf8'), path);
}

function countByType(inv: Inventory): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of inv.packages) out[p.type] = (out[p.type] ?? 0) + 1;
  return out;
}

function pkg(inv: Inventory, name: string): Package {
  const p = inv.packages.find((q) => q.name === name);
  if (!p) throw new Error(`no package ${name}`);
  return p;
}

describe('Trivy v0.44.1 on the shared debian-min image', () => {
  const cdx = read(join(FIXTURES, 'trivy-debian-min.cyclonedx.json'));
  const spdx = read(join(FIXTURES, 'trivy-debian-min.spdx-json.json'));

  it('CycloneDX: 124 dpkg packages, Debian 12, nothing left out', () => {
    expect(countByType(cdx.inventory)).toEqual({ dpkg: 124 });
    expect(cdx.inventory.os).toMatchObject({ family: 'debian', version: '12' });
    expect(cdx.issues).toEqual([]);
  });

  it('CycloneDX: source package from aquasecurity:trivy:SrcName/SrcVersion/SrcRelease', () => {
    expect(pkg(cdx.inventory, 'libc6').source).toEqual({ name: 'glibc', version: '2.36-9+deb12u14' });
    expect(pkg(cdx.inventory, 'libssl3').source).toEqual({ name: 'openssl', version: '3.0.20-1~deb12u2' });
  });

  it('CycloneDX: a dpkg epoch from the purl qualifier goes back into the version', () => {
    expect(pkg(cdx.inventory, 'bsdutils')).toMatchObject({ version: '1:2.38.1-5+deb12u3', source: { name: 'util-linux', version: '2.38.1-5+deb12u3' } });
  });

  it('CycloneDX: layer diffID and no guessed index (Trivy sorts its DiffID list)', () => {
    expect(pkg(cdx.inventory, 'libssl3').layer).toEqual({ index: -1, diffId: 'sha256:6509d5543a7b145316ba6b4367c2c78fca3614f6f7dc70507deda793d6438ea0' });
    expect(cdx.inventory.image.configDigest).toBe('sha256:6cf3fe81bffc350946b4b5bf3e2879f5e397f8b5de3caeff281eef5616b847de');
  });

  it('SPDX: the same packages, versions and source packages as the CycloneDX output', () => {
    const line = (p: Package): string => `${p.name} ${p.version} ${p.arch} ${p.source?.name} ${p.source?.version} ${p.layer?.diffId}`;
    expect(spdx.inventory.packages.map(line).sort()).toEqual(cdx.inventory.packages.map(line).sort());
    expect(spdx.inventory.os).toMatchObject({ family: 'debian', version: '12' });
    expect(spdx.issues).toEqual([]);
  });
});

describe('Trivy v0.44.1 on the shared alpine-min image', () => {
  for (const file of ['trivy-alpine-min.cyclonedx.json', 'trivy-alpine-min.spdx-json.json']) {
    it(`${file}: 15 apk packages, Alpine 3.17.10, origin as source`, () => {
      const { inventory, issues } = read(join(FIXTURES, file));
      expect(countByType(inventory)).toEqual({ apk: 15 });
      expect(inventory.os).toMatchObject({ family: 'alpine', version: '3.17.10' });
      expect(pkg(inventory, 'libcrypto3').source).toEqual({ name: 'openssl', version: '3.0.15-r0' });
      expect(pkg(inventory, 'ssl_client').source?.name).toBe('busybox');
      expect(pkg(inventory, 'musl').arch).toBe('x86_64');
      expect(issues).toEqual([]);
    });
  }
});

describe.runIf(existsSync(TRIVY))('Trivy integration fixtures (../shared/peer)', () => {
  it('centos-7 CycloneDX: rpm epoch from the qualifier, release from the purl version, SrcName as source', () => {
    const { inventory } = read(join(TRIVY, 'fixtures/sbom/centos-7-cyclonedx.json'));
    expect(inventory.os).toMatchObject({ family: 'centos', version: '7.6.1810' });
    expect(pkg(inventory, 'openssl-libs')).toMatchObject({
      type: 'rpm',
      version: '1.0.2k',
      epoch: 1,
      release: '16.el7',
      arch: 'x86_64',
      source: { name: 'openssl', version: '1.0.2k-16.el7' },
      layer: { diffId: 'sha256:89169d87dbe2b72ba42bfbb3579c957322baca28e03a1e558076542a1c1b2b4a', digest: 'sha256:ac9208207adaac3a48e54a4dc6b49c69e78c3072d2b3add7efdabf814db2133b' },
    });
    expect(inventory.image.repoTags).toEqual(['ghcr.io/aquasecurity/trivy-test-images:centos-7']);
  });

  it('centos-7 SPDX 2.2: the EVR comes from the purl, not the versionInfo (which drops the release)', () => {
    const { inventory } = read(join(TRIVY, 'fixtures/sbom/centos-7-spdx.json'));
    expect(pkg(inventory, 'bash')).toMatchObject({ version: '4.2.46', release: '31.el7', source: { name: 'bash', version: '4.2.46-31.el7' } });
    expect(pkg(inventory, 'openssl-libs')).toMatchObject({ version: '1.0.2k', epoch: 1, release: '16.el7' });
    expect(inventory.os).toMatchObject({ family: 'centos', version: '7.6.1810' });
  });

  it('centos-7 CycloneDX in a DSSE in-toto envelope reads like the bare document', () => {
    const wrapped = read(join(TRIVY, 'fixtures/sbom/centos-7-cyclonedx.intoto.jsonl'));
    expect(wrapped.inventory.packages.map((p) => `${p.name}@${p.version}-${p.release}`).sort()).toEqual(['bash@4.2.46-31.el7', 'openssl-libs@1.0.2k-16.el7']);
  });

  it('fluentd image golden (CycloneDX 1.7): 105 dpkg and 55 gem packages on Debian 10, gem locations', () => {
    const { inventory, issues } = read(join(TRIVY, 'fluentd-multiple-lockfiles.cdx.json.golden'));
    expect(countByType(inventory)).toEqual({ dpkg: 105, gem: 55 });
    expect(inventory.os).toMatchObject({ family: 'debian', version: '10' });
    expect(pkg(inventory, 'zeitwerk').locations).toEqual(['/var/lib/gems/2.5.0/specifications/zeitwerk-2.3.0.gemspec']);
    expect(issues).toEqual([]);
  });

  it('pom golden: Maven names are groupId:artifactId; the pom.xml application component is reported', () => {
    const { inventory, issues } = read(join(TRIVY, 'pom-cyclonedx.json.golden'));
    expect(pkg(inventory, 'com.fasterxml.jackson.core:jackson-databind')).toMatchObject({
      type: 'java',
      version: '2.9.1',
      metadata: { groupId: 'com.fasterxml.jackson.core', artifactId: 'jackson-databind' },
    });
    expect(issues.map((i) => i.code)).toEqual(['SBOM_COMPONENT_WITHOUT_PURL']);
    expect(issues[0]?.message).toContain('pom.xml');
  });

  it('npm golden: 12 npm packages', () => {
    expect(countByType(read(join(TRIVY, 'npm-cyclonedx.json.golden')).inventory)).toEqual({ npm: 12 });
  });

  it('conda SPDX golden: conda is no Drydock ecosystem, so both packages are listed in one issue', () => {
    const { inventory, issues } = read(join(TRIVY, 'conda-spdx.json.golden'));
    expect(inventory.packages).toEqual([]);
    const unsupported = issues.find((i) => i.code === 'SBOM_UNSUPPORTED_PURL_TYPE');
    expect(unsupported?.message).toMatch(/2 component\(s\) with purl type "conda".*openssl@1\.1\.1q, pip@22\.2\.2/);
  });

  it('Kubernetes KBOM: the first operating system is used and the k8s/oci components are listed', () => {
    const { inventory, issues } = read(join(TRIVY, 'fixtures/sbom/minikube-kbom.json'));
    expect(inventory.os).toMatchObject({ family: 'ubuntu', version: '22.04' });
    expect(issues.filter((i) => i.code === 'SBOM_UNSUPPORTED_PURL_TYPE').map((i) => /purl type "(\w+)"/.exec(i.message)?.[1])).toEqual(['k8s', 'oci']);
  });
});

describe('Syft encoder snapshots (anchore/syft 16433d6)', () => {
  it('CycloneDX: syft:location paths and layer, syft:distro OS, an unparsable purl reported', () => {
    const { inventory, issues } = read(join(FIXTURES, 'syft-image.cdx.json'));
    expect(inventory.packages).toHaveLength(1);
    expect(pkg(inventory, 'package-2')).toMatchObject({ type: 'dpkg', version: '2.0.1', locations: ['/somefile-2.txt'], layer: { index: -1, diffId: 'sha256:redacted' } });
    expect(inventory.os).toMatchObject({ family: 'debian', version: '1', prettyName: 'debian' });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['SBOM_BAD_PURL', 'components[0]'],
      ['SBOM_NO_TIMESTAMP', undefined],
    ]);
  });

  it('SPDX: the image digest and registry kind from the pkg:oci root, paths from sourceInfo', () => {
    const { inventory } = read(join(FIXTURES, 'syft-image.spdx.json'));
    expect(inventory.image).toMatchObject({
      reference: 'user-image-input',
      sourceKind: 'registry',
      manifestDigest: 'sha256:2731251dc34951c0e50fcc643b4c5f74922dad1a5d98f302b504cf46cd5d9368',
    });
    expect(pkg(inventory, 'package-2').locations).toEqual(['/somefile-2.txt']);
  });
});

describe.runIf(existsSync(SYFT))('Syft cataloger test data (../shared/peer)', () => {
  it('GraalVM native-image CycloneDX: the described Maven application and its libraries', () => {
    const { inventory, issues } = read(join(SYFT, 'java/testdata/graalvm-sbom/micronaut.json'));
    expect(inventory.packages.map((p) => p.name).sort()).toEqual(['com.oracle:main-test-app', 'io.micronaut:core', 'io.netty:netty-codec-http2']);
    // The component version wins over the purl's: that is what the SBOM's author recorded as installed.
    expect(pkg(inventory, 'io.netty:netty-codec-http2').version).toBe('4.1.73.Final');
    expect(issues.some((i) => i.code === 'SBOM_COMPONENT_WITHOUT_PURL' && i.message.includes('basic-lib'))).toBe(true);
  });

  it('Bitnami SPDX: pkg:bitnami components are listed as unsupported, Maven ones imported', () => {
    const { inventory, issues } = read(join(SYFT, 'bitnami/testdata/json/opt/bitnami/postgresql/.spdx-postgresql.spdx'));
    expect(countByType(inventory)).toEqual({ java: 3 });
    expect(issues.find((i) => i.code === 'SBOM_UNSUPPORTED_PURL_TYPE')?.message).toMatch(/^16 component\(s\) with purl type "bitnami"/);
  });

  it('SPDX tag-value gets a clear UNSUPPORTED_SBOM_FORMAT', () => {
    const path = join(SYFT, 'bitnami/testdata/tag-value/opt/bitnami/redis/.spdx-apache.spdx');
    expect(() => read(path)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_SBOM_FORMAT', message: expect.stringContaining(path) }));
  });
});
