import { describe, expect, it } from 'vitest';
import type { Package } from '../model/index.js';
import { makePackages } from './__fixtures__/inventory.js';
import { displayVersion, ownerPurl, packageOriginator, packageSupplier, parseParty, purlTypeOf, splitPurl } from './package-facts.js';
import { assignPackageRefs } from './package-refs.js';
import { sortPackages } from './package-order.js';

const rpm = (over: Partial<Package>): Package => ({ type: 'rpm', name: 'bash', version: '5.1.8', purl: 'pkg:rpm/redhat/bash@5.1.8-6.el9', locations: [], ...over });

describe('displayVersion()', () => {
  it.each`
    version              | release     | epoch        | expected
    ${'5.1.8'}           | ${'6.el9'}  | ${undefined} | ${'5.1.8-6.el9'}
    ${'5.1.8'}           | ${'6.el9'}  | ${0}         | ${'5.1.8-6.el9'}
    ${'5.1.8'}           | ${'6.el9'}  | ${2}         | ${'2:5.1.8-6.el9'}
    ${'5.1.8-6.el9'}     | ${'6.el9'}  | ${2}         | ${'2:5.1.8-6.el9'}
    ${'2:5.1.8-6.el9'}   | ${'6.el9'}  | ${2}         | ${'2:5.1.8-6.el9'}
    ${'5.1.8'}           | ${undefined} | ${undefined} | ${'5.1.8'}
  `('rpm $version / $release / $epoch is $expected', ({ version, release, epoch, expected }: { version: string; release?: string; epoch?: number; expected: string }) => {
    expect(displayVersion(rpm({ version, release, epoch }))).toBe(expected);
  });

  it('leaves other types alone', () => {
    expect(displayVersion({ ...rpm({}), type: 'dpkg', version: '1:2.0-1', release: 'x', epoch: 1 })).toBe('1:2.0-1');
  });
});

describe('parties', () => {
  it('parseParty() splits "Name <email>"', () => {
    expect(parseParty('Jane Doe <jane@example.org>', 'Person')).toEqual({ kind: 'Person', name: 'Jane Doe', email: 'jane@example.org' });
    expect(parseParty('Red Hat, Inc.', 'Organization')).toEqual({ kind: 'Organization', name: 'Red Hat, Inc.' });
    expect(parseParty('  ', 'Person')).toBeUndefined();
  });
  it('packageSupplier() prefers vendor to maintainer; packageOriginator() reads author', () => {
    expect(packageSupplier(rpm({ metadata: { vendor: 'Acme', maintainer: 'Bob <b@x>' } }))?.name).toBe('Acme');
    expect(packageSupplier(rpm({ metadata: { maintainer: 'Bob <b@x>' } }))).toEqual({ kind: 'Person', name: 'Bob', email: 'b@x' });
    expect(packageSupplier(rpm({ metadata: { vendor: 3 } }))).toBeUndefined();
    expect(packageOriginator(rpm({ metadata: { author: 'Ann' } }))).toEqual({ kind: 'Person', name: 'Ann' });
  });
});

describe('ownerPurl()', () => {
  it('uses the owner record from the inventory, else builds a purl', () => {
    const all = makePackages();
    const py = all.find((p) => p.type === 'python') as Package;
    expect(ownerPurl(py, all)).toBe('pkg:deb/debian/python3-yaml@6.0-3+b2?arch=amd64&distro=debian-12');
    expect(ownerPurl(py, [])).toBe('pkg:deb/python3-yaml@6.0-3+b2');
    expect(ownerPurl(all[0] as Package, all)).toBeUndefined();
  });
});

describe('splitPurl()', () => {
  it('returns type, namespace and name, or undefined for a bad purl', () => {
    expect(splitPurl('pkg:npm/%40babel/core@7.24.0')).toEqual({ type: 'npm', namespace: '@babel', name: 'core' });
    expect(splitPurl('pkg:golang/stdlib@1.21.5')).toEqual({ type: 'golang', name: 'stdlib' });
    expect(splitPurl('not a purl')).toBeUndefined();
  });
});

describe('purlTypeOf()', () => {
  it.each([
    ['pkg:npm/%40babel/core@7.0.0', 'npm'],
    ['pkg:Maven/org.apache/commons@1', 'maven'],
    ['pkg:deb/debian/bash@5.2?arch=amd64', 'deb'],
    ['pkg:/npm/x@1', undefined],
    ['pkg:npm', undefined],
    ['npm/x@1', undefined],
  ])('%s → %s', (purl, type) => {
    expect(purlTypeOf(purl)).toBe(type);
  });

  it('agrees with the full parse on every fixture package', () => {
    for (const p of makePackages()) expect(purlTypeOf(p.purl)).toBe(splitPurl(p.purl)?.type);
  });
});

describe('assignPackageRefs()', () => {
  it('uses the purl when unique, adds the location when not, and numbers exact duplicates', () => {
    const all = sortPackages(makePackages());
    const lodashCopy = all.find((p) => p.name === 'lodash') as Package;
    const refs = assignPackageRefs([...all, { ...lodashCopy }]);
    const values = [...refs.values()];
    expect(new Set(values).size).toBe(values.length);
    expect(values).toContain('pkg:golang/stdlib@1.21.5');
    expect(values).toContain('pkg:npm/lodash@4.17.21|/app/node_modules/lodash/package.json');
    expect(values).toContain('pkg:npm/lodash@4.17.21|/srv/tools/node_modules/lodash/package.json');
    expect(values).toContain('pkg:npm/lodash@4.17.21|/app/node_modules/lodash/package.json|2');
  });
});
