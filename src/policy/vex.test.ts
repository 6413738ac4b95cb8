import { describe, expect, it } from 'vitest';
import { sampleScanResult } from '../report/vuln/__fixtures__/scan-result.js';
import { PolicyError } from './errors.js';
import { applyVex, MAX_VEX_LENGTH, parseVex } from './vex.js';

const DIGEST = 'sha256:abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd';

// Shaped after the OpenVEX 0.2 examples (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md).
function openVex(statements: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': 'https://example.com/vex/app-2024-07',
    author: 'Platform team <platform@example.com>',
    timestamp: '2024-06-01T00:00:00Z',
    version: 1,
    statements,
    ...extra,
  });
}

const imageProduct = (subs: string[]) => ({
  '@id': `pkg:oci/app@${DIGEST.replace(':', '%3A')}?repository_url=registry.example.com/team/app`,
  subcomponents: subs.map((s) => ({ '@id': s })),
});

function errorOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return undefined;
}

describe('parseVex() — OpenVEX', () => {
  it('reads statements with products, subcomponents, justification and timestamps', () => {
    const doc = parseVex(openVex([{
      vulnerability: { name: 'CVE-2023-4911', aliases: ['DSA-5514-1'] },
      products: [imageProduct(['pkg:deb/debian/libc6'])],
      status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', impact_statement: 'No setuid binaries in the image.',
      timestamp: '2024-06-15T00:00:00Z',
    }]), 'app.openvex.json');
    expect(doc.format).toBe('openvex');
    expect(doc.statements[0]).toMatchObject({
      vulnerability: 'CVE-2023-4911', aliases: ['DSA-5514-1'], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path',
      impactStatement: 'No setuid binaries in the image.', timestamp: Date.parse('2024-06-15T00:00:00Z'),
      products: [{ ids: [expect.stringMatching(/^pkg:oci\/app@/)], subcomponents: ['pkg:deb/debian/libc6'] }],
    });
  });

  it('reads the 0.0.x string forms of vulnerability and product', () => {
    const doc = parseVex(openVex([{ vulnerability: 'CVE-2021-23337', products: ['pkg:npm/lodash@4.17.20'], status: 'fixed' }]), 'old.json');
    expect(doc.statements[0]).toMatchObject({ vulnerability: 'CVE-2021-23337', products: [{ ids: ['pkg:npm/lodash@4.17.20'], subcomponents: [] }] });
  });

  it.each`
    what                                           | text                                                                                                          | message
    ${'not JSON'}                                  | ${'{"@context": '}                                                                                             | ${/^INVALID_VEX: vex\.json: not JSON/}
    ${'an array'}                                  | ${'[]'}                                                                                                        | ${/a VEX document is a JSON object/}
    ${'neither format'}                            | ${'{"statements": []}'}                                                                                        | ${/neither OpenVEX .* nor CycloneDX/}
    ${'an unknown status'}                         | ${openVex([{ vulnerability: 'CVE-1', products: ['pkg:npm/a'], status: 'maybe' }])}                            | ${/statements\[0\]\.status: Invalid enum value/}
    ${'an unknown justification'}                  | ${openVex([{ vulnerability: 'CVE-1', products: ['pkg:npm/a'], status: 'not_affected', justification: 'trust me' }])} | ${/statements\[0\]\.justification/}
    ${'a misspelt field'}                          | ${openVex([{ vulnerability: 'CVE-1', products: ['pkg:npm/a'], status: 'not_affected', justifcation: 'x' }])}  | ${/Unrecognized key\(s\) in object: 'justifcation'/}
    ${'not_affected with no justification'}        | ${openVex([{ vulnerability: 'CVE-1', products: ['pkg:npm/a'], status: 'not_affected' }])}                     | ${/statements\[0\] \(CVE-1\): not_affected needs a justification or an impact_statement/}
    ${'a product of the wrong type'}               | ${openVex([{ vulnerability: 'CVE-1', products: [42], status: 'fixed' }])}                                      | ${/statements\[0\]\.products\[0\]/}
    ${'statements that are not a list'}            | ${openVex([]).replace('"statements":[]', '"statements":{"a":1}')}                                              | ${/statements: Expected array/}
    ${'a missing author'}                          | ${openVex([], { author: undefined })}                                                                          | ${/author: Required/}
    ${'an unknown top-level field'}                | ${openVex([], { '@kontext': 'x' })}                                                                            | ${/Unrecognized key/}
    ${'a huge vulnerability name'}                 | ${openVex([{ vulnerability: 'C'.repeat(300), products: ['pkg:npm/a'], status: 'fixed' }])}                    | ${/longer than 200 characters/}
  `('rejects $what with a typed error naming the document', ({ text, message }) => {
    const out = errorOf(() => parseVex(text, 'vex.json'));
    expect(out).toMatch(/^INVALID_VEX: vex\.json: /);
    expect(out).toMatch(message);
  });

  it('rejects a huge document before parsing it', () => {
    expect(errorOf(() => parseVex(' '.repeat(MAX_VEX_LENGTH + 1), 'big.json'))).toMatch(/^INPUT_TOO_LARGE: big\.json/);
  });

  it('is not fooled by __proto__ keys', () => {
    const out = errorOf(() => parseVex('{"__proto__": {"polluted": true}, "bomFormat": "CycloneDX", "specVersion": "1.6"}', 'p.json'));
    expect(out).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// A CycloneDX 1.6 VEX as Dependency-Track and cdxgen write them: components with purls, vulnerabilities with analysis.
function cdxVex(vulnerabilities: unknown[]): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    metadata: { timestamp: '2024-06-01T00:00:00Z', component: { type: 'container', 'bom-ref': 'image', name: 'registry.example.com/team/app' } },
    components: [
      { type: 'library', 'bom-ref': 'zlib', name: 'zlib1g', purl: 'pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64' },
      { type: 'library', 'bom-ref': 'no-purl', name: 'something' },
    ],
    vulnerabilities,
  });
}

describe('parseVex() — CycloneDX', () => {
  it('maps analysis states and resolves affects refs to purls', () => {
    const doc = parseVex(cdxVex([
      { id: 'CVE-2023-45853', analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: 'minizip is not built' }, affects: [{ ref: 'zlib' }] },
      { id: 'CVE-2021-44228', references: [{ id: 'GHSA-jfh8-c2jp-5v3q', source: { name: 'GitHub' } }], analysis: { state: 'exploitable', response: ['update'] }, affects: [{ ref: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }] },
      { id: 'CVE-2024-0727', analysis: { state: 'resolved' }, affects: [{ ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#image' }] },
      { id: 'CVE-2024-1', analysis: { state: 'false_positive' }, affects: [{ ref: 'no-purl' }] },
      { id: 'CVE-2024-2', affects: [{ ref: 'zlib' }] },
    ]), 'bom.vex.json');
    expect(doc.format).toBe('cyclonedx');
    expect(doc.statements.map((s) => [s.vulnerability, s.status, s.justification])).toEqual([
      ['CVE-2023-45853', 'not_affected', 'code_not_reachable'],
      ['CVE-2021-44228', 'affected', undefined],
      ['CVE-2024-0727', 'fixed', undefined],
    ]);
    expect(doc.statements[1]!.aliases).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    expect(doc.statements[2]!.products).toEqual([{ ids: [], subcomponents: [], isSubject: true }]);
    expect(doc.issues).toEqual([
      'bom.vex.json: vulnerabilities[3] (CVE-2024-1): affects ref "no-purl" names no component with a purl, ignored',
      'bom.vex.json: vulnerabilities[3] (CVE-2024-1): affects nothing Drydock can match, skipped',
      'bom.vex.json: vulnerabilities[4] (CVE-2024-2): no analysis state, skipped',
    ]);
  });

  it.each`
    what                              | text                                                                                                  | message
    ${'an unknown analysis state'}    | ${cdxVex([{ id: 'CVE-1', analysis: { state: 'fine' }, affects: [{ ref: 'zlib' }] }])}                | ${/vulnerabilities\[0\]\.analysis\.state/}
    ${'an unknown analysis field'}    | ${cdxVex([{ id: 'CVE-1', analysis: { state: 'not_affected', justifcation: 'x' } }])}                 | ${/Unrecognized key\(s\) in object: 'justifcation'/}
    ${'an unsupported spec version'}  | ${cdxVex([]).replace('"1.6"', '"1.2"')}                                                               | ${/specVersion/}
    ${'affects that is not a list'}   | ${cdxVex([{ id: 'CVE-1', analysis: { state: 'resolved' }, affects: 'zlib' }])}                       | ${/vulnerabilities\[0\]\.affects: Expected array/}
  `('rejects $what', ({ text, message }) => {
    const out = errorOf(() => parseVex(text, 'bom.vex.json'));
    expect(out).toMatch(/^INVALID_VEX: bom\.vex\.json: not a valid CycloneDX VEX document: /);
    expect(out).toMatch(message);
  });
});

describe('applyVex()', () => {
  const result = sampleScanResult();

  it('suppresses not_affected and fixed statements with their justification; affected keeps the finding', () => {
    const doc = parseVex(openVex([
      { vulnerability: { name: 'CVE-2023-4911' }, products: [imageProduct(['pkg:deb/debian/libc6'])], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', impact_statement: 'No setuid binaries.' },
      { vulnerability: { name: 'GHSA-35jh-r3h4-6jhm' }, products: [{ '@id': 'pkg:npm/lodash@4.17.20' }], status: 'fixed' },
      { vulnerability: { name: 'CVE-2021-44228' }, products: [imageProduct([])], status: 'affected', action_statement: 'Upgrade log4j.' },
      // Names the image but another package: must not suppress zlib's finding.
      { vulnerability: { name: 'CVE-2023-45853' }, products: [imageProduct(['pkg:deb/debian/libc6'])], status: 'not_affected', justification: 'component_not_present' },
    ]), 'app.openvex.json');
    const out = applyVex(result, [doc]);
    const vex = out.suppressed.filter((s) => s.by === 'vex' && s.finding.id !== 'CVE-2022-46908');
    expect(vex.map((s) => [s.finding.id, s.reason, s.justification])).toEqual([
      ['CVE-2023-4911', 'not_affected (app.openvex.json): No setuid binaries.', 'vulnerable_code_not_in_execute_path'],
      ['CVE-2021-23337', 'fixed (app.openvex.json)', undefined],
    ]);
    expect(out.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['CVE-2021-44228', 'CVE-2023-45853']));
    expect(out.findings).toHaveLength(5);
  });

  it('lets the most recent statement decide, across documents', () => {
    const older = parseVex(openVex([{ vulnerability: 'CVE-2024-0727', products: ['pkg:deb/debian/libssl3'], status: 'not_affected', justification: 'vulnerable_code_not_present', timestamp: '2024-01-01T00:00:00Z' }]), 'a.json');
    const newer = parseVex(openVex([{ vulnerability: 'CVE-2024-0727', products: ['pkg:deb/debian/libssl3'], status: 'under_investigation', timestamp: '2024-03-01T00:00:00Z' }]), 'b.json');
    expect(applyVex(result, [older, newer]).findings.map((f) => f.id)).toContain('CVE-2024-0727');
    expect(applyVex(result, [newer, older]).findings.map((f) => f.id)).toContain('CVE-2024-0727');
    const newest = parseVex(openVex([{ vulnerability: 'CVE-2024-0727', products: ['pkg:deb/debian/libssl3'], status: 'not_affected', justification: 'component_not_present', timestamp: '2024-05-01T00:00:00Z' }]), 'c.json');
    expect(applyVex(result, [older, newer, newest]).findings.map((f) => f.id)).not.toContain('CVE-2024-0727');
  });

  it('ignores statements about another image', () => {
    const other = parseVex(openVex([{ vulnerability: 'CVE-2023-4911', products: [{ '@id': `pkg:oci/app@sha256%3A${'0'.repeat(64)}`, subcomponents: [{ '@id': 'pkg:deb/debian/libc6' }] }], status: 'not_affected', justification: 'component_not_present' }]), 'x.json');
    expect(applyVex(result, [other]).findings).toHaveLength(7);
  });

  it('applies CycloneDX VEX and turns its issues into warnings', () => {
    const doc = parseVex(cdxVex([
      { id: 'CVE-2023-45853', analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: 'minizip is not built' }, affects: [{ ref: 'zlib' }] },
      { id: 'CVE-2024-1', analysis: { state: 'resolved' }, affects: [{ ref: 'missing' }] },
    ]), 'bom.vex.json');
    const out = applyVex(result, [doc]);
    expect(out.suppressed.find((s) => s.finding.id === 'CVE-2023-45853')).toMatchObject({ by: 'vex', reason: 'not_affected (bom.vex.json): minizip is not built', justification: 'code_not_reachable' });
    expect(out.warnings).toContain('bom.vex.json: vulnerabilities[1] (CVE-2024-1): affects nothing Drydock can match, skipped');
  });
});
