import { describe, expect, it } from 'vitest';
import { sampleScanResult } from '../report/vuln/__fixtures__/scan-result.js';
import { imageMatches, parsePurl, purlMatches } from './match.js';

describe('parsePurl()', () => {
  it('splits namespace, name, version and qualifiers, decoding them', () => {
    expect(parsePurl('pkg:npm/%40babel/core@7.0.0')).toEqual({ type: 'npm', namespace: '@babel', name: 'core', version: '7.0.0', qualifiers: {} });
    expect(parsePurl('pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12#sub')).toEqual({
      type: 'deb', namespace: 'debian', name: 'zlib1g', version: '1:1.2.13.dfsg-1', qualifiers: { arch: 'amd64', distro: 'debian-12' },
    });
    expect(parsePurl('openssl')).toBeUndefined();
    expect(parsePurl('pkg:npm')).toBeUndefined();
  });
});

describe('purlMatches()', () => {
  it.each`
    pattern                                                    | candidate                                                             | ok
    ${'pkg:deb/debian/libssl3'}                                | ${'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64'}               | ${true}
    ${'pkg:deb/debian/libssl3@3.0.11-1~deb12u2'}               | ${'pkg:deb/debian/libssl3@3.0.11-1%7Edeb12u2?arch=amd64'}             | ${true}
    ${'pkg:deb/debian/libssl3@3.0.11-1~deb12u1'}               | ${'pkg:deb/debian/libssl3@3.0.11-1~deb12u2'}                          | ${false}
    ${'pkg:deb/debian/libssl3?arch=arm64'}                     | ${'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64'}               | ${false}
    ${'pkg:npm/lodash'}                                        | ${'pkg:npm/lodash@4.17.20'}                                           | ${true}
    ${'pkg:npm/lodash'}                                        | ${'pkg:npm/lodash-es@4.17.20'}                                        | ${false}
    ${'pkg:pypi/Django_Rest'}                                  | ${'pkg:pypi/django-rest@1.0'}                                         | ${true}
    ${'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'}  | ${'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'}             | ${true}
    ${'pkg:maven/org.apache.logging.log4j/log4j-core'}         | ${'pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1'}              | ${false}
    ${'pkg:npm/lodash'}                                        | ${'pkg:gem/lodash@1'}                                                 | ${false}
  `('$pattern vs $candidate → $ok', ({ pattern, candidate, ok }) => {
    expect(purlMatches(pattern, candidate)).toBe(ok);
  });
});

describe('imageMatches()', () => {
  const image = sampleScanResult().inventory.image;
  const digest = image.manifestDigest!;
  it.each`
    product                                                                                          | ok
    ${`pkg:oci/app@${digest.replace(':', '%3A')}`}                                                   | ${true}
    ${`pkg:oci/app@sha256%3A${'0'.repeat(64)}`}                                                      | ${false}
    ${'pkg:oci/app?repository_url=registry.example.com/team/app'}                                    | ${true}
    ${'pkg:oci/app?repository_url=registry.example.com/other/app'}                                   | ${false}
    ${'pkg:oci/other'}                                                                               | ${false}
    ${'pkg:docker/team/app@1.4.2'}                                                                   | ${true}
    ${'pkg:docker/team/app@1.4.1'}                                                                   | ${false}
    ${'registry.example.com/team/app:1.4.2'}                                                         | ${true}
    ${`registry.example.com/team/app@${digest}`}                                                     | ${true}
    ${digest}                                                                                        | ${true}
    ${'registry.example.com/team/app:latest'}                                                        | ${false}
  `('$product → $ok', ({ product, ok }) => {
    expect(imageMatches(product, image)).toBe(ok);
  });
});
