import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { hostileFinding, npm, finding, sampleScanResult } from '../__fixtures__/scan-result.js';
import { VulnReportError } from '../errors.js';
import { renderCycloneDxVex } from './index.js';

interface Vuln {
  'bom-ref': string; id: string; source: { name: string; url: string };
  ratings: { source: { name: string }; method: string; score?: number; severity?: string; vector?: string }[];
  cwes?: number[]; references?: { id: string }[]; advisories?: { url: string }[]; recommendation: string;
  affects: { ref: string; versions: { version: string; status: string }[] }[];
  analysis?: { state?: string; justification?: string; response?: string[]; detail?: string };
}
interface Bom { specVersion: string; serialNumber: string; components: { 'bom-ref': string; purl?: string }[]; vulnerabilities: Vuln[] }

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

describe('renderCycloneDxVex()', () => {
  const text = renderCycloneDxVex(sampleScanResult());
  const bom = JSON.parse(text) as Bom;

  it('validates against the CycloneDX 1.6 JSON schema (strict)', async () => {
    expect(await validator.validate(text)).toBeNull();
  });

  it('has one vulnerability per finding and per suppressed finding, each affecting a component of the BOM', () => {
    expect(bom.specVersion).toBe('1.6');
    expect(bom.vulnerabilities).toHaveLength(9);
    const refs = new Set(bom.components.map((c) => c['bom-ref']));
    for (const v of bom.vulnerabilities) for (const a of v.affects) expect(refs.has(a.ref)).toBe(true);
    const glibc = bom.vulnerabilities.find((v) => v.id === 'CVE-2023-4911')!;
    expect(bom.components.find((c) => c['bom-ref'] === glibc.affects[0]!.ref)!.purl).toBe('pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12');
  });

  it('writes ratings with methods, vectors and scores, CWEs, aliases and the fix', () => {
    const log4j = bom.vulnerabilities.find((v) => v.id === 'CVE-2021-44228')!;
    expect(log4j.source).toEqual({ name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' });
    expect(log4j.ratings.map((r) => [r.source.name, r.method, r.score, r.severity])).toEqual([
      ['ghsa', 'CVSSv31', 10, 'critical'],
      ['nvd', 'CVSSv2', 9.3, undefined],
      ['osv', 'CVSSv4', 10, undefined], // scored from the vector: the record carried no score
    ]);
    expect(log4j.cwes).toEqual([20, 400, 502]);
    expect(log4j.references).toEqual([{ id: 'GHSA-jfh8-c2jp-5v3q', source: { name: 'GitHub Advisory Database', url: 'https://github.com/advisories/GHSA-jfh8-c2jp-5v3q' } }]);
    expect(log4j.recommendation).toBe('Upgrade org.apache.logging.log4j:log4j-core from 2.14.1 to 2.15.0 or later.');
    expect(log4j.affects[0]!.versions).toEqual([{ version: '2.14.1', status: 'affected' }]);
    const openssl = bom.vulnerabilities.find((v) => v.id === 'CVE-2024-0727')!;
    expect(openssl.ratings.find((r) => r.source.name === 'debian')).toEqual({ source: { name: 'debian' }, method: 'other', severity: 'medium' });
  });

  it('gives suppressed findings an analysis: VEX not_affected with its justification, ignore-file as an accepted risk', () => {
    const vex = bom.vulnerabilities.find((v) => v.id === 'CVE-2022-46908')!;
    expect(vex.analysis).toEqual({ state: 'not_affected', justification: 'code_not_present', detail: 'not_affected (vex.openvex.json): sqlite CLI is not shipped' });
    expect(vex.affects[0]!.versions[0]!.status).toBe('unaffected');
    const ignored = bom.vulnerabilities.find((v) => v.id === 'CVE-2021-44906')!;
    expect(ignored.analysis).toEqual({ response: ['will_not_fix'], detail: 'Accepted in the ignore file: only used at build time' });
    const unsuppressed = bom.vulnerabilities.find((v) => v.id === 'CVE-2021-23337')!;
    expect(unsuppressed).not.toHaveProperty('analysis');
  });

  it('maps a VEX fixed statement to resolved', async () => {
    const r = sampleScanResult();
    r.suppressed[0] = { ...r.suppressed[0]!, reason: 'fixed (vendor.json)', justification: undefined };
    const out = renderCycloneDxVex(r);
    expect((JSON.parse(out) as Bom).vulnerabilities.find((v) => v.id === 'CVE-2022-46908')!.analysis).toEqual({ state: 'resolved', detail: 'fixed (vendor.json)' });
    expect(await validator.validate(out)).toBeNull();
  });

  it('adds a component for a finding whose package the inventory does not list, and stays valid with hostile text', async () => {
    const r = sampleScanResult();
    r.findings.push(hostileFinding(), finding(npm('ghost', '0.0.1'), { id: 'CVE-2020-7788', cwes: ['CWE-abc', 'NVD-CWE-noinfo'] }));
    const out = renderCycloneDxVex(r);
    expect(await validator.validate(out)).toBeNull();
    const b = JSON.parse(out) as Bom;
    expect(b.components.some((c) => c.purl === 'pkg:npm/ghost@0.0.1')).toBe(true);
    expect(b.vulnerabilities.find((v) => v.id === 'CVE-2020-7788')).not.toHaveProperty('cwes');
  });

  it('derives the serial from the content and accepts a given one, rejecting a malformed one', () => {
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const r = sampleScanResult();
    r.findings.pop();
    expect((JSON.parse(renderCycloneDxVex(r)) as Bom).serialNumber).not.toBe(bom.serialNumber);
    const given = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
    expect((JSON.parse(renderCycloneDxVex(sampleScanResult(), { serialNumber: given })) as Bom).serialNumber).toBe(given);
    expect(() => renderCycloneDxVex(sampleScanResult(), { serialNumber: 'nope' })).toThrow(VulnReportError);
  });

  it('is deterministic', () => {
    const r = sampleScanResult();
    expect(renderCycloneDxVex({ ...r, findings: [...r.findings].reverse(), suppressed: [...r.suppressed].reverse() })).toBe(text);
  });
});
