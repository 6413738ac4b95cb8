/**
 * A small, realistic inventory for the report tests: one package of each kind the formats must map with care
 * (dpkg with an epoch, apk, rpm with epoch and release, scoped npm, Maven with a groupId, the Go stdlib, a Python
 * package owned by a dpkg package, free-text and compound licences, one purl at two locations, names with
 * characters an SPDX id cannot hold). Digests are made up; the package facts are as the native tools print them.
 */
import type { Inventory, LayerRef, Package } from '../../model/index.js';

const hex = (c: string): string => `sha256:${c.repeat(64)}`;

export const LAYERS: LayerRef[] = [
  { index: 0, diffId: hex('a'), digest: hex('1'), createdBy: '/bin/sh -c #(nop) ADD file:6b1d1c4a0d9b7f0e2c5b8e3d9a1f4c7b0e2d5a8c in / ' },
  {
    index: 1,
    diffId: hex('b'),
    digest: hex('2'),
    createdBy:
      'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends python3-yaml ca-certificates && rm -rf /var/lib/apt/lists/* # buildkit',
  },
  { index: 2, diffId: hex('c'), createdBy: 'COPY app /app # buildkit' },
];

const [L0, L1, L2] = LAYERS as [LayerRef, LayerRef, LayerRef];

export function makePackages(): Package[] {
  return [
    {
      type: 'npm',
      name: 'lodash',
      version: '4.17.21',
      purl: 'pkg:npm/lodash@4.17.21',
      licenses: ['MIT'],
      locations: ['/srv/tools/node_modules/lodash/package.json'],
      layer: L2,
      metadata: { source: 'installed' },
    },
    {
      type: 'dpkg',
      name: 'libc6',
      version: '2.36-9+deb12u8',
      arch: 'amd64',
      source: { name: 'glibc', version: '2.36-9+deb12u8' },
      purl: 'pkg:deb/debian/libc6@2.36-9+deb12u8?arch=amd64&distro=debian-12',
      licenses: ['LGPL-2.1+', 'GPL-2'],
      locations: ['/var/lib/dpkg/status'],
      files: ['/lib/x86_64-linux-gnu/libc.so.6'],
      layer: L0,
      metadata: { maintainer: 'GNU Libc Maintainers <debian-glibc@lists.debian.org>', installedSize: 12986, status: 'install ok installed' },
    },
    {
      type: 'dpkg',
      name: 'bsdutils',
      version: '1:2.38.1-5+deb12u1',
      arch: 'amd64',
      source: { name: 'util-linux', version: '2.38.1-5+deb12u1' },
      purl: 'pkg:deb/debian/bsdutils@1:2.38.1-5+deb12u1?arch=amd64&distro=debian-12',
      licenses: ['GPL-2+', 'BSD-4-clause', 'public-domain'],
      locations: ['/var/lib/dpkg/status'],
      layer: L0,
      metadata: { maintainer: 'util-linux packagers <util-linux@packages.debian.org>' },
    },
    {
      type: 'dpkg',
      name: 'python3-yaml',
      version: '6.0-3+b2',
      arch: 'amd64',
      source: { name: 'pyyaml', version: '6.0-3' },
      purl: 'pkg:deb/debian/python3-yaml@6.0-3+b2?arch=amd64&distro=debian-12',
      licenses: ['MIT'],
      locations: ['/var/lib/dpkg/status'],
      files: ['/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA'],
      layer: L1,
    },
    {
      type: 'python',
      name: 'PyYAML',
      version: '6.0',
      purl: 'pkg:pypi/pyyaml@6.0',
      licenses: ['MIT License'],
      locations: ['/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA'],
      layer: L1,
      ownedBy: { type: 'dpkg', name: 'python3-yaml', version: '6.0-3+b2' },
      metadata: { author: 'Kirill Simonov <xi@resolvent.net>' },
    },
    {
      type: 'apk',
      name: 'musl',
      version: '1.2.4-r2',
      arch: 'x86_64',
      source: { name: 'musl' },
      purl: 'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.4',
      licenses: ['MIT'],
      locations: ['/lib/apk/db/installed'],
      layer: L0,
    },
    {
      type: 'rpm',
      name: 'openssl-libs',
      version: '3.0.7',
      release: '27.el9',
      epoch: 1,
      arch: 'x86_64',
      source: { name: 'openssl', version: '3.0.7-27.el9' },
      purl: 'pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.3&epoch=1',
      licenses: ['ASL 2.0'],
      locations: ['/var/lib/rpm/rpmdb.sqlite'],
      layer: L0,
      metadata: { vendor: 'Red Hat, Inc.', modularityLabel: '' },
    },
    {
      type: 'npm',
      name: '@babel/core',
      version: '7.24.0',
      purl: 'pkg:npm/%40babel/core@7.24.0',
      licenses: ['mit'],
      locations: ['/app/node_modules/@babel/core/package.json'],
      layer: L2,
    },
    {
      type: 'npm',
      name: 'lodash',
      version: '4.17.21',
      purl: 'pkg:npm/lodash@4.17.21',
      licenses: ['MIT'],
      locations: ['/app/node_modules/lodash/package.json'],
      layer: L2,
    },
    {
      type: 'npm',
      name: 'dual_licensed+pkg',
      version: '1.0.0-rc.1+build.5',
      purl: 'pkg:npm/dual_licensed%2Bpkg@1.0.0-rc.1+build.5',
      licenses: ['(mit or Apache-2.0)', 'ISC'],
      locations: ['/app/node_modules/dual_licensed+pkg/package.json'],
      layer: L2,
    },
    {
      type: 'java',
      name: 'commons-lang3',
      version: '3.12.0',
      purl: 'pkg:maven/org.apache.commons/commons-lang3@3.12.0',
      licenses: ['Apache License, Version 2.0'],
      locations: ['/app/app.jar!/BOOT-INF/lib/commons-lang3-3.12.0.jar'],
      layer: L2,
      metadata: { groupId: 'org.apache.commons', artifactId: 'commons-lang3', manifest: { 'Bundle-Name': 'Apache Commons Lang' } },
    },
    {
      type: 'java',
      name: 'ecj',
      version: '3.26.0',
      purl: 'pkg:maven/org.eclipse.jdt/ecj@3.26.0',
      licenses: ['GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-EPL-Extra'],
      locations: ['/app/lib/ecj.jar'],
      layer: L2,
    },
    {
      type: 'go',
      name: 'stdlib',
      version: 'go1.21.5',
      purl: 'pkg:golang/stdlib@1.21.5',
      licenses: ['BSD-3-Clause'],
      locations: ['/usr/local/bin/server'],
      layer: L2,
    },
    {
      type: 'go',
      name: 'github.com/spf13/cobra',
      version: 'v1.8.0',
      purl: 'pkg:golang/github.com/spf13/cobra@v1.8.0',
      locations: ['/usr/local/bin/server'],
      layer: L2,
    },
    {
      type: 'gem',
      name: 'naïve_gem',
      version: '0.1',
      purl: 'pkg:gem/na%C3%AFve_gem@0.1',
      licenses: ['Ruby License (custom) / see COPYING'],
      locations: ['/usr/lib/ruby/gems/3.1.0/specifications/naïve_gem-0.1.gemspec'],
    },
  ];
}

/** The test inventory (a fresh copy on every call). */
export function makeInventory(): Inventory {
  return {
    schema: 'drydock-inventory/1',
    tool: { name: 'drydock', version: '0.1.0' },
    createdAt: '2024-05-01T12:34:56.789Z',
    image: {
      reference: 'docker.io/library/example:1.0',
      sourceKind: 'registry',
      manifestDigest: hex('d'),
      configDigest: hex('e'),
      repoTags: ['example:1.0'],
      platform: 'linux/amd64',
      layers: LAYERS.map((l, i) => ({ ...l, size: 1000 * (i + 1), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' })),
      config: {
        user: 'app',
        env: ['PATH=/usr/local/bin:/usr/bin'],
        cmd: ['/usr/local/bin/server'],
        labels: { 'org.opencontainers.image.source': 'https://example.invalid/repo', a: 'b' },
        history: LAYERS.map((l) => ({ createdBy: l.createdBy })),
      },
    },
    os: { family: 'debian', version: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)', source: '/etc/os-release' },
    packages: makePackages(),
    issues: [
      { code: 'JAVA_BAD_MANIFEST', message: 'unreadable MANIFEST.MF', path: '/app/lib/broken.jar', layer: 2 },
      { code: 'DPKG_BAD_VERSION', message: 'record 12: missing or invalid Version ""; record skipped', path: '/var/lib/dpkg/status', layer: 0 },
    ],
  };
}
