import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../model/index.js';
import { makeInventory } from '../__fixtures__/inventory.js';
import { ReportError } from '../errors.js';
import schema from './schema/spdx-schema.json' with { type: 'json' };
import { DEFAULT_NAMESPACE_BASE, IMAGE_SPDXID, OS_SPDXID, renderSpdx, toIdString } from './index.js';
import type { SpdxDocument, SpdxPackage } from './index.js';

// The SPDX 2.3 schema (see schema/README.md for its source). strict: false because the schema carries
// annotations ajv does not know ("deprecated" is known, "$comment" too; keep the check about data, not style).
const ajv = new Ajv2019({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

function render(inv: Inventory = makeInventory()): { text: string; doc: SpdxDocument } {
  const text = renderSpdx(inv);
  return { text, doc: JSON.parse(text) as SpdxDocument };
}

describe('renderSpdx()', () => {
  const { text, doc } = render();
  const byPurl = (purl: string): SpdxPackage[] =>
    doc.packages.filter((p) => p.externalRefs?.some((r) => r.referenceType === 'purl' && r.referenceLocator === purl));

  it('validates against the SPDX 2.3 JSON schema', () => {
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The check has teeth: an SPDXID with a character the schema forbids is rejected.
    const broken = structuredClone(doc);
    (broken.packages[1] as SpdxPackage).SPDXID = 'SPDXRef-Package-@babel/core';
    expect(validate(broken)).toBe(false);
  });

  it('renders the same bytes twice, and whatever the input order', () => {
    const shuffled = makeInventory();
    shuffled.packages.reverse();
    expect(renderSpdx(makeInventory())).toBe(text);
    expect(renderSpdx(shuffled)).toBe(text);
  });

  it('writes the document header', () => {
    expect(doc).toMatchObject({ spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', name: 'docker.io/library/example:1.0' });
    expect(doc.creationInfo).toEqual({ created: '2024-05-01T12:34:56Z', creators: ['Tool: drydock-0.1.0'] });
    expect(doc.documentNamespace.startsWith(`${DEFAULT_NAMESPACE_BASE}/docker.io-library-example-1.0/${'d'.repeat(64)}-`)).toBe(true);
  });

  it('gives every package a unique, valid SPDXID and lists each purl once per occurrence', () => {
    const inv = makeInventory();
    const ids = doc.packages.map((p) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const i of ids) expect(i).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
    const purls = doc.packages.flatMap((p) => p.externalRefs ?? []).map((r) => r.referenceLocator);
    expect(purls.sort()).toEqual(inv.packages.map((p) => p.purl).sort());
    expect(byPurl('pkg:npm/lodash@4.17.21')).toHaveLength(2);
  });

  it('describes the image and has it contain the OS and every package', () => {
    const inv = makeInventory();
    expect(doc.relationships).toContainEqual({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: IMAGE_SPDXID });
    const contained = doc.relationships.filter((r) => r.spdxElementId === IMAGE_SPDXID && r.relationshipType === 'CONTAINS');
    expect(contained).toHaveLength(inv.packages.length + 1);
    expect(contained.map((r) => r.relatedSpdxElement)).toContain(OS_SPDXID);
    const image = doc.packages.find((p) => p.SPDXID === IMAGE_SPDXID);
    expect(image).toMatchObject({ primaryPackagePurpose: 'CONTAINER', versionInfo: `sha256:${'d'.repeat(64)}`, checksums: [{ algorithm: 'SHA256', checksumValue: 'd'.repeat(64) }] });
  });

  it('links a language package to the OS package that owns it', () => {
    const [py] = byPurl('pkg:pypi/pyyaml@6.0');
    const [deb] = byPurl('pkg:deb/debian/python3-yaml@6.0-3+b2?arch=amd64&distro=debian-12');
    expect(doc.relationships).toContainEqual(expect.objectContaining({ spdxElementId: deb?.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: py?.SPDXID }));
    expect(py?.originator).toBe('Person: Kirill Simonov (xi@resolvent.net)');
  });

  it('writes rpm versions as EVR and suppliers in agent syntax', () => {
    const [rpm] = byPurl('pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.3&epoch=1');
    expect(rpm).toMatchObject({ versionInfo: '1:3.0.7-27.el9', supplier: 'Organization: Red Hat, Inc.', downloadLocation: 'NOASSERTION', licenseConcluded: 'NOASSERTION' });
    expect(rpm?.SPDXID).toMatch(/^SPDXRef-Package-rpm-openssl-libs-1-3.0.7-27.el9-[0-9a-f]{12}$/);
  });

  it('declares valid SPDX expressions and defines every LicenseRef it uses', () => {
    expect(byPurl('pkg:npm/%40babel/core@7.24.0')[0]?.licenseDeclared).toBe('MIT');
    expect(byPurl('pkg:npm/dual_licensed%2Bpkg@1.0.0-rc.1+build.5')[0]?.licenseDeclared).toBe('(MIT OR Apache-2.0) AND ISC');
    expect(byPurl('pkg:golang/github.com/spf13/cobra@v1.8.0')[0]?.licenseDeclared).toBe('NOASSERTION');
    const libc = byPurl('pkg:deb/debian/libc6@2.36-9+deb12u8?arch=amd64&distro=debian-12')[0]?.licenseDeclared ?? '';
    // "LGPL-2.1+" is valid SPDX (deprecated id plus "+"); "GPL-2" is Debian's short name, not an SPDX id.
    expect(libc).toBe('LGPL-2.1+ AND LicenseRef-GPL-2');
    expect(byPurl('pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.3&epoch=1')[0]?.licenseDeclared).toMatch(/^LicenseRef-ASL-2.0-[0-9a-f]{8}$/);
    const defined = new Set((doc.hasExtractedLicensingInfos ?? []).map((l) => l.licenseId));
    const used = new Set(doc.packages.flatMap((p) => [...p.licenseDeclared.matchAll(/LicenseRef-[A-Za-z0-9.-]+/g)].map((m) => m[0])));
    expect([...used].sort()).toEqual([...defined].sort());
    expect(doc.hasExtractedLicensingInfos).toContainEqual(expect.objectContaining({ extractedText: 'Ruby License (custom) / see COPYING' }));
    expect(defined).toContain('LicenseRef-EPL-Extra');
  });

  it('uses a namespace passed in options, and rejects one with a fragment', () => {
    expect(JSON.parse(renderSpdx(makeInventory(), { namespace: 'https://example.org/sbom/1' })).documentNamespace).toBe('https://example.org/sbom/1');
    expect(() => renderSpdx(makeInventory(), { namespace: 'https://example.org/x#y' })).toThrow(ReportError);
    expect(() => renderSpdx(makeInventory(), { namespace: 'not a uri' })).toThrow(ReportError);
  });

  it('renders a valid document for an image with no digest, OS or packages', () => {
    const inv = makeInventory();
    delete inv.image.manifestDigest;
    const bare = { ...inv, os: undefined, packages: [] };
    const d = render(bare).doc;
    expect(validate(d)).toBe(true);
    expect(d.packages).toHaveLength(1);
    expect(d.documentNamespace).toContain('/no-digest-');
  });
});

describe('toIdString()', () => {
  it.each`
    input                         | expected
    ${'@babel/core'}              | ${'babel-core'}
    ${'naïve_gem'}                | ${'na-ve-gem'}
    ${'1:2.38.1-5+deb12u1'}       | ${'1-2.38.1-5-deb12u1'}
    ${'github.com/spf13/cobra'}   | ${'github.com-spf13-cobra'}
    ${'+++'}                      | ${'x'}
  `('toIdString($input) is $expected', ({ input, expected }: { input: string; expected: string }) => {
    expect(toIdString(input)).toBe(expected);
  });
});
