import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import type { FileParseResult } from '../types.js';
import { archivesDir, hasTestImage, imagesRoot, peerDir, type TestImageName } from '../../../test/helpers/shared.js';
import { cataloger, isInstalledStatus, parseDpkgFileList, parseDpkgStatus } from './index.js';

const enc = new TextEncoder();
const file = (path: string, size = 0) => ({ path, size, mode: 0o100644 });

/** Run the cataloger the way the walker does: parse every matched file, then finalize. */
function runCataloger(files: ReadonlyMap<string, string | Uint8Array>) {
  const results = new Map<string, FileParseResult>();
  for (const [path, content] of files) {
    if (!cataloger.matches(file(path))) continue;
    const bytes = typeof content === 'string' ? enc.encode(content) : content;
    results.set(path, cataloger.parse(file(path, bytes.length), bytes) as FileParseResult);
  }
  return cataloger.finalize!(results);
}

/** Minimal txtar reader (golang.org/x/tools/txtar): a comment, then `-- name --` lines each starting a file. */
function readTxtar(text: string): Map<string, string> {
  const files = new Map<string, string>();
  let name: string | undefined;
  let body: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^-- (.+) --$/.exec(line);
    if (m?.[1]) {
      if (name !== undefined) files.set(name, body.join('\n'));
      name = m[1].trim();
      body = [];
    } else if (name !== undefined) {
      body.push(line);
    }
  }
  if (name !== undefined) files.set(name, body.join('\n'));
  return files;
}

describe('isInstalledStatus()', () => {
  it.each`
    status                            | installed
    ${'install ok installed'}         | ${true}
    ${'hold ok installed'}            | ${true}
    ${'deinstall ok installed'}       | ${true}
    ${'deinstall ok config-files'}    | ${false}
    ${'install ok half-installed'}    | ${false}
    ${'install ok unpacked'}          | ${false}
    ${'install ok half-configured'}   | ${false}
    ${'install ok triggers-pending'}  | ${false}
    ${'purge ok not-installed'}       | ${false}
    ${'install reinstreq installed'}  | ${true}
    ${'installed'}                    | ${false}
    ${''}                             | ${false}
  `('returns $installed for "$status"', ({ status, installed }: { status: string; installed: boolean }) => {
    expect(isInstalledStatus(status)).toBe(installed);
  });
});

describe('parseDpkgStatus()', () => {
  const status = [
    'Package: libgcc1',
    'Status: install ok installed',
    'Installed-Size: 131',
    'Maintainer: Ubuntu Core developers <ubuntu-devel-discuss@lists.ubuntu.com>',
    'Architecture: amd64',
    'Source: gcc-5 (5.1.1-12ubuntu1)',
    'Version: 1:5.1.1-12ubuntu1',
    'Description: GCC support library',
    ' Shared version of the support library.',
    '',
    'Package: pam-thing',
    'Status: install ok installed',
    'Architecture: all',
    'Source: pam',
    'Version: 1.1.8-3.1ubuntu3',
    '',
    'Package: gone',
    'Status: deinstall ok config-files',
    'Version: 1.0',
    '',
  ].join('\n');

  it('reads name, version with epoch, arch, source and metadata', () => {
    const { packages, issues } = parseDpkgStatus('/var/lib/dpkg/status', status);
    expect(issues).toEqual([]);
    expect(packages).toHaveLength(2);
    expect(packages[0]).toMatchObject({
      type: 'dpkg',
      name: 'libgcc1',
      version: '1:5.1.1-12ubuntu1',
      arch: 'amd64',
      source: { name: 'gcc-5', version: '5.1.1-12ubuntu1' },
      purl: 'pkg:deb/ubuntu/libgcc1@1:5.1.1-12ubuntu1?arch=amd64',
      locations: ['/var/lib/dpkg/status'],
      metadata: { installedSize: 131, maintainer: 'Ubuntu Core developers <ubuntu-devel-discuss@lists.ubuntu.com>', sourceVersion: '5.1.1-12ubuntu1' },
    });
  });

  it('defaults the source version to the binary version', () => {
    const { packages } = parseDpkgStatus('/var/lib/dpkg/status', status);
    expect(packages[1]?.source).toEqual({ name: 'pam', version: '1.1.8-3.1ubuntu3' });
  });

  it('uses the debian purl namespace when the maintainers are not Ubuntu', () => {
    const { packages } = parseDpkgStatus('/s', 'Package: a\nStatus: install ok installed\nMaintainer: X <x@debian.org>\nVersion: 1\nArchitecture: arm64\n');
    expect(packages[0]?.purl).toBe('pkg:deb/debian/a@1?arch=arm64');
    expect(packages[0]?.source).toEqual({ name: 'a', version: '1' });
  });

  it('treats a missing Status as installed only in status.d', () => {
    const text = 'Package: a\nVersion: 1\nArchitecture: all\n';
    expect(parseDpkgStatus('/var/lib/dpkg/status.d/a', text, { statusOptional: true }).packages).toHaveLength(1);
    const strict = parseDpkgStatus('/var/lib/dpkg/status', text);
    expect(strict.packages).toHaveLength(0);
    expect(strict.issues.map((i) => i.code)).toEqual(['DPKG_MISSING_STATUS']);
  });

  describe('when the input is hostile', () => {
    it.each`
      what                           | text                                                                                              | codes
      ${'no version'}                | ${'Package: a\nStatus: install ok installed\n'}                                                  | ${['DPKG_BAD_VERSION']}
      ${'invalid version'}           | ${'Package: a\nStatus: install ok installed\nVersion: 1:5.#\n'}                                  | ${['DPKG_BAD_VERSION']}
      ${'no package name'}           | ${'Status: install ok installed\nVersion: 1\n'}                                                  | ${['DPKG_BAD_NAME']}
      ${'continuation first'}        | ${' orphan\nPackage: a\nStatus: install ok installed\nVersion: 1\n'}                            | ${['DPKG_MALFORMED_LINE']}
      ${'line without colon'}        | ${'Package: a\ngarbage\nStatus: install ok installed\nVersion: 1\n'}                             | ${['DPKG_MALFORMED_LINE']}
      ${'repeated field'}            | ${'Package: a\nPackage: b\nStatus: install ok installed\nVersion: 1\n'}                          | ${['DPKG_MALFORMED_LINE']}
      ${'bad source'}                | ${'Package: a\nStatus: install ok installed\nVersion: 1\nSource: x (1) junk\n'}                 | ${['DPKG_BAD_SOURCE']}
      ${'binary junk'}               | ${'\u0000\u0001\u0002\n\n\u00ff'}                                                                 | ${['DPKG_MALFORMED_LINE', 'DPKG_MISSING_STATUS', 'DPKG_MALFORMED_LINE', 'DPKG_MISSING_STATUS']}
    `('reports $what as $codes', ({ text, codes }: { text: string; codes: string[] }) => {
      const { issues } = parseDpkgStatus('/var/lib/dpkg/status', text);
      expect(issues.map((i) => i.code)).toEqual(codes);
      for (const i of issues) expect(i.message).toContain('/var/lib/dpkg/status record at line');
    });

    it('keeps the good records around a bad one', () => {
      const text = 'Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: bad\nStatus: install ok installed\n\nPackage: c\nStatus: install ok installed\nVersion: 2\n';
      const { packages, issues } = parseDpkgStatus('/var/lib/dpkg/status', text);
      expect(packages.map((p) => p.name)).toEqual(['a', 'c']);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toContain('line 5 (bad)');
    });

    it('parses a huge field and many records in linear time', () => {
      const big = `Package: a\nStatus: install ok installed\nVersion: 1\nDescription: ${'x'.repeat(8_000_000)}\n`;
      const many = Array.from({ length: 20_000 }, (_, i) => `Package: p${i}\nStatus: install ok installed\nVersion: 1\n`).join('\n');
      const t0 = Date.now();
      expect(parseDpkgStatus('/s', big).packages).toHaveLength(1);
      expect(parseDpkgStatus('/s', many).packages).toHaveLength(20_000);
      expect(Date.now() - t0).toBeLessThan(5000);
    });
  });
});

describe('parseDpkgFileList()', () => {
  it.each`
    path                                          | pkg          | arch
    ${'/var/lib/dpkg/info/adduser.list'}          | ${'adduser'} | ${undefined}
    ${'/var/lib/dpkg/info/libc6:amd64.list'}      | ${'libc6'}   | ${'amd64'}
  `('names $path after $pkg $arch', ({ path, pkg, arch }: { path: string; pkg: string; arch?: string }) => {
    const list = parseDpkgFileList(path, '/.\n/usr\n/usr/bin/x\r\n\nrelative\n');
    expect(list).toMatchObject({ package: pkg, files: ['/usr', '/usr/bin/x'] });
    expect(list?.arch).toBe(arch);
  });
});

describe('cataloger', () => {
  it.each`
    path                                              | matched
    ${'/var/lib/dpkg/status'}                         | ${true}
    ${'/var/lib/dpkg/status-old'}                     | ${false}
    ${'/var/lib/dpkg/status.d/libssl3'}               | ${true}
    ${'/var/lib/dpkg/status.d/libpython3.11-minimal'} | ${true}
    ${'/var/lib/dpkg/status.d/libssl3.md5sums'}       | ${false}
    ${'/var/lib/dpkg/status.d/libssl3.preinst'}       | ${false}
    ${'/var/lib/dpkg/info/libc6:amd64.list'}          | ${true}
    ${'/var/lib/dpkg/info/libc6:amd64.md5sums'}       | ${false}
    ${'/usr/var/lib/dpkg/status'}                     | ${false}
  `('matches($path) is $matched', ({ path, matched }: { path: string; matched: boolean }) => {
    expect(cataloger.matches(file(path))).toBe(matched);
  });

  it('attaches info/*.list files in finalize, multiarch names included', () => {
    const status = 'Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9\nMulti-Arch: same\n\nPackage: adduser\nStatus: install ok installed\nArchitecture: all\nVersion: 3.134\n';
    const out = runCataloger(new Map([
      ['/var/lib/dpkg/status', status],
      ['/var/lib/dpkg/info/libc6:amd64.list', '/.\n/lib\n/lib/libc.so.6\n'],
      ['/var/lib/dpkg/info/adduser.list', '/usr/sbin/adduser\n'],
      ['/var/lib/dpkg/info/orphan.list', '/x\n'],
    ]));
    expect(out.packages.map((p) => [p.name, p.files])).toEqual([
      ['libc6', ['/lib', '/lib/libc.so.6']],
      ['adduser', ['/usr/sbin/adduser']],
    ]);
  });
});

// ---------------------------------------------------------------- peer fixtures

interface PeerPackage { id?: string; name: string; version: string; release?: string; epoch?: number; arch?: string; src_name?: string; src_version?: string; src_release?: string; src_epoch?: number }

/** trivy splits a Debian version into epoch/version/release; its `id` holds `name@[epoch:]version[-release]`. */
function trivyFullVersion(p: PeerPackage): string {
  if (p.id) return p.id.slice(p.id.indexOf('@') + 1);
  return `${p.epoch ? `${p.epoch}:` : ''}${p.version}${p.release ? `-${p.release}` : ''}`;
}
function trivySourceVersion(p: PeerPackage): string | undefined {
  if (p.src_version === undefined) return undefined;
  return `${p.src_epoch ? `${p.src_epoch}:` : ''}${p.src_version}${p.src_release ? `-${p.src_release}` : ''}`;
}

const trivyDir = join(peerDir, '4-pkgdb/trivy/pkg/fanal/analyzer/pkg/dpkg/testdata');
const trivyCases = existsSync(trivyDir) ? readdirSync(trivyDir).filter((f) => f.endsWith('.txtar')) : [];

describe.skipIf(trivyCases.length === 0)('peer fixtures: trivy dpkg analyzer (../shared/peer/4-pkgdb)', () => {
  it.each(trivyCases)('%s gives the packages trivy expects', (name) => {
    const files = readTxtar(readFileSync(join(trivyDir, name), 'utf8'));
    const withSlash = new Map([...files].map(([p, c]) => [`/${p}`, c]));
    const out = runCataloger(withSlash);
    const expected = JSON.parse(readFileSync(join(trivyDir, `${name}.expected.json`), 'utf8')) as { cases: { packages: PeerPackage[] }[] };
    const want = (expected.cases[0]?.packages ?? []).map((p) => ({
      name: p.name,
      version: trivyFullVersion(p),
      arch: p.arch,
      source: { name: p.src_name ?? p.name, version: trivySourceVersion(p) ?? trivyFullVersion(p) },
    }));
    const got = out.packages.map((p) => ({ name: p.name, version: p.version, arch: p.arch, source: p.source }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(got.sort(byName)).toEqual(want.sort(byName));
    expect(want.length).toBeGreaterThan(0);
  });
});

const syftDir = join(peerDir, '4-pkgdb/syft/syft/pkg/cataloger/debian/testdata');

function readTree(root: string, prefix = ''): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const e of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const rel = `${prefix}/${e.name}`;
    if (e.isDirectory()) for (const [k, v] of readTree(root, rel)) out.set(k, v);
    else if (e.isFile()) out.set(rel, readFileSync(join(root, rel)));
  }
  return out;
}

describe.skipIf(!existsSync(syftDir))('peer fixtures: syft debian cataloger (../shared/peer/4-pkgdb)', () => {
  it.each`
    fixture                    | name                | version        | arch       | source
    ${'image-dpkg'}            | ${'libpam-runtime'} | ${'1.1.8-3.6'} | ${'all'}   | ${'pam'}
    ${'image-distroless-deb'}  | ${'libsqlite3-0'}   | ${'3.34.1-3'}  | ${'arm64'} | ${'sqlite3'}
  `('$fixture gives $name $version (syft TestDpkgCataloger)', ({ fixture, name, version, arch, source }: { fixture: string; name: string; version: string; arch: string; source: string }) => {
    const out = runCataloger(readTree(join(syftDir, fixture)));
    // image-dpkg's status starts with an empty "Package:" paragraph, which syft drops silently; we report it.
    expect(out.issues.map((i) => i.code)).toEqual(fixture === 'image-dpkg' ? ['DPKG_MISSING_STATUS'] : []);
    expect(out.packages.map((p) => ({ name: p.name, version: p.version, arch: p.arch, source: p.source?.name }))).toEqual([{ name, version, arch, source }]);
  });

  it.each`
    fixture                                    | names
    ${'var/lib/dpkg/status.d/single'}          | ${['apt']}
    ${'var/lib/dpkg/status.d/installed-size-4KB'} | ${['apt']}
    ${'var/lib/dpkg/status.d/multiple'}        | ${['tzdata', 'util-linux']}
    ${'var/lib/dpkg/status.d/deinstall'}       | ${['linux-image-6.14.0-1012-aws']}
  `('$fixture gives $names (syft Test_parseDpkgStatus)', ({ fixture, names }: { fixture: string; names: string[] }) => {
    const { packages, issues } = parseDpkgStatus(`/${fixture}`, readFileSync(join(syftDir, fixture), 'utf8'), { statusOptional: true });
    expect(packages.map((p) => p.name)).toEqual(names);
    // syft keeps the version-less "no-version" and the nameless records of `multiple`; we report them instead.
    if (fixture.endsWith('multiple')) expect(issues.map((i) => i.code)).toEqual(['DPKG_BAD_NAME', 'DPKG_BAD_VERSION']);
    else expect(issues).toEqual([]);
  });

  it('installed-size-4KB: Installed-Size is kept in KiB as written', () => {
    const path = 'var/lib/dpkg/status.d/installed-size-4KB';
    const text = readFileSync(join(syftDir, path), 'utf8');
    const size = /^Installed-Size: (.*)$/m.exec(text)?.[1];
    const { packages } = parseDpkgStatus(`/${path}`, text, { statusOptional: true });
    // syft turns "4000" into 4000 and a unit-suffixed value into KiB; dpkg writes plain KiB numbers.
    expect(packages[0]?.metadata?.installedSize).toBe(/^\d+$/.test(size ?? '') ? Number(size) : undefined);
  });
});

// ---------------------------------------------------------------- real images

interface TruthDpkg { package: string; version: string; architecture: string; source: string; source_version: string }
const dpkgImages: TestImageName[] = ['debian-min', 'node-app', 'polyglot'];

describe.each(dpkgImages)('ground truth: image %s', (image) => {
  const root = join(imagesRoot, 'rootfs', image);
  it.skipIf(!hasTestImage(image) || !existsSync(join(root, 'var/lib/dpkg/status')))(
    'equals dpkg-query (packages.dpkg of the truth file); skipped when ../shared/images/build-all.sh has not run',
    () => {
      const files = new Map<string, Uint8Array>([['/var/lib/dpkg/status', readFileSync(join(root, 'var/lib/dpkg/status'))]]);
      for (const f of readdirSync(join(root, 'var/lib/dpkg/info'))) {
        if (f.endsWith('.list')) files.set(`/var/lib/dpkg/info/${f}`, readFileSync(join(root, 'var/lib/dpkg/info', f)));
      }
      const out = runCataloger(files);
      const truth = JSON.parse(readFileSync(join(archivesDir, `${image}.truth.json`), 'utf8')) as { packages: { dpkg: TruthDpkg[] } };
      const got = out.packages
        .map((p) => ({ package: p.name, version: p.version, architecture: p.arch ?? '', source: p.source?.name ?? '', source_version: p.source?.version ?? '' }))
        .sort((a, b) => (a.package < b.package ? -1 : a.package > b.package ? 1 : a.architecture < b.architecture ? -1 : 1));
      expect(out.issues).toEqual([]);
      expect(got).toEqual(truth.packages.dpkg);
      // Every installed package of a real image has a file list.
      expect(out.packages.filter((p) => !p.files?.length).map((p) => p.name)).toEqual([]);
      for (const p of out.packages) {
        expect(PackageURL.fromString(p.purl)).toMatchObject({ type: 'deb', namespace: 'debian', name: p.name, version: p.version });
      }
    },
  );
});
