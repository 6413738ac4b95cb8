/**
 * One component → one package. The Syft-style inputs are written by hand after Syft's conventions (purl
 * `upstream` qualifier, `syft:metadata:*` properties), since ../shared holds no Syft image SBOM.
 */
import { describe, expect, it } from 'vitest';
import { parseDistroQualifier, parseSourceRpm, parseUpstream, splitRpmEvr } from './purl-types.js';
import { componentToPackage, ownerRefFromPurl } from './to-package.js';
import type { ComponentFacts } from './to-package.js';

function facts(purl: string, version?: string, properties: [string, string][] = [], name?: string): ComponentFacts {
  return { where: 'components[0]', purl, properties, licenses: [], ...(version ? { version } : {}), ...(name ? { name } : {}) };
}

function toPackage(f: ComponentFacts) {
  const r = componentToPackage(f, () => undefined);
  if (r.kind !== 'package') throw new Error(`not a package: ${JSON.stringify(r)}`);
  return r.package;
}

describe('componentToPackage() types and names', () => {
  it.each`
    purl                                                  | type          | name
    ${'pkg:deb/debian/curl@7.88.1-10'}                    | ${'dpkg'}     | ${'curl'}
    ${'pkg:apk/alpine/musl@1.2.4-r2'}                     | ${'apk'}      | ${'musl'}
    ${'pkg:rpm/redhat/bash@5.1.8-6.el9'}                  | ${'rpm'}      | ${'bash'}
    ${'pkg:npm/%40babel/core@7.24.0'}                     | ${'npm'}      | ${'@babel/core'}
    ${'pkg:pypi/requests@2.31.0'}                         | ${'python'}   | ${'requests'}
    ${'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'} | ${'java'} | ${'org.apache.logging.log4j:log4j-core'}
    ${'pkg:golang/github.com/spf13/cobra@v1.8.0'}         | ${'go'}       | ${'github.com/spf13/cobra'}
    ${'pkg:golang/stdlib@1.21.5'}                         | ${'go'}       | ${'stdlib'}
    ${'pkg:gem/rails@7.1.0'}                              | ${'gem'}      | ${'rails'}
    ${'pkg:cargo/serde@1.0.190'}                          | ${'cargo'}    | ${'serde'}
    ${'pkg:composer/symfony/http-kernel@6.3.0'}           | ${'composer'} | ${'symfony/http-kernel'}
    ${'pkg:nuget/Newtonsoft.Json@13.0.1'}                 | ${'nuget'}    | ${'Newtonsoft.Json'}
  `('$purl → $type $name', ({ purl, type, name }: { purl: string; type: string; name: string }) => {
    expect(toPackage(facts(purl))).toMatchObject({ type, name, purl });
  });

  it('keeps a Python project\'s own spelling when it is the purl\'s normalised name', () => {
    expect(toPackage(facts('pkg:pypi/pyyaml@6.0', '6.0', [], 'PyYAML')).name).toBe('PyYAML');
    expect(toPackage(facts('pkg:pypi/pyyaml@6.0', '6.0', [], 'something-else')).name).toBe('pyyaml');
  });

  it('returns an unsupported-type result for purl types Drydock does not match', () => {
    expect(componentToPackage(facts('pkg:conda/openssl@1.1.1q', '1.1.1q', [], 'openssl'), () => undefined)).toEqual({
      kind: 'unsupported-type',
      purlType: 'conda',
      label: 'openssl@1.1.1q',
    });
  });
});

describe('componentToPackage() source packages (Syft conventions)', () => {
  it.each`
    purl                                                                              | props                                                                         | source
    ${'pkg:deb/debian/libc6@2.36-9?arch=amd64&upstream=glibc&distro=debian-12'}       | ${[]}                                                                         | ${{ name: 'glibc', version: '2.36-9' }}
    ${'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl%403.0.11-1~deb12u1'}  | ${[]}                                                                         | ${{ name: 'openssl', version: '3.0.11-1~deb12u1' }}
    ${'pkg:apk/alpine/libcrypto3@3.1.4-r0?upstream=openssl&distro=alpine-3.18.4'}     | ${[]}                                                                         | ${{ name: 'openssl', version: '3.1.4-r0' }}
    ${'pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?epoch=1&upstream=openssl-3.0.7-27.el9.src.rpm'} | ${[]}                                                               | ${{ name: 'openssl', version: '3.0.7-27.el9' }}
    ${'pkg:deb/debian/bsdutils@1:2.38.1-5'}                                           | ${[['syft:metadata:source', 'util-linux'], ['syft:metadata:sourceVersion', '2.38.1-5+b1']]} | ${{ name: 'util-linux', version: '2.38.1-5+b1' }}
    ${'pkg:apk/alpine/ssl_client@1.36.1-r5'}                                          | ${[['syft:metadata:originPackage', 'busybox']]}                               | ${{ name: 'busybox', version: '1.36.1-r5' }}
    ${'pkg:rpm/redhat/bash@5.1.8-6.el9'}                                              | ${[['syft:metadata:sourceRpm', 'bash-5.1.8-6.el9.src.rpm']]}                  | ${{ name: 'bash', version: '5.1.8-6.el9' }}
    ${'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1'}                                        | ${[['aquasecurity:trivy:SrcName', 'zlib'], ['aquasecurity:trivy:SrcVersion', '1.2.13.dfsg'], ['aquasecurity:trivy:SrcRelease', '1'], ['aquasecurity:trivy:SrcEpoch', '1']]} | ${{ name: 'zlib', version: '1:1.2.13.dfsg-1' }}
  `('$purl → source $source.name $source.version', ({ purl, props, source }: { purl: string; props: [string, string][]; source: object }) => {
    expect(toPackage(facts(purl, undefined, props)).source).toEqual(source);
  });

  it('Drydock\'s own source properties win over the purl qualifier', () => {
    const p = toPackage(facts('pkg:deb/debian/x@1?upstream=y', '1', [['drydock:source:name', 'z'], ['drydock:source:version', '0.9']]));
    expect(p.source).toEqual({ name: 'z', version: '0.9' });
  });

  it('gives language packages no source even when a property names one', () => {
    expect(toPackage(facts('pkg:npm/a@1', '1', [['syft:metadata:source', 'b']])).source).toBeUndefined();
  });
});

describe('componentToPackage() versions, layers and owners', () => {
  it('splits an rpm purl EVR with the epoch in the version', () => {
    expect(toPackage(facts('pkg:rpm/fedora/curl@2:8.0.1-1.fc38?arch=x86_64'))).toMatchObject({ version: '8.0.1', epoch: 2, release: '1.fc38', arch: 'x86_64' });
  });

  it('keeps the component version of a Go toolchain over the purl\'s', () => {
    expect(toPackage(facts('pkg:golang/stdlib@1.21.5', 'go1.21.5')).version).toBe('go1.21.5');
  });

  it('finds the layer index from the image layer list when only the diffID is given', () => {
    const r = componentToPackage(facts('pkg:npm/a@1', '1', [['syft:location:0:layerID', 'sha256:bb']]), (d) => (d === 'sha256:bb' ? 3 : undefined));
    expect(r.kind === 'package' && r.package.layer).toEqual({ index: 3, diffId: 'sha256:bb' });
  });

  it('reads the drydock:ownedBy purl as an owner reference, with a Trivy-style epoch qualifier', () => {
    expect(ownerRefFromPurl('pkg:deb/debian/python3-yaml@6.0-3+b2?arch=amd64')).toEqual({ type: 'dpkg', name: 'python3-yaml', version: '6.0-3+b2' });
    expect(ownerRefFromPurl('pkg:deb/debian/bsdutils@2.38.1-5?epoch=1')).toEqual({ type: 'dpkg', name: 'bsdutils', version: '1:2.38.1-5' });
    expect(ownerRefFromPurl('pkg:conda/x@1')).toBeUndefined();
    expect(ownerRefFromPurl('not a purl')).toBeUndefined();
  });
});

describe('purl helpers', () => {
  it.each`
    evr                 | expected
    ${'1:3.0.7-27.el9'} | ${{ epoch: 1, version: '3.0.7', release: '27.el9' }}
    ${'3.0.7-27.el9'}   | ${{ version: '3.0.7', release: '27.el9' }}
    ${'3.0.7'}          | ${{ version: '3.0.7' }}
    ${'x:1-2'}          | ${{ version: 'x:1', release: '2' }}
  `('splitRpmEvr($evr)', ({ evr, expected }: { evr: string; expected: object }) => {
    expect(splitRpmEvr(evr)).toEqual(expected);
  });

  it('parseUpstream() and parseSourceRpm() read the forms Syft writes', () => {
    expect(parseUpstream('curl', 'dpkg')).toEqual({ name: 'curl' });
    expect(parseUpstream('openssl@3.0.11-1', 'dpkg')).toEqual({ name: 'openssl', version: '3.0.11-1' });
    expect(parseUpstream('', 'apk')).toBeUndefined();
    expect(parseSourceRpm('python3.11-3.11.5-1.el9_3.src.rpm')).toEqual({ name: 'python3.11', version: '3.11.5-1.el9_3' });
  });

  it.each`
    distro                  | namespace   | expected
    ${'debian-12'}          | ${'debian'} | ${{ family: 'debian', version: '12' }}
    ${'debian-12.15'}       | ${'debian'} | ${{ family: 'debian', version: '12' }}
    ${'alpine-3.17.10'}     | ${'alpine'} | ${{ family: 'alpine', version: '3.17.10' }}
    ${'3.17.10'}            | ${'alpine'} | ${{ family: 'alpine', version: '3.17.10' }}
    ${'redhat-9.3'}         | ${'redhat'} | ${{ family: 'rhel', version: '9.3' }}
    ${'ubuntu-22.04.2'}     | ${'ubuntu'} | ${{ family: 'ubuntu', version: '22.04' }}
    ${'centos-7.6.1810'}    | ${'centos'} | ${{ family: 'centos', version: '7.6.1810' }}
  `('parseDistroQualifier($distro)', ({ distro, namespace, expected }: { distro: string; namespace: string; expected: object }) => {
    expect(parseDistroQualifier(distro, namespace)).toEqual(expected);
  });
});
