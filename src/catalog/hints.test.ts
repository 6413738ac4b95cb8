import { describe, expect, it } from 'vitest';
import { buildCandidateIndex, candidateBits, interestedCatalogers } from './hints.js';
import { listCatalogers } from './registry.js';
import type { Cataloger, FileInfo } from './types.js';

const file = (path: string, mode = 0o100644): FileInfo => ({ path, size: 100, mode });

// Paths each cataloger's `matches` takes, with the spellings its tests and the docs name (case variants included
// where `matches` ignores case). The index must let every one of them through to that cataloger.
const POSITIVES = [
  '/lib/apk/db/installed',
  '/app/Cargo.lock', '/src/x/Cargo.lock', '/root/.julia/environments/v1.10/Manifest.toml', '/app/JuliaManifest.toml', '/app/Manifest-v1.11.toml', '/app/Project.toml',
  '/app/vendor/composer/installed.json', '/app/composer.lock',
  '/var/lib/dpkg/status', '/var/lib/dpkg/status.d/base-files', '/var/lib/dpkg/status.d/libssl3', '/var/lib/dpkg/status.d/tzdata.x',
  '/var/lib/dpkg/info/bash.list', '/var/lib/dpkg/info/libc6:amd64.list',
  '/usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec', '/usr/local/bundle/specifications/x.GEMSPEC',
  '/opt/app/app.jar', '/opt/app/APP.JAR', '/srv/ROOT.war', '/srv/x.ear', '/var/jenkins/plugins/git.jpi', '/p/x.hpi', '/p/x.par',
  '/app/node_modules/express/package.json', '/app/node_modules/@types/node/package.json', '/app/package-lock.json',
  '/app/npm-shrinkwrap.json', '/app/yarn.lock', '/app/pnpm-lock.yaml',
  '/app/bin/app.deps.json', '/app/packages.lock.json', '/app/x.DEPS.JSON',
  '/etc/os-release', '/usr/lib/os-release', '/etc/debian_version', '/etc/alpine-release', '/etc/redhat-release',
  '/etc/centos-release', '/etc/rocky-release', '/etc/almalinux-release', '/etc/fedora-release', '/etc/system-release',
  '/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA', '/usr/lib/python3/dist-packages/six-1.16.0.dist-info/RECORD',
  '/usr/lib/python3.11/site-packages/x.egg-info/PKG-INFO', '/usr/lib/python3/dist-packages/six-1.16.0.egg-info',
  '/usr/lib/python3/dist-packages/X.EGG-INFO',
  '/var/lib/rpm/Packages', '/var/lib/rpm/Packages.db', '/var/lib/rpm/rpmdb.sqlite', '/usr/lib/sysimage/rpm/rpmdb.sqlite', '/usr/share/rpm/Packages',
  '/usr/bin/registry', '/usr/local/bin/app', '/opt/tool.EXE',
];
const MODES = [0o100644, 0o100755];

describe('path hints of the registered catalogers', () => {
  const catalogers = listCatalogers();
  const index = buildCandidateIndex(catalogers);

  it('let through every path a cataloger matches (the listed ones, in both file modes)', () => {
    const missed: string[] = [];
    let matched = 0;
    for (const path of POSITIVES) {
      for (const mode of MODES) {
        const bits = candidateBits(index, path);
        catalogers.forEach((c, i) => {
          if (!c.matches(file(path, mode))) return;
          matched++;
          if ((bits & (1 << i)) === 0) missed.push(`${c.id}: ${path}`);
        });
      }
    }
    expect(missed).toEqual([]);
    expect(matched).toBeGreaterThan(POSITIVES.length); // the list really exercises the catalogers
  });

  it('every cataloger matches at least one listed path, so none is left out of the check above', () => {
    const unmatched = catalogers.filter((c) => !POSITIVES.some((p) => MODES.some((m) => c.matches(file(p, m)))));
    expect(unmatched.map((c) => c.id)).toEqual([]);
  });

  it('give the same answer as asking every cataloger, for the listed paths and near misses', () => {
    const nearMisses = ['/etc/os-release.bak', '/var/lib/dpkg/status-old', '/var/lib/dpkg/status.d/x/y', '/app/x.jar.sig', '/srv/package.json', '/x/.jar', '/README', '/', '/a.', '/.list'];
    for (const path of [...POSITIVES, ...nearMisses]) {
      for (const mode of MODES) {
        const f = file(path, mode);
        expect(interestedCatalogers(index, f).map((c) => c.id), path).toEqual(catalogers.filter((c) => c.matches(f)).map((c) => c.id));
      }
    }
  });

  it('leave an ordinary file to the catalogers without hints only', () => {
    const always = catalogers.filter((c) => !c.pathHints).map((c) => c.id);
    expect(always.sort()).toEqual(['go-binary', 'rust-binary']);
    const bits = candidateBits(index, '/usr/share/doc/bash/copyright');
    expect(catalogers.filter((_, i) => bits & (1 << i)).map((c) => c.id).sort()).toEqual(always);
  });
});

describe('buildCandidateIndex()', () => {
  const fake = (id: string, pathHints?: Cataloger['pathHints']): Cataloger => ({
    id, displayName: id, version: 1, ...(pathHints ? { pathHints } : {}), matches: () => true, parse: () => ({ packages: [], issues: [] }),
  });

  it('names are exact, suffixes ignore case, dirs take direct children only, and the order of catalogers is kept', () => {
    const list = [fake('z-suffix', { suffixes: ['.Deps.json'] }), fake('a-name', { names: ['Cargo.lock'] }), fake('m-dir', { dirs: ['/var/lib/dpkg/status.d/'] })];
    const index = buildCandidateIndex(list);
    const ids = (path: string) => interestedCatalogers(index, file(path)).map((c) => c.id);
    expect(ids('/a/Cargo.lock')).toEqual(['a-name']);
    expect(ids('/a/cargo.lock')).toEqual([]);
    expect(ids('/a/APP.DEPS.JSON')).toEqual(['z-suffix']);
    expect(ids('/a/app.json')).toEqual([]);
    expect(ids('/var/lib/dpkg/status.d/Cargo.lock')).toEqual(['a-name', 'm-dir']);
    expect(ids('/var/lib/dpkg/status.d/sub/x')).toEqual([]);
    expect(ids('/x')).toEqual([]);
  });

  it('a root-level file is in the folder "/"', () => {
    const index = buildCandidateIndex([fake('root', { dirs: ['/'] })]);
    expect(interestedCatalogers(index, file('/x')).map((c) => c.id)).toEqual(['root']);
    expect(interestedCatalogers(index, file('/etc/x'))).toEqual([]);
  });

  it('refuses what it cannot index', () => {
    expect(() => buildCandidateIndex(Array.from({ length: 32 }, (_, i) => fake(`c${i}`)))).toThrow(RangeError);
    expect(() => buildCandidateIndex([fake('bad', { suffixes: ['lock'] })])).toThrow(/no extension/);
  });
});
