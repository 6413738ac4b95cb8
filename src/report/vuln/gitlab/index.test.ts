import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { hostileFinding, sampleScanResult } from '../__fixtures__/scan-result.js';
import { VulnReportError } from '../errors.js';
import { gitlabCvssVector, renderGitlabReport } from './index.js';

// GitLab's schema 15.2.4 (see __fixtures__/README.md).
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__', 'container-scanning-report-format.subset.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(schema);
const valid = (text: string): string => (validate(JSON.parse(text)) ? '' : ajv.errorsText(validate.errors));

interface Vuln {
  id: string; name: string; severity: string; solution: string; description?: string;
  identifiers: { type: string; name: string; value: string; url?: string }[];
  cvss_vectors?: { vendor: string; vector: string }[]; links?: { url: string }[];
  location: { dependency: { package: { name: string }; version: string }; operating_system: string; image: string };
}
interface Report { version: string; scan: Record<string, unknown> & { messages?: { level: string; value: string }[] }; vulnerabilities: Vuln[] }

describe('renderGitlabReport()', () => {
  const text = renderGitlabReport(sampleScanResult());
  const report = JSON.parse(text) as Report;

  it('validates against the GitLab container-scanning schema', () => {
    expect(valid(text)).toBe('');
  });

  it('writes the scan block with times in the schema format', () => {
    expect(report.version).toBe('15.2.4');
    expect(report.scan).toMatchObject({ type: 'container_scanning', status: 'success', start_time: '2024-07-01T10:20:30', end_time: '2024-07-01T10:20:30' });
    expect(report.scan.messages).toEqual(expect.arrayContaining([{ level: 'warn', value: 'debian 12 is supported until 2026-06-10' }]));
    const timed = JSON.parse(renderGitlabReport(sampleScanResult(), { startTime: '2024-07-01T10:00:00.123Z', endTime: '2024-07-01T10:21:00Z' })) as Report;
    expect(timed.scan).toMatchObject({ start_time: '2024-07-01T10:00:00', end_time: '2024-07-01T10:21:00' });
  });

  it('maps each finding with severity label, identifiers, vectors, solution and container location', () => {
    const log4j = report.vulnerabilities.find((v) => v.identifiers[0]!.value === 'CVE-2021-44228')!;
    expect(log4j.severity).toBe('Critical');
    expect(log4j.identifiers.map((i) => [i.type, i.value])).toEqual([['cve', 'CVE-2021-44228'], ['ghsa', 'GHSA-jfh8-c2jp-5v3q'], ['cwe', '20'], ['cwe', '400'], ['cwe', '502']]);
    expect(log4j.cvss_vectors).toEqual([
      { vendor: 'ghsa', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' },
      { vendor: 'nvd', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C' },
      { vendor: 'osv', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H' },
    ]);
    expect(log4j.solution).toBe('Upgrade org.apache.logging.log4j:log4j-core from 2.14.1 to 2.15.0 or later.');
    expect(log4j.location).toEqual({
      dependency: { package: { name: 'org.apache.logging.log4j:log4j-core' }, version: '2.14.1' },
      operating_system: 'debian 12',
      image: 'registry.example.com/team/app:1.4.2',
    });
    expect(report.vulnerabilities.find((v) => v.identifiers[0]!.value === 'CVE-2024-0727')!.severity).toBe('Medium');
    expect(report.vulnerabilities.find((v) => v.identifiers[0]!.value === 'MAL-2024-1234')!.identifiers[0]!.type).toBe('mal');
  });

  it('lists the most urgent first, leaves suppressed findings out and gives stable UUIDs', () => {
    expect(report.vulnerabilities.map((v) => v.identifiers[0]!.value)).toEqual([
      'MAL-2024-1234', 'CVE-2021-44228', 'CVE-2023-45853', 'CVE-2023-4911', 'CVE-2021-23337', 'CVE-2024-0727', 'CVE-2024-2398',
    ]);
    for (const v of report.vulnerabilities) expect(v.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(report.vulnerabilities.map((v) => v.id)).size).toBe(7);
  });

  it('never writes the properties the schema subset dropped', () => {
    for (const v of report.vulnerabilities) for (const k of ['details', 'tracking', 'flags']) expect(v).not.toHaveProperty(k);
    for (const k of ['options', 'partial_scan', 'observability']) expect(report.scan).not.toHaveProperty(k);
  });

  it('stays valid with hostile texts, bad vectors and no OS', () => {
    const r = sampleScanResult();
    const h = hostileFinding();
    h.ratings = [{ source: 'x', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/garbage' } }];
    h.title = 'T'.repeat(400);
    r.findings.push(h);
    delete r.inventory.os;
    const out = renderGitlabReport(r);
    expect(valid(out)).toBe('');
    const v = (JSON.parse(out) as Report).vulnerabilities.find((x) => x.identifiers[0]!.value === 'GHSA-aaaa-bbbb-cccc')!;
    expect(v).not.toHaveProperty('cvss_vectors');
    expect([...v.name].length).toBe(255);
    expect(v.location.operating_system).toBe('unknown');
    expect(v.links).toEqual([{ url: 'https://example.com/a%20b)c' }]);
  });

  it('rejects a time option that is not a date', () => {
    expect(() => renderGitlabReport(sampleScanResult(), { startTime: 'soon' })).toThrow(VulnReportError);
  });

  it('is deterministic', () => {
    const r = sampleScanResult();
    expect(renderGitlabReport({ ...r, findings: [...r.findings].reverse() })).toBe(text);
  });
});

describe('gitlabCvssVector()', () => {
  it.each`
    version  | vector                                              | out
    ${'2.0'} | ${'CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P'}            | ${'AV:N/AC:L/Au:N/C:P/I:P/A:P'}
    ${'2.0'} | ${'(AV:N/AC:L/Au:N/C:P/I:P/A:P)'}                   | ${'AV:N/AC:L/Au:N/C:P/I:P/A:P'}
    ${'3.0'} | ${'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'}   | ${'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'}
    ${'3.1'} | ${'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'}            | ${undefined}
    ${'4.0'} | ${'CVSS:4.0/AV:N'}                                  | ${undefined}
  `('$version $vector → $out', ({ version, vector, out }) => {
    expect(gitlabCvssVector(version, vector)).toBe(out);
  });
});
