import { createHash } from 'node:crypto';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { makeInventory } from '../__fixtures__/inventory.js';
import { ReportError } from '../errors.js';
import { renderInventoryJson } from '../json/index.js';
import { renderCycloneDx, uuidV5 } from './index.js';

interface CdxComponent {
  type: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  'bom-ref'?: string;
  description?: string;
  supplier?: { name?: string; contact?: { name?: string; email?: string }[] };
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
  properties?: { name: string; value: string }[];
}

function parse(text: string): { components: CdxComponent[]; metadata: { timestamp: string; component: CdxComponent; tools: { components: CdxComponent[] } }; serialNumber: string; specVersion: string } {
  return JSON.parse(text);
}

function props(c: CdxComponent, name: string): string[] {
  return (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);
}

describe('renderCycloneDx()', () => {
  const text = renderCycloneDx(makeInventory());
  const bom = parse(text);
  const byPurl = (purl: string): CdxComponent[] => bom.components.filter((c) => c.purl === purl);

  it('validates against the CycloneDX 1.6 JSON schema (strict)', async () => {
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    expect(await validator.validate(text)).toBeNull();
    expect(bom.specVersion).toBe('1.6');
  });

  it('renders the same bytes twice, and whatever the input order', () => {
    const shuffled = makeInventory();
    shuffled.packages.reverse();
    shuffled.issues.reverse();
    expect(renderCycloneDx(makeInventory())).toBe(text);
    expect(renderCycloneDx(shuffled)).toBe(text);
  });

  it('has one component per package, with its purl and a unique bom-ref', () => {
    const inv = makeInventory();
    const libs = bom.components.filter((c) => c.type === 'library');
    expect(libs).toHaveLength(inv.packages.length);
    expect(libs.map((c) => c.purl).sort()).toEqual(inv.packages.map((p) => p.purl).sort());
    const refs = bom.components.map((c) => c['bom-ref']);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('keeps one purl found at two locations as two components', () => {
    const lodash = byPurl('pkg:npm/lodash@4.17.21');
    expect(lodash).toHaveLength(2);
    expect(lodash.map((c) => props(c, 'drydock:location')[0]).sort()).toEqual([
      '/app/node_modules/lodash/package.json',
      '/srv/tools/node_modules/lodash/package.json',
    ]);
    expect(lodash[0]?.['bom-ref']).not.toBe(lodash[1]?.['bom-ref']);
  });

  it('describes the image in metadata.component and drydock in tools', () => {
    expect(bom.metadata.component).toMatchObject({ type: 'container', name: 'docker.io/library/example:1.0', version: `sha256:${'d'.repeat(64)}` });
    expect(props(bom.metadata.component, 'drydock:image:platform')).toEqual(['linux/amd64']);
    expect(bom.metadata.tools.components[0]).toMatchObject({ type: 'application', name: 'drydock', version: '0.1.0' });
    expect(bom.metadata.timestamp).toBe('2024-05-01T12:34:56.789Z');
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('adds the OS as an operating-system component', () => {
    const os = bom.components.filter((c) => c.type === 'operating-system');
    expect(os).toEqual([expect.objectContaining({ name: 'debian', version: '12', description: 'Debian GNU/Linux 12 (bookworm)' })]);
    expect(props(os[0] as CdxComponent, 'drydock:os:codename')).toEqual(['bookworm']);
  });

  it('writes the rpm version as EVR and keeps epoch, release and arch as properties', () => {
    const [rpm] = byPurl('pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.3&epoch=1');
    expect(rpm?.version).toBe('1:3.0.7-27.el9');
    expect(props(rpm as CdxComponent, 'drydock:rpm:epoch')).toEqual(['1']);
    expect(props(rpm as CdxComponent, 'drydock:rpm:release')).toEqual(['27.el9']);
    expect(props(rpm as CdxComponent, 'drydock:package:arch')).toEqual(['x86_64']);
    expect(rpm?.supplier?.name).toBe('Red Hat, Inc.');
  });

  it('splits npm scopes and Maven groupIds into group', () => {
    expect(byPurl('pkg:npm/%40babel/core@7.24.0')[0]).toMatchObject({ group: '@babel', name: 'core' });
    expect(byPurl('pkg:maven/org.apache.commons/commons-lang3@3.12.0')[0]).toMatchObject({ group: 'org.apache.commons', name: 'commons-lang3' });
    expect(byPurl('pkg:golang/github.com/spf13/cobra@v1.8.0')[0]).toMatchObject({ name: 'github.com/spf13/cobra' });
  });

  it('records layer, source and owner facts as drydock properties', () => {
    const [py] = byPurl('pkg:pypi/pyyaml@6.0');
    expect(props(py as CdxComponent, 'drydock:ownedBy')).toEqual(['pkg:deb/debian/python3-yaml@6.0-3+b2?arch=amd64&distro=debian-12']);
    expect(props(py as CdxComponent, 'drydock:layer:index')).toEqual(['1']);
    expect(props(py as CdxComponent, 'drydock:layer:diffID')).toEqual([`sha256:${'b'.repeat(64)}`]);
    expect(props(py as CdxComponent, 'drydock:package:type')).toEqual(['python']);
    const [libc] = byPurl('pkg:deb/debian/libc6@2.36-9+deb12u8?arch=amd64&distro=debian-12');
    expect(props(libc as CdxComponent, 'drydock:source:name')).toEqual(['glibc']);
    expect(props(libc as CdxComponent, 'drydock:source:version')).toEqual(['2.36-9+deb12u8']);
    expect(props(libc as CdxComponent, 'drydock:metadata:installedSize')).toEqual(['12986']);
    expect(libc?.supplier).toMatchObject({ name: 'GNU Libc Maintainers', contact: [{ email: 'debian-glibc@lists.debian.org' }] });
  });

  it('maps licences to SPDX ids, names and expressions', () => {
    expect(byPurl('pkg:npm/%40babel/core@7.24.0')[0]?.licenses).toEqual([{ license: { id: 'MIT' } }]);
    expect(byPurl('pkg:deb/debian/libc6@2.36-9+deb12u8?arch=amd64&distro=debian-12')[0]?.licenses).toEqual([
      { license: { name: 'LGPL-2.1+' } },
      { license: { name: 'GPL-2' } },
    ]);
    expect(byPurl('pkg:npm/dual_licensed%2Bpkg@1.0.0-rc.1+build.5')[0]?.licenses).toEqual([{ expression: '(MIT OR Apache-2.0) AND ISC' }]);
    expect(byPurl('pkg:maven/org.eclipse.jdt/ecj@3.26.0')[0]?.licenses).toEqual([
      { expression: 'GPL-2.0-only WITH Classpath-exception-2.0 AND LicenseRef-EPL-Extra' },
    ]);
    expect(byPurl('pkg:golang/github.com/spf13/cobra@v1.8.0')[0]?.licenses).toBeUndefined();
  });

  it('uses a serial number passed in options, and rejects a malformed one', () => {
    const serial = `urn:uuid:${uuidV5('x')}`;
    expect(parse(renderCycloneDx(makeInventory(), { serialNumber: serial })).serialNumber).toBe(serial);
    expect(() => renderCycloneDx(makeInventory(), { serialNumber: 'nope' })).toThrow(ReportError);
  });

  it('derives the serial number from the bytes of the Drydock JSON report without its time, and the time', () => {
    const inv = makeInventory();
    const json = JSON.parse(renderInventoryJson(inv)) as Record<string, unknown>;
    const digest = createHash('sha256').update(`${JSON.stringify({ ...json, createdAt: '' }, null, 2)}\n`).digest('hex');
    const want = `urn:uuid:${uuidV5(`drydock:cyclonedx:${digest}:${inv.createdAt}`)}`;
    expect(parse(renderCycloneDx(inv)).serialNumber).toBe(want);
    expect(parse(renderCycloneDx({ ...inv, createdAt: '2030-01-01T00:00:00.000Z' })).serialNumber).not.toBe(want);
  });

  it('changes the derived serial number when the content changes', () => {
    const inv = makeInventory();
    inv.packages.pop();
    expect(parse(renderCycloneDx(inv)).serialNumber).not.toBe(bom.serialNumber);
  });

  it('renders an inventory with no OS and no packages', async () => {
    const inv = { ...makeInventory(), os: undefined, packages: [], issues: [] };
    const out = renderCycloneDx(inv);
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(out)).toBeNull();
    expect(parse(out).components).toEqual([]);
  });
});

describe('uuidV5()', () => {
  it('gives the standard name-based UUID in the URL namespace', () => {
    // Known value: uuid v5 of "http://example.com/" in the URL namespace (computed by Python's uuid.uuid5).
    expect(uuidV5('http://example.com/')).toBe('0a300ee9-f9e4-5697-a51a-efc7fafaba67');
  });
});
