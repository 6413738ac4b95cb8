import { describe, expect, it } from 'vitest';
import { hostileFinding, sampleScanResult } from '../__fixtures__/scan-result.js';
import { VulnReportError } from '../errors.js';
import { parseXml, type XmlElement } from './__fixtures__/xml-check.js';
import { renderJunit } from './index.js';

/** The structure the Ant/Jenkins junit.xsd asks for, with the attributes it requires. */
function checkJunitStructure(root: XmlElement): void {
  expect(root.name).toBe('testsuites');
  let tests = 0;
  let failures = 0;
  for (const suite of root.children) {
    expect(suite.name).toBe('testsuite');
    for (const a of ['name', 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp', 'hostname', 'id', 'package']) expect(suite.attrs).toHaveProperty(a);
    expect(suite.attrs.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(suite.children[0]!.name).toBe('properties');
    for (const p of suite.children[0]!.children) expect(Object.keys(p.attrs)).toEqual(['name', 'value']);
    const cases = suite.children.slice(1);
    for (const c of cases) {
      expect(c.name).toBe('testcase');
      expect(c.attrs).toHaveProperty('name');
      expect(c.attrs).toHaveProperty('classname');
      expect(c.children.length).toBe(1);
      expect(['failure', 'skipped']).toContain(c.children[0]!.name);
    }
    const f = cases.filter((c) => c.children[0]!.name === 'failure').length;
    expect(Number(suite.attrs.tests)).toBe(cases.length);
    expect(Number(suite.attrs.failures)).toBe(f);
    expect(Number(suite.attrs.skipped)).toBe(cases.length - f);
    tests += cases.length;
    failures += f;
  }
  expect(Number(root.attrs.tests)).toBe(tests);
  expect(Number(root.attrs.failures)).toBe(failures);
}

const cases = (root: XmlElement): XmlElement[] => root.children.flatMap((s) => s.children.slice(1));

describe('renderJunit()', () => {
  const text = renderJunit(sampleScanResult(), { failOn: 'HIGH' });
  const root = parseXml(text);

  it('is well-formed XML with the JUnit structure', () => {
    checkJunitStructure(root);
  });

  it('has one suite per package type and one case per finding; at or above the threshold they fail', () => {
    expect(root.children.map((s) => s.attrs.name)).toEqual(['dpkg', 'java', 'npm']);
    const all = cases(root);
    expect(all).toHaveLength(9);
    const failed = all.filter((c) => c.children[0]!.name === 'failure').map((c) => c.attrs.name);
    expect(failed.sort()).toEqual([
      'CVE-2021-23337 in lodash 4.17.20', 'CVE-2021-44228 in org.apache.logging.log4j:log4j-core 2.14.1', 'CVE-2023-45853 in zlib1g 1:1.2.13.dfsg-1',
      'CVE-2023-4911 in libc6 2.36-9+deb12u4', 'MAL-2024-1234 in @evil/colors-x 1.4.44',
    ]);
    const low = all.find((c) => c.attrs.name === 'CVE-2024-2398 in curl 7.88.1-10+deb12u5')!;
    expect(low.children[0]).toMatchObject({ name: 'skipped', attrs: { message: 'LOW is below the HIGH threshold' } });
    const vex = all.find((c) => c.attrs.name?.startsWith('CVE-2022-46908'))!;
    expect(vex.children[0]!.attrs.message).toBe('suppressed by vex: not_affected (vex.openvex.json): sqlite CLI is not shipped (vulnerable_code_not_present)');
    const log4j = all.find((c) => c.attrs.name?.startsWith('CVE-2021-44228'))!.children[0]!;
    expect(log4j.attrs.type).toBe('CRITICAL');
    expect(log4j.text).toContain('Known exploited (CISA KEV) since 2021-12-10');
  });

  it('fails every finding by default and can group per package', () => {
    const all = parseXml(renderJunit(sampleScanResult()));
    expect(all.attrs.failures).toBe('7');
    const per = parseXml(renderJunit(sampleScanResult(), { junitGroupBy: 'package' }));
    checkJunitStructure(per);
    expect(per.children.map((s) => s.attrs.name)).toContain('dpkg:libc6@2.36-9+deb12u4');
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    const r = sampleScanResult();
    r.findings.push(hostileFinding());
    r.inventory.image.reference = 'reg.example.com/a&b:"x"<y>';
    const out = renderJunit(r);
    const parsed = parseXml(out);
    checkJunitStructure(parsed);
    const hostile = cases(parsed).find((c) => c.attrs.name?.startsWith('GHSA-aaaa-bbbb-cccc'))!;
    expect(hostile.attrs.name).toBe('GHSA-aaaa-bbbb-cccc in left-pad<script> 1.0.0&1');
    expect(hostile.children[0]!.text).toContain('<script>alert("x")</script> & &amp;');
    expect(hostile.children[0]!.text).toContain(']]>');
    expect(parsed.attrs.name).toBe('drydock scan reg.example.com/a&b:"x"<y>');
    expect(out).not.toContain('<script>');
  });

  it('rejects unknown options', () => {
    expect(() => renderJunit(sampleScanResult(), { failOn: 'SEVERE' as never })).toThrow(VulnReportError);
    expect(() => renderJunit(sampleScanResult(), { junitGroupBy: 'layer' as never })).toThrow(/junitGroupBy/);
  });

  it('is deterministic and well-formed when there is nothing to report', () => {
    const r = sampleScanResult();
    expect(renderJunit({ ...r, findings: [...r.findings].reverse() }, { failOn: 'HIGH' })).toBe(text);
    r.findings = [];
    r.suppressed = [];
    const empty = parseXml(renderJunit(r));
    expect(empty.attrs.tests).toBe('0');
    expect(empty.children).toEqual([]);
  });
});

describe('the test XML reader', () => {
  it.each([
    ['<a><b></a></b>'], ['<a x="1" x="2"/>'], ['<a>&foo;</a>'], ['<a>& </a>'], ['<a x=1/>'], ['<a/><b/>'], ['<a>\u0001</a>'], ['<a x="<"/>'],
  ])('rejects %s', (doc) => {
    expect(() => parseXml(doc)).toThrow();
  });
});
