/** Format detection and hostile input: every failure is a typed error naming the input, or an issue. */
import { describe, expect, it } from 'vitest';
import { MAX_ISSUES_PER_CODE } from './assemble.js';
import { SbomInputError, detectSbomFormat, parseSbom } from './index.js';

function cdx(components: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { timestamp: '2024-01-02T03:04:05Z' }, components, ...extra });
}

function errorOf(fn: () => unknown): SbomInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SbomInputError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('detectSbomFormat()', () => {
  it.each`
    text                                                              | format              | specVersion
    ${'{"bomFormat":"CycloneDX","specVersion":"1.2"}'}                | ${'cyclonedx-json'} | ${'1.2'}
    ${'\uFEFF  {"bomFormat":"CycloneDX","specVersion":"1.6"}'}        | ${'cyclonedx-json'} | ${'1.6'}
    ${'{"spdxVersion":"SPDX-2.2"}'}                                   | ${'spdx-json'}      | ${'SPDX-2.2'}
    ${'{"spdxVersion":"SPDX-2.3"}'}                                   | ${'spdx-json'}      | ${'SPDX-2.3'}
    ${'{"_type":"https://in-toto.io/Statement/v1","predicate":{"spdxVersion":"SPDX-2.3"}}'} | ${'spdx-json'} | ${'SPDX-2.3'}
  `('detects $format $specVersion', ({ text, format, specVersion }: { text: string; format: string; specVersion: string }) => {
    expect(detectSbomFormat(text, 'in.json')).toMatchObject({ format, specVersion });
  });

  it.each`
    what                       | text                                                                             | code
    ${'text that is not JSON'} | ${'hello'}                                                                       | ${'NOT_JSON'}
    ${'truncated JSON'}        | ${'{"bomFormat":"CycloneDX",'}                                                   | ${'NOT_JSON'}
    ${'an empty string'}       | ${''}                                                                            | ${'NOT_JSON'}
    ${'a JSON array'}          | ${'[1,2]'}                                                                       | ${'UNKNOWN_SBOM_FORMAT'}
    ${'JSON null'}             | ${'null'}                                                                        | ${'UNKNOWN_SBOM_FORMAT'}
    ${'another JSON object'}   | ${'{"name":"x"}'}                                                                | ${'UNKNOWN_SBOM_FORMAT'}
    ${'CycloneDX XML'}         | ${'<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"></bom>'} | ${'UNSUPPORTED_SBOM_FORMAT'}
    ${'SPDX tag-value'}        | ${'SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n'}                               | ${'UNSUPPORTED_SBOM_FORMAT'}
    ${'CycloneDX 1.1 JSON'}    | ${'{"bomFormat":"CycloneDX","specVersion":"1.1"}'}                               | ${'UNSUPPORTED_SBOM_FORMAT'}
    ${'a numeric specVersion'} | ${'{"bomFormat":"CycloneDX","specVersion":1.5}'}                                 | ${'UNSUPPORTED_SBOM_FORMAT'}
    ${'SPDX 2.1'}              | ${'{"spdxVersion":"SPDX-2.1"}'}                                                  | ${'UNSUPPORTED_SBOM_FORMAT'}
    ${'SPDX 3 JSON-LD'}        | ${'{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[]}'}   | ${'UNSUPPORTED_SBOM_FORMAT'}
    ${"Syft's own JSON"}       | ${'{"artifacts":[],"descriptor":{"name":"syft","version":"1.0.0"}}'}             | ${'UNSUPPORTED_SBOM_FORMAT'}
    ${'a bad DSSE payload'}    | ${'{"payloadType":"application/vnd.in-toto+json","payload":"!!!"}'}              | ${'NOT_JSON'}
  `('rejects $what with $code, naming the input', ({ text, code }: { text: string; code: string }) => {
    const e = errorOf(() => detectSbomFormat(text, 'upload/x.json'));
    expect(e.code).toBe(code);
    expect(e.message).toContain('upload/x.json');
  });

  it('rejects text over the length limit before parsing it', () => {
    const e = errorOf(() => parseSbom(cdx([]), 'big.json', { limits: { maxTextLength: 10 } }));
    expect(e.code).toBe('SBOM_TOO_LARGE');
  });

  it('turns deeply nested JSON into a typed error, never a stack overflow', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(() => detectSbomFormat(deep, 'deep.json')).toThrow(SbomInputError);
    const context = `{"@context":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(errorOf(() => detectSbomFormat(context, 'ctx.json')).code).toBe('UNKNOWN_SBOM_FORMAT');
  });

  it('reads deeply nested JSON in a metadata property value as the text it is', () => {
    const value = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const comp = { name: 'a', version: '1', purl: 'pkg:npm/a@1', properties: [{ name: 'drydock:metadata:deep', value }] };
    expect(parseSbom(cdx([comp]), 'x').inventory.packages[0]?.metadata?.deep).toBe(value);
  });
});

describe('parseSbom() on hostile or broken CycloneDX', () => {
  it('throws INVALID_SBOM when components is not an array', () => {
    const e = errorOf(() => parseSbom(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.4', components: 'x' }), 'bad.cdx.json'));
    expect(e.code).toBe('INVALID_SBOM');
    expect(e.message).toMatch(/bad\.cdx\.json.*components/);
  });

  it('skips a component with wrong field types with an issue and keeps the others', () => {
    const { inventory, issues } = parseSbom(cdx([{ type: 'library', name: 5, purl: 'pkg:npm/a@1' }, { type: 'library', name: 'b', version: '2', purl: 'pkg:npm/b@2' }]), 'x');
    expect(inventory.packages.map((p) => p.name)).toEqual(['b']);
    expect(issues).toEqual([expect.objectContaining({ code: 'SBOM_BAD_COMPONENT', path: 'components[0]' })]);
  });

  it('reports a component without a purl and one with an unparsable purl, never dropping them silently', () => {
    const { inventory, issues } = parseSbom(cdx([{ type: 'library', name: 'nopurl', version: '1' }, { type: 'library', name: 'bad', purl: 'pkg:' }]), 'x');
    expect(inventory.packages).toEqual([]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['SBOM_COMPONENT_WITHOUT_PURL', 'components[0]'],
      ['SBOM_BAD_PURL', 'components[1]'],
    ]);
  });

  it('lists unsupported purl types in one issue per type', () => {
    const comps = [{ name: 'x', version: '1', purl: 'pkg:cocoapods/x@1' }, { name: 'y', version: '2', purl: 'pkg:cocoapods/y@2' }, { name: 'z', purl: 'pkg:hex/z@3' }];
    const { issues } = parseSbom(cdx(comps), 'x');
    expect(issues.map((i) => i.message)).toEqual([
      '2 component(s) with purl type "cocoapods" not imported (no Drydock ecosystem for it): x@1, y@2',
      '1 component(s) with purl type "hex" not imported (no Drydock ecosystem for it): z',
    ]);
  });

  it('caps issues per code and counts the rest', () => {
    const comps = Array.from({ length: MAX_ISSUES_PER_CODE + 50 }, (_, i) => ({ type: 'file', name: `/f${i}` }));
    const { issues } = parseSbom(cdx(comps), 'x');
    expect(issues).toHaveLength(MAX_ISSUES_PER_CODE + 1);
    expect(issues.at(-1)?.message).toBe('50 more SBOM_COMPONENT_WITHOUT_PURL issues not listed one by one');
  });

  it('throws SBOM_TOO_LARGE past the component limit, nested components counted', () => {
    const comps = [{ name: 'a', purl: 'pkg:npm/a@1', components: [{ name: 'b', purl: 'pkg:npm/b@1' }, { name: 'c', purl: 'pkg:npm/c@1' }] }];
    expect(parseSbom(cdx(comps), 'x', { limits: { maxComponents: 3 } }).inventory.packages).toHaveLength(3);
    expect(errorOf(() => parseSbom(cdx(comps), 'x', { limits: { maxComponents: 2 } })).code).toBe('SBOM_TOO_LARGE');
  });

  it('walks deeply nested components without recursion and skips past the depth limit with an issue', () => {
    // Built as text: JSON.stringify itself recurses and cannot write this.
    const depth = 5000;
    let open = '';
    for (let i = 0; i < depth; i++) open += `{"name":"n${i}","purl":"pkg:npm/n${i}@1","components":[`;
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"timestamp":"2024-01-01T00:00:00Z"},"components":[${open}{"name":"leaf","purl":"pkg:npm/leaf@1"}${']}'.repeat(depth)}]}`;
    const { inventory, issues } = parseSbom(text, 'x');
    expect(inventory.packages).toHaveLength(64);
    expect(issues).toEqual([expect.objectContaining({ code: 'SBOM_TOO_DEEP' })]);
  });

  it('keeps a "__proto__" metadata key as data without touching Object.prototype', () => {
    const comp = { name: 'a', version: '1', purl: 'pkg:npm/a@1', properties: [{ name: 'drydock:metadata:__proto__', value: '{"polluted":true}' }] };
    const { inventory } = parseSbom(cdx([comp]), 'x');
    const meta = inventory.packages[0]?.metadata ?? {};
    expect(Object.hasOwn(meta, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
  });

  it('uses 1970-01-01 and says so when the SBOM has no usable timestamp', () => {
    const { inventory, issues } = parseSbom(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { timestamp: 'yesterday' } }), 'x');
    expect(inventory.createdAt).toBe('1970-01-01T00:00:00.000Z');
    expect(issues.map((i) => i.code)).toEqual(['SBOM_NO_TIMESTAMP']);
  });

  it('names the image after the input when the SBOM describes none', () => {
    expect(parseSbom(cdx([]), 'dir/app.cdx.json').inventory.image).toEqual({ reference: 'dir/app.cdx.json', sourceKind: 'rootfs', layers: [] });
  });
});

describe('parseSbom() on hostile or broken SPDX', () => {
  it('throws INVALID_SBOM when packages is not an array', () => {
    expect(errorOf(() => parseSbom('{"spdxVersion":"SPDX-2.3","packages":{}}', 's.json')).code).toBe('INVALID_SBOM');
  });

  it('skips a package without an SPDXID with an issue', () => {
    const doc = {
      spdxVersion: 'SPDX-2.3',
      creationInfo: { created: '2024-01-01T00:00:00Z' },
      packages: [{ name: 'x' }, { SPDXID: 'SPDXRef-a', name: 'a', versionInfo: '1', externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:gem/a@1' }] }],
    };
    const { inventory, issues } = parseSbom(JSON.stringify(doc), 's.json');
    expect(inventory.packages.map((p) => `${p.type}:${p.name}@${p.version}`)).toEqual(['gem:a@1']);
    expect(issues.map((i) => [i.code, i.path])).toEqual([['SBOM_BAD_COMPONENT', 'packages[0]']]);
  });

  it('throws SBOM_TOO_LARGE past the package limit', () => {
    const doc = { spdxVersion: 'SPDX-2.3', packages: [{ SPDXID: 'a' }, { SPDXID: 'b' }] };
    expect(errorOf(() => parseSbom(JSON.stringify(doc), 's.json', { limits: { maxComponents: 1 } })).code).toBe('SBOM_TOO_LARGE');
  });

  it('takes the OS from the OS packages\' purl distro qualifier when no OS package is listed (Syft SPDX)', () => {
    const ref = (purl: string) => [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }];
    const doc = {
      spdxVersion: 'SPDX-2.3',
      creationInfo: { created: '2024-01-01T00:00:00Z' },
      packages: [
        { SPDXID: 'SPDXRef-a', name: 'libc6', versionInfo: '2.36-9', externalRefs: ref('pkg:deb/debian/libc6@2.36-9?arch=amd64&upstream=glibc&distro=debian-12') },
        { SPDXID: 'SPDXRef-b', name: 'lodash', versionInfo: '4.17.21', externalRefs: ref('pkg:npm/lodash@4.17.21') },
      ],
    };
    const { inventory } = parseSbom(JSON.stringify(doc), 'syft.spdx.json');
    expect(inventory.os).toEqual({ family: 'debian', version: '12', source: 'syft.spdx.json: purl distro qualifier' });
    expect(inventory.packages[0]?.source).toEqual({ name: 'glibc', version: '2.36-9' });
  });
});
