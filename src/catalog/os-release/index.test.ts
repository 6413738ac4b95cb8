import { describe, expect, it } from 'vitest';
import type { OsInfo } from '../../model/index.js';
import { cataloger, parseApkRepositories, parseOsFile, parseUbuntuProStatus, selectOs } from './index.js';

const file = (path: string, text: string) => ({ file: { path, size: text.length, mode: 0o100644 }, bytes: new TextEncoder().encode(text) });

describe('os-release', () => {
  it('reads os-release with quoting and the fallbacks', () => {
    expect(parseOsFile('/etc/os-release', 'ID="debian"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toEqual({
      family: 'debian', version: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)', source: '/etc/os-release',
    });
    expect(parseOsFile('/etc/alpine-release', '3.17.10\n')).toEqual({ family: 'alpine', version: '3.17.10', source: '/etc/alpine-release' });
    expect(parseOsFile('/etc/redhat-release', 'Rocky Linux release 9.3 (Blue Onyx)\n')).toMatchObject({ family: 'rocky', version: '9.3' });
    expect(parseOsFile('/etc/os-release', 'NAME=x\n')).toBeUndefined();
  });
});

describe('/etc/apk/repositories', () => {
  it.each`
    text                                                                                                      | release
    ${'https://dl-cdn.alpinelinux.org/alpine/v3.20/main\nhttps://dl-cdn.alpinelinux.org/alpine/v3.20/community\n'} | ${'3.20'}
    ${'http://mirror/alpine/v3.9/main\nhttp://mirror/alpine/v3.10/main\n'}                                     | ${'3.10'}
    ${'https://dl-cdn.alpinelinux.org/alpine/edge/main\nhttps://dl-cdn.alpinelinux.org/alpine/v3.21/main'}      | ${'edge'}
    ${'# https://x/alpine/v3.22/main\nhttps://x/alpine/v3.19/main\n@testing https://x/alpine/edge/testing\n'}   | ${'3.19'}
    ${'/media/cdrom/apks\nhttps://packages.wolfi.dev/os\n'}                                                   | ${undefined}
    ${'https://x/alpine/v3.20main\nhttps://x/alpine/latest-stable/main\n'}                                     | ${undefined}
    ${''}                                                                                                     | ${undefined}
  `('names $release', ({ text, release }: { text: string; release?: string }) => {
    expect(parseApkRepositories(text)).toBe(release);
  });

  it('is a cataloger input that gives no issue when it names no branch', async () => {
    const repo = file('/etc/apk/repositories', 'https://dl-cdn.alpinelinux.org/alpine/v3.10/main\n');
    expect(cataloger.matches(repo.file)).toBe(true);
    expect((await cataloger.parse(repo.file, repo.bytes)).os).toEqual({ family: 'alpine', repositoryRelease: '3.10', source: '/etc/apk/repositories' });
    const local = file('/etc/apk/repositories', '/media/cdrom/apks\n');
    expect(await cataloger.parse(local.file, local.bytes)).toEqual({ packages: [], issues: [] });
  });

  it('adds the branch to an Alpine OS only, and never makes an OS of its own', () => {
    const repo: OsInfo = { family: 'alpine', repositoryRelease: '3.10', source: '/etc/apk/repositories' };
    const alpine: OsInfo = { family: 'alpine', version: '3.9.3', source: '/etc/alpine-release' };
    expect(selectOs(new Map([['/etc/apk/repositories', repo], ['/etc/alpine-release', alpine]]))).toEqual({ ...alpine, repositoryRelease: '3.10' });
    expect(selectOs(new Map([['/etc/apk/repositories', repo]]))).toBeUndefined();
    const debian: OsInfo = { family: 'debian', version: '12', source: '/etc/os-release' };
    expect(selectOs(new Map([['/etc/apk/repositories', repo], ['/etc/os-release', debian]]))).toEqual(debian);
  });
});

describe('lsb-release and Ubuntu Pro', () => {
  it('reads lsb-release, ranked above debian_version (an Ubuntu image without os-release has both)', () => {
    const lsb = parseOsFile('/etc/lsb-release', 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=18.04\nDISTRIB_CODENAME=bionic\nDISTRIB_DESCRIPTION="Ubuntu 18.04.2 LTS"\n')!;
    expect(lsb).toEqual({ family: 'ubuntu', version: '18.04', codename: 'bionic', prettyName: 'Ubuntu 18.04.2 LTS', source: '/etc/lsb-release' });
    const deb = parseOsFile('/etc/debian_version', 'buster/sid\n')!;
    expect(selectOs(new Map([['/etc/debian_version', deb], ['/etc/lsb-release', lsb]]))).toEqual(lsb);
    expect(parseOsFile('/etc/lsb-release', 'garbage')).toBeUndefined();
  });

  it('reads Oracle Linux from oracle-release', () => {
    expect(parseOsFile('/etc/oracle-release', 'Oracle Linux Server release 7.6\n')).toMatchObject({ family: 'ol', version: '7.6' });
  });

  it('turns on extended support for an Ubuntu OS when esm-infra or esm-apps is enabled, and only then', () => {
    const status = (services: { name: string; status: string }[]) => JSON.stringify({ attached: true, services });
    expect(parseUbuntuProStatus(status([{ name: 'esm-infra', status: 'enabled' }]))).toBe(true);
    expect(parseUbuntuProStatus(status([{ name: 'esm-apps', status: 'enabled' }, { name: 'esm-infra', status: 'disabled' }]))).toBe(true);
    expect(parseUbuntuProStatus(status([{ name: 'esm-infra', status: 'disabled' }, { name: 'livepatch', status: 'enabled' }]))).toBe(false);
    for (const bad of ['', 'null', '[]', '{"services": 3}', '{"services": [null, 1, "x"]}']) expect(parseUbuntuProStatus(bad)).toBeFalsy();

    const pro = parseOsFile('/var/lib/ubuntu-advantage/status.json', status([{ name: 'esm-infra', status: 'enabled' }]))!;
    const ubuntu: OsInfo = { family: 'ubuntu', version: '18.04', source: '/etc/os-release' };
    expect(selectOs(new Map([['/var/lib/ubuntu-advantage/status.json', pro], ['/etc/os-release', ubuntu]]))).toEqual({ ...ubuntu, extendedSupport: true });
    expect(selectOs(new Map([['/var/lib/ubuntu-advantage/status.json', pro]]))).toBeUndefined();
    const debian: OsInfo = { family: 'debian', version: '12', source: '/etc/os-release' };
    expect(selectOs(new Map([['/var/lib/ubuntu-advantage/status.json', pro], ['/etc/os-release', debian]]))).toEqual(debian);
  });
});
