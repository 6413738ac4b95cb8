/**
 * Drydock's own SBOMs read back: render the report fixture inventory with the CycloneDX and SPDX writers, parse
 * the text, and compare the facts matching uses. What each format does not carry is listed per format.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory, Package } from '../model/index.js';
import { makeInventory } from '../report/__fixtures__/inventory.js';
import { splitPurl } from '../report/package-facts.js';
import { renderCycloneDx } from '../report/cyclonedx/index.js';
import { renderSpdx } from '../report/spdx/index.js';
import { parseSbom } from './index.js';

/** The comparable facts of one package, as one string per package so a failure shows the whole difference. */
function facts(p: Package, opts: { source: boolean }): string {
  return JSON.stringify({
    type: p.type,
    // The java cataloger names Maven artifacts groupId:artifactId; the report fixture's names are the bare artifactId.
    name: p.type === 'java' && !p.name.includes(':') ? `${splitPurl(p.purl)?.namespace}:${p.name}` : p.name,
    version: p.version,
    purl: p.purl,
    epoch: p.epoch,
    release: p.release,
    arch: p.arch,
    source: opts.source ? p.source : undefined,
    locations: p.locations,
    layer: p.layer ? { index: p.layer.index, diffId: p.layer.diffId } : undefined,
    ownedBy: p.ownedBy,
  });
}

function sortedFacts(inv: Inventory, opts: { source: boolean }): string[] {
  return inv.packages.map((p) => facts(p, opts)).sort();
}

describe('round trip through the CycloneDX writer', () => {
  const original = makeInventory();
  const { inventory, issues } = parseSbom(renderCycloneDx(original), 'drydock.cdx.json', { toolVersion: '9.9.9' });

  it('reads every package back with its type, name, version, purl, source, epoch, release, arch, layer and owner', () => {
    expect(issues).toEqual([]);
    expect(sortedFacts(inventory, { source: true })).toEqual(sortedFacts(original, { source: true }));
  });

  it('reads the OS exactly as the os-release cataloger recorded it', () => {
    expect(inventory.os).toEqual(original.os);
  });

  it('reads the image facts back', () => {
    const { config: _c, layers, ...image } = original.image;
    expect(inventory.image).toMatchObject(image);
    expect(inventory.image.layers).toEqual(layers.map((l) => ({ index: l.index, diffId: l.diffId })));
    expect(inventory.createdAt).toBe(original.createdAt);
    expect(inventory.tool).toEqual({ name: 'drydock', version: '9.9.9' });
  });

  it('keeps cataloger metadata, JSON values included', () => {
    const libc = inventory.packages.find((p) => p.name === 'libc6');
    expect(libc?.metadata).toEqual({ maintainer: 'GNU Libc Maintainers <debian-glibc@lists.debian.org>', installedSize: 12986, status: 'install ok installed' });
    const lang = inventory.packages.find((p) => p.name === 'org.apache.commons:commons-lang3');
    expect(lang?.metadata).toMatchObject({ groupId: 'org.apache.commons', artifactId: 'commons-lang3', manifest: { 'Bundle-Name': 'Apache Commons Lang' } });
  });

  it('keeps both occurrences of a purl found at two locations', () => {
    expect(inventory.packages.filter((p) => p.purl === 'pkg:npm/lodash@4.17.21').map((p) => p.locations[0]).sort()).toEqual([
      '/app/node_modules/lodash/package.json',
      '/srv/tools/node_modules/lodash/package.json',
    ]);
  });
});

describe('round trip through the SPDX writer', () => {
  const original = makeInventory();
  const { inventory, issues } = parseSbom(renderSpdx(original), 'drydock.spdx.json');

  it('reads every package back (SPDX 2.3 has no field for the source package, so that is not compared)', () => {
    expect(issues).toEqual([]);
    expect(sortedFacts(inventory, { source: false })).toEqual(sortedFacts(original, { source: false }));
  });

  it('reads ownership from the OS package CONTAINS language package relationship', () => {
    expect(inventory.packages.find((p) => p.type === 'python')?.ownedBy).toEqual({ type: 'dpkg', name: 'python3-yaml', version: '6.0-3+b2' });
  });

  it('reads the OS, image kind, platform, config digest and layers back', () => {
    const { codename: _codename, ...os } = original.os ?? { family: '', source: '' };
    expect(inventory.os).toEqual(os);
    expect(inventory.image).toMatchObject({
      reference: original.image.reference,
      sourceKind: 'registry',
      manifestDigest: original.image.manifestDigest,
      configDigest: original.image.configDigest,
      platform: 'linux/amd64',
    });
    // SPDX lists no layers of its own: they are gathered from the packages' layer references.
    expect(inventory.image.layers.map((l) => l.index)).toEqual([0, 1, 2]);
  });

  it('gives back free-text licences behind their LicenseRef', () => {
    const gem = inventory.packages.find((p) => p.type === 'gem');
    expect(gem?.licenses).toEqual(['Ruby License (custom) / see COPYING']);
  });
});
