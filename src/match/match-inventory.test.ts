import { describe, expect, it } from 'vitest';
import { advisory, fixedIn, inventory, pkg, unfixed } from './__fixtures__/builders.js';
import { matchInventory } from './match-inventory.js';
import { createMemoryLookup } from './memory-lookup.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const bookworm = { family: 'debian', version: '12', codename: 'bookworm', source: '/etc/os-release' };
const openssl = pkg({ type: 'dpkg', name: 'libssl3', version: '3.0.11-1~deb12u1', source: { name: 'openssl', version: '3.0.11-1~deb12u1' } });

describe('matchInventory() for Debian', () => {
  const lookup = createMemoryLookup({
    advisories: [
      advisory('DEBIAN-CVE-2024-0001', [fixedIn('Debian:12', 'openssl', '3.0.13-1~deb12u1')]),
      advisory('DEBIAN-CVE-2024-0002', [fixedIn('Debian:12', 'openssl', '3.0.10-1')]),
      advisory('DEBIAN-CVE-2024-0003', [unfixed('Debian:12', 'openssl')]),
      advisory('DEBIAN-CVE-2024-0004', [unfixed('Debian:12', 'openssl', { status: 'no_dsa', severity: 'LOW' })]),
      advisory('DEBIAN-CVE-2024-0005', [unfixed('Debian:12', 'openssl', { status: 'not_affected' })]),
      advisory('DEBIAN-CVE-2024-0006', [fixedIn('Debian:13', 'openssl', '9.9.9-1')]),
      advisory('DEBIAN-CVE-2024-0007', [unfixed('Debian:12', 'libssl3')]),
      advisory('DEBIAN-CVE-2024-0008', [unfixed('Debian:12', 'openssl', { status: 'wont_fix' })]),
    ],
  });
  const r = matchInventory(inventory([openssl], bookworm), lookup, { now: NOW });
  const byId = new Map(r.findings.map((f) => [f.id, f]));

  it.each`
    id                  | status       | fixedVersion
    ${'CVE-2024-0001'}  | ${'fixed'}   | ${'3.0.13-1~deb12u1'}
    ${'CVE-2024-0003'}  | ${'affected'} | ${undefined}
    ${'CVE-2024-0004'}  | ${'no_dsa'}  | ${undefined}
    ${'CVE-2024-0008'}  | ${'wont_fix'} | ${undefined}
  `('reports $id as $status', ({ id, status, fixedVersion }: { id: string; status: string; fixedVersion?: string }) => {
    const f = byId.get(id);
    expect(f?.status).toBe(status);
    expect(f?.fixedVersion).toBe(fixedVersion);
    expect(f?.aliases).toContain(`DEBIAN-${id}`);
    expect(f?.package).toMatchObject({ name: 'libssl3', sourceName: 'openssl', sourceVersion: '3.0.11-1~deb12u1' });
  });

  it('does not report fixed-before, not_affected, other releases or binary-name records', () => {
    expect([...byId.keys()].sort()).toEqual(['CVE-2024-0001', 'CVE-2024-0003', 'CVE-2024-0004', 'CVE-2024-0008']);
  });

  it('evaluates a source once for all the binary packages built from it, each still getting its findings', () => {
    const libcrypto = pkg({ type: 'dpkg', name: 'openssl-provider-legacy', version: '3.0.11-1~deb12u1', source: { name: 'openssl', version: '3.0.11-1~deb12u1' } });
    let queries = 0;
    const counted = { ...lookup, byPackage: (q: Parameters<typeof lookup.byPackage>[0]) => { queries++; return lookup.byPackage(q); } };
    const r2 = matchInventory(inventory([openssl, libcrypto], bookworm), counted, { now: NOW });
    expect(queries).toBe(1);
    expect(r2.findings.filter((f) => f.package.name === 'libssl3').map((f) => f.id).sort()).toEqual([...byId.keys()].sort());
    expect(r2.findings.filter((f) => f.package.name === 'openssl-provider-legacy').map((f) => f.id).sort()).toEqual([...byId.keys()].sort());
  });

  it('uses the vendor severity from the affected entry', () => {
    expect(byId.get('CVE-2024-0004')).toMatchObject({ severity: 'LOW', severitySource: 'debian' });
  });

  it('finds the release from the codename when VERSION_ID is missing', () => {
    const r2 = matchInventory(inventory([openssl], { family: 'debian', codename: 'bookworm', source: 'x' }), lookup, { now: NOW });
    expect(r2.findings).toHaveLength(4);
  });

  it('uses the binary version when there is no source version (dpkg does)', () => {
    const bin = pkg({ type: 'dpkg', name: 'openssl', version: '3.0.14-1~deb12u1' });
    const r2 = matchInventory(inventory([bin], bookworm), lookup, { now: NOW });
    expect(r2.findings.map((f) => f.id).sort()).toEqual(['CVE-2024-0003', 'CVE-2024-0004', 'CVE-2024-0008']);
  });

  it('reports rpm packages in a Debian image as not scanned', () => {
    const rpm = pkg({ type: 'rpm', name: 'openssl', version: '1.0', release: '1' });
    const r2 = matchInventory(inventory([openssl, rpm], bookworm), lookup, { now: NOW });
    expect(r2.notScanned).toEqual([expect.objectContaining({ reason: 'FOREIGN_PACKAGE_MANAGER', package: expect.objectContaining({ type: 'rpm' }) })]);
  });

  it('warns for an end-of-life release and for a release the database does not know', () => {
    const r2 = matchInventory(inventory([openssl], { family: 'debian', version: '9', source: 'x' }), lookup, { now: NOW });
    expect(r2.warnings.some((w) => w.includes('end-of-life'))).toBe(true);
    expect(r2.warnings.some((w) => w.includes('no data for debian 9'))).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('reports an unparsable installed version as not evaluated', () => {
    const bad = pkg({ type: 'dpkg', name: 'libssl3', version: 'x', source: { name: 'openssl', version: '!!bad' } });
    const r2 = matchInventory(inventory([bad], bookworm), lookup, { now: NOW });
    expect(r2.findings.length).toBeGreaterThan(0);
    for (const f of r2.findings) expect(f.notEvaluated?.code).toBe('INVALID_VERSION');
  });

  it('reports OS packages of an unsupported OS as not scanned with a warning', () => {
    const r2 = matchInventory(inventory([openssl], { family: 'plan9', source: 'x' }), lookup, { now: NOW });
    expect(r2.notScanned[0]?.reason).toBe('UNSUPPORTED_OS');
    expect(r2.warnings).toHaveLength(1);
  });
});

describe('matchInventory() for other distros', () => {
  it('matches Alpine by origin on the branch of alpine-release', () => {
    const lookup = createMemoryLookup({
      advisories: [
        advisory('CVE-2024-1', [fixedIn('Alpine:v3.17', 'openssl', '3.0.12-r0')]),
        advisory('CVE-2024-2', [fixedIn('Alpine:v3.18', 'openssl', '3.1.4-r0')]),
      ],
    });
    const p = pkg({ type: 'apk', name: 'libcrypto3', version: '3.0.10-r0', source: { name: 'openssl', version: '3.0.10-r0' } });
    const r = matchInventory(inventory([p], { family: 'alpine', version: '3.17.10', source: 'x' }), lookup, { now: NOW });
    expect(r.findings.map((f) => [f.id, f.fixedVersion])).toEqual([['CVE-2024-1', '3.0.12-r0']]);
    expect(r.warnings.some((w) => w.includes('end-of-life'))).toBe(true);
  });

  it('matches Alpine on the branch of /etc/apk/repositories when it is newer, and says so', () => {
    const lookup = createMemoryLookup({
      advisories: [
        advisory('CVE-2024-1', [fixedIn('Alpine:v3.17', 'openssl', '3.0.12-r0')]),
        advisory('CVE-2024-2', [fixedIn('Alpine:v3.18', 'openssl', '3.1.4-r0')]),
      ],
    });
    const p = pkg({ type: 'apk', name: 'libcrypto3', version: '3.0.10-r0', source: { name: 'openssl', version: '3.0.10-r0' } });
    const upgraded = matchInventory(inventory([p], { family: 'alpine', version: '3.17.10', repositoryRelease: '3.18', source: 'x' }), lookup, { now: NOW });
    expect(upgraded.findings.map((f) => [f.id, f.fixedVersion])).toEqual([['CVE-2024-2', '3.1.4-r0']]);
    expect(upgraded.warnings.some((w) => w.includes('installs from the 3.18 repositories'))).toBe(true);
    // An older or equal repository branch does not move the match.
    for (const repositoryRelease of ['3.17', '3.9']) {
      const r = matchInventory(inventory([p], { family: 'alpine', version: '3.17.10', repositoryRelease, source: 'x' }), lookup, { now: NOW });
      expect(r.findings.map((f) => f.id)).toEqual(['CVE-2024-1']);
      expect(r.warnings.some((w) => w.includes('repositories'))).toBe(false);
    }
  });

  it('checks an Ubuntu Pro image (extended support) against the end of ESM, not of standard support', () => {
    const lookup = createMemoryLookup({ advisories: [advisory('UBUNTU-CVE-2024-9', [fixedIn('Ubuntu:18.04:LTS', 'glibc', '2.27-3ubuntu1.7')])] });
    const p = pkg({ type: 'dpkg', name: 'libc6', version: '2.27-3ubuntu1.6', source: { name: 'glibc' } });
    const plain = matchInventory(inventory([p], { family: 'ubuntu', version: '18.04', source: 'x' }), lookup, { now: NOW });
    const pro = matchInventory(inventory([p], { family: 'ubuntu', version: '18.04', extendedSupport: true, source: 'x' }), lookup, { now: NOW });
    expect(plain.warnings.some((w) => w.includes('end-of-life'))).toBe(true);
    expect(pro.warnings.some((w) => w.includes('end-of-life'))).toBe(false);
    expect(pro.findings.map((f) => f.id)).toEqual(plain.findings.map((f) => f.id));
    expect(pro.findings.map((f) => f.id)).toEqual(['CVE-2024-9']);
  });

  it('matches an Ubuntu Pro image against the ESM pockets first, and a plain image against its release only', () => {
    const lookup = createMemoryLookup({
      advisories: [
        // As the tracker says for CVE-2019-8457: out of standard support in bionic, needed in esm-apps/bionic.
        advisory('CVE-2019-8457', [
          unfixed('Ubuntu:18.04', 'sqlcipher', { status: 'end_of_life' }),
          unfixed('Ubuntu:Pro:18.04:LTS', 'sqlcipher'),
        ]),
        // Fixed only in esm-infra.
        advisory('CVE-2024-10', [unfixed('Ubuntu:18.04', 'glibc', { status: 'end_of_life' }), fixedIn('Ubuntu:Pro:18.04:LTS', 'glibc', '2.27-3ubuntu1.6+esm1')]),
        // No ESM statement: the plain release's applies to both.
        advisory('CVE-2024-11', [fixedIn('Ubuntu:18.04', 'glibc', '2.27-3ubuntu1.7')]),
      ],
    });
    const sqlcipher = pkg({ type: 'dpkg', name: 'libsqlcipher0', version: '3.4.1-1build1', source: { name: 'sqlcipher' } });
    const libc = pkg({ type: 'dpkg', name: 'libc6', version: '2.27-3ubuntu1.6', source: { name: 'glibc' } });
    const rows = (extendedSupport: boolean) =>
      matchInventory(inventory([sqlcipher, libc], { family: 'ubuntu', version: '18.04', ...(extendedSupport ? { extendedSupport } : {}), source: 'x' }), lookup, { now: NOW })
        .findings.map((f) => `${f.id} ${f.package.name} ${f.status} ${f.fixedVersion ?? '-'}`).sort();
    expect(rows(false)).toEqual([
      'CVE-2019-8457 libsqlcipher0 end_of_life -',
      'CVE-2024-10 libc6 end_of_life -',
      'CVE-2024-11 libc6 fixed 2.27-3ubuntu1.7',
    ]);
    expect(rows(true)).toEqual([
      'CVE-2019-8457 libsqlcipher0 affected -',
      'CVE-2024-10 libc6 fixed 2.27-3ubuntu1.6+esm1',
      'CVE-2024-11 libc6 fixed 2.27-3ubuntu1.7',
    ]);
  });

  it('matches Ubuntu by source and exact release', () => {
    const lookup = createMemoryLookup({
      advisories: [
        advisory('UBUNTU-CVE-2024-3', [fixedIn('Ubuntu:22.04:LTS', 'glibc', '2.35-0ubuntu3.5')]),
        advisory('UBUNTU-CVE-2024-4', [fixedIn('Ubuntu:24.04:LTS', 'glibc', '2.39-0ubuntu8.1')]),
      ],
    });
    const p = pkg({ type: 'dpkg', name: 'libc6', version: '2.35-0ubuntu3.4', source: { name: 'glibc' } });
    const r = matchInventory(inventory([p], { family: 'ubuntu', version: '22.04', source: 'x' }), lookup, { now: NOW });
    expect(r.findings.map((f) => f.id)).toEqual(['CVE-2024-3']);
  });

  it.each`
    family         | ecosystem
    ${'rhel'}      | ${'Red Hat:enterprise_linux:9::appstream'}
    ${'centos'}    | ${'Red Hat:enterprise_linux:9::baseos'}
    ${'rocky'}     | ${'Rocky Linux:9'}
    ${'almalinux'} | ${'AlmaLinux:9'}
  `('matches $family by binary name with rpm EVR', ({ family, ecosystem }: { family: string; ecosystem: string }) => {
    const lookup = createMemoryLookup({
      advisories: [
        advisory('CVE-2024-5', [fixedIn(ecosystem, 'openssl-libs', '1:3.0.7-25.el9')]),
        advisory('CVE-2024-6', [fixedIn(ecosystem, 'openssl-libs', '3.0.8-1.el9')]),
      ],
    });
    // Epoch 1 beats any version without epoch: CVE-2024-6's fix (epoch 0) is older than what is installed.
    const p = pkg({ type: 'rpm', name: 'openssl-libs', version: '3.0.7', release: '24.el9', epoch: 1 });
    const r = matchInventory(inventory([p], { family, version: '9.3', source: 'x' }), lookup, { now: NOW });
    expect(r.findings.map((f) => [f.id, f.fixedVersion])).toEqual([['CVE-2024-5', '1:3.0.7-25.el9']]);
    expect(r.warnings).toEqual([]);
  });
});

describe('matchInventory() for Red Hat module streams', () => {
  const eco = 'Red Hat:enterprise_linux:9::appstream';
  const lookup = createMemoryLookup({
    advisories: [
      // Stream known from the feed (rpmmod), stream unknown but a module build, and a non-modular build.
      advisory('RHSA-2024:1', [fixedIn(eco, 'nodejs', '1:18.19.1-1.module+el9.3.0+21388+5d2e4b0f', { module: 'nodejs:18' })], { aliases: ['CVE-2024-1'] }),
      advisory('RHSA-2024:2', [fixedIn(eco, 'nodejs', '1:20.11.1-1.module+el9.3.0+21388+5d2e4b0f')], { aliases: ['CVE-2024-2'] }),
      advisory('RHSA-2024:3', [fixedIn(eco, 'nodejs', '1:16.20.2-4.el9')], { aliases: ['CVE-2024-3'] }),
      advisory('CVE-2024-4', [unfixed(eco, 'nodejs')]),
    ],
  });
  const ids = (p: ReturnType<typeof pkg>) =>
    matchInventory(inventory([p], { family: 'rhel', version: '9.3', source: 'x' }), lookup, { now: NOW }).findings
      .map((f) => `${f.id}${f.notEvaluated ? `:${f.notEvaluated.code}` : ''}`).sort();

  it('matches a non-modular build against non-modular fixes only', () => {
    expect(ids(pkg({ type: 'rpm', name: 'nodejs', version: '16.20.2', release: '3.el9', epoch: 1 }))).toEqual(['CVE-2024-3', 'CVE-2024-4']);
  });

  it('matches a labelled module build against its own stream and unknown-stream module fixes', () => {
    const node18 = pkg({
      type: 'rpm', name: 'nodejs', version: '18.18.2', release: '2.module+el9.3.0+20000+aaaaaaaa', epoch: 1,
      metadata: { modularityLabel: 'nodejs:18:9030020231120082734:rhel9' },
    });
    // RHSA-2024:2 has no stream in the feed: a module build's fix, so it is kept (the version decides).
    expect(ids(node18)).toEqual(['CVE-2024-1', 'CVE-2024-2', 'CVE-2024-4']);
    const node20 = { ...node18, version: '20.9.0', metadata: { modularityLabel: 'nodejs:20:9030020231120082734:rhel9' } };
    expect(ids(node20)).toEqual(['CVE-2024-2', 'CVE-2024-4']);
  });

  it('applies an entry that names its architectures only to packages of one of them', () => {
    const eco8 = 'Rocky Linux:8';
    const perArch = createMemoryLookup({
      advisories: [advisory('RLSA-2021:4647', [
        fixedIn(eco8, 'bpftool', '4.18.0-348.2.1.el8_5', { arches: ['x86_64'] }),
        fixedIn(eco8, 'bpftool', '5.18.0-348.2.1.el8_5', { arches: ['aarch64'] }),
      ], { aliases: ['CVE-2021-20317'] })],
    });
    const fix = (arch: string) =>
      matchInventory(inventory([pkg({ type: 'rpm', name: 'bpftool', version: '4.18.0', release: '305.el8', arch })], { family: 'rocky', version: '8.5', source: 'x' }), perArch, { now: NOW })
        .findings.map((f) => f.fixedVersion);
    expect(fix('aarch64')).toEqual(['5.18.0-348.2.1.el8_5']);
    expect(fix('x86_64')).toEqual(['4.18.0-348.2.1.el8_5']);
    // noarch packages, and entries for src, apply whatever the architecture.
    expect(fix('noarch')).toEqual(['5.18.0-348.2.1.el8_5']);
  });

  it('reports a module build without a label as not evaluated against a named stream', () => {
    const bare = pkg({ type: 'rpm', name: 'nodejs', version: '18.18.2', release: '2.module_el9.3.0+20000+aaaaaaaa', epoch: 1 });
    expect(ids(bare)).toEqual(['CVE-2024-1:UNKNOWN_MODULE_STREAM', 'CVE-2024-2', 'CVE-2024-4']);
  });
});

describe('matchInventory() for language packages', () => {
  const lookup = createMemoryLookup({
    advisories: [
      advisory('GHSA-aaaa-bbbb-cccc', [{ ecosystem: 'PyPI', name: 'Django', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '4.0' }, { fixed: '4.2.3' }] }] }], {
        aliases: ['CVE-2023-36053'],
        source: 'ghsa',
        severities: [{ source: 'ghsa', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' } }],
      }),
      advisory('PYSEC-2023-100', [{ ecosystem: 'PyPI', name: 'django', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4.2.3' }] }] }], {
        aliases: ['CVE-2023-36053'],
        source: 'osv-pypi',
      }),
      advisory('CVE-2023-36053', [], { source: 'nvd', severities: [{ source: 'nvd', severity: 'HIGH' }] }),
      advisory('GO-2024-0001', [{ ecosystem: 'Go', name: 'stdlib', ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.21.5' }] }] }]),
      advisory('GHSA-mvn1', [fixedIn('Maven', 'org.apache.logging.log4j:log4j-core', '2.17.1')], { aliases: ['CVE-2021-44832'] }),
      advisory('MAL-2024-1', [{ ecosystem: 'npm', name: 'evil-pkg', ranges: [], versions: ['1.0.0'] }], { malicious: true, source: 'osv-malicious' }),
    ],
    epss: [{ cve: 'CVE-2023-36053', score: 0.01, percentile: 0.8 }],
    kev: [{ cve: 'CVE-2021-44832', dateAdded: '2022-01-01' }],
  });
  const django = pkg({ type: 'python', name: 'Django', version: '4.2.1' });
  const go = pkg({ type: 'go', name: 'stdlib', version: 'v1.21.4' });
  const log4j = pkg({ type: 'java', name: 'log4j-core', version: '2.17.0', metadata: { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core' } });
  const noGroup = pkg({ type: 'java', name: 'foo', version: '1.0', metadata: { groupId: null, artifactId: 'foo' } });
  const evil = pkg({ type: 'npm', name: 'evil-pkg', version: '1.0.0' });
  const owned = pkg({ type: 'python', name: 'django', version: '3.2.0', ownedBy: { type: 'dpkg', name: 'python3-django', version: '3:3.2.19-1' } });
  const badVersion = pkg({ type: 'python', name: 'django', version: 'not/a/version' });
  const r = matchInventory(inventory([django, go, log4j, noGroup, evil, owned, badVersion]), lookup, { now: NOW });

  it('merges records that share an alias into one finding per package instance', () => {
    const f = r.findings.filter((x) => x.package.name === 'Django');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ id: 'CVE-2023-36053', status: 'fixed', fixedVersion: '4.2.3' });
    expect(f[0]?.aliases).toEqual(['GHSA-aaaa-bbbb-cccc', 'PYSEC-2023-100']);
    expect(f[0]?.dataSources.sort()).toEqual(['ghsa', 'osv-pypi']);
  });

  it('ranks NVD before GHSA, keeps every rating with computed CVSS scores, and attaches EPSS', () => {
    const f = r.findings.find((x) => x.package.name === 'Django');
    expect(f).toMatchObject({ severity: 'HIGH', severitySource: 'nvd', epss: { score: 0.01 } });
    expect(f?.ratings).toContainEqual({ source: 'ghsa', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 7.5 } });
  });

  it('matches Go stdlib and Maven groupId:artifactId, with KEV', () => {
    expect(r.findings.find((x) => x.package.name === 'stdlib')).toMatchObject({ id: 'GO-2024-0001', fixedVersion: '1.21.5' });
    expect(r.findings.find((x) => x.package.name === 'log4j-core')).toMatchObject({ id: 'CVE-2021-44832', kev: { dateAdded: '2022-01-01' } });
  });

  it('reports malicious packages as critical findings of their own kind', () => {
    expect(r.findings.find((x) => x.package.name === 'evil-pkg')).toMatchObject({ kind: 'malicious', severity: 'CRITICAL', id: 'MAL-2024-1' });
  });

  it('does not match OS-owned packages and says who covers them', () => {
    expect(r.findings.some((x) => x.package.version === '3.2.0')).toBe(false);
    expect(r.notScanned).toContainEqual(expect.objectContaining({ reason: 'OWNED_BY_OS_PACKAGE', coveredBy: owned.ownedBy }));
  });

  it('lists a Maven artifact without groupId as not scanned', () => {
    expect(r.notScanned).toContainEqual(expect.objectContaining({ reason: 'MISSING_GROUP_ID' }));
  });

  it('reports an unparsable version as not evaluated', () => {
    const f = r.findings.filter((x) => x.package.version === 'not/a/version');
    expect(f).toHaveLength(1);
    expect(f[0]?.notEvaluated?.code).toBe('INVALID_VERSION');
  });
});

describe('a CVE record that aliases another CVE', () => {
  it('is one finding under its own CVE, the other CVE only an alias (CVE-2023-4863 / CVE-2023-5129)', async () => {
    const { createMemoryLookup } = await import('./memory-lookup.js');
    const lookup = createMemoryLookup({
      advisories: [{
        id: 'CVE-2023-4863', aliases: ['CVE-2023-5129'], source: 'osv-debian', severities: [],
        affected: [{ ecosystem: 'Debian:12', name: 'libwebp', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2.4-0.2+deb12u1' }] }] }],
      }],
      releases: { debian: ['12'] },
    });
    const inv = {
      schema: 'drydock-inventory/1' as const, tool: { name: 'drydock' as const, version: 't' }, createdAt: '2026-01-01T00:00:00Z',
      image: { reference: 'x', sourceKind: 'rootfs' as const, layers: [] },
      os: { family: 'debian', version: '12', codename: 'bookworm', source: '/etc/os-release' },
      packages: [{ type: 'dpkg' as const, name: 'libwebp7', version: '1.2.4-0.2', arch: 'amd64', purl: 'pkg:deb/debian/libwebp7@1.2.4-0.2', source: { name: 'libwebp', version: '1.2.4-0.2' }, locations: ['/var/lib/dpkg/status'] }],
      issues: [],
    };
    const { findings } = matchInventory(inv, lookup, { now: new Date('2026-01-01') });
    expect(findings.map((f) => [f.id, f.aliases, f.fixedVersion])).toEqual([['CVE-2023-4863', ['CVE-2023-5129'], '1.2.4-0.2+deb12u1']]);
  });
});
