import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { hostileFinding, sampleScanResult } from '../__fixtures__/scan-result.js';
import { FINGERPRINT_KEY, renderScanSarif } from './index.js';

// The SARIF 2.1.0 schema: the full upstream file when present, else the checked-in subset (see __fixtures__/README.md).
const fixtures = join(import.meta.dirname, '__fixtures__');
const full = join(fixtures, 'sarif-schema-2.1.0.json');
const schema = JSON.parse(readFileSync(existsSync(full) ? full : join(fixtures, 'sarif-schema-2.1.0.subset.json'), 'utf8')) as object;
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv2020) => Ajv2020)(ajv);
const validate = ajv.compile(schema);

interface Rule { id: string; help: { text: string; markdown: string }; helpUri: string; properties: Record<string, unknown>; defaultConfiguration: { level: string } }
interface Result {
  ruleId: string; ruleIndex: number; level: string; message: { text: string }; partialFingerprints: Record<string, string>;
  locations: { physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: { name: string; fullyQualifiedName: string }[] }[];
  properties: Record<string, unknown>;
}
interface Log { runs: { tool: { driver: { name: string; rules: Rule[] } }; results: Result[] }[] }

function parse(text: string): Log {
  return JSON.parse(text) as Log;
}

describe('renderScanSarif()', () => {
  const text = renderScanSarif(sampleScanResult());
  const run = parse(text).runs[0]!;

  it('is valid SARIF 2.1.0', () => {
    expect(validate(JSON.parse(text)) ? '' : ajv.errorsText(validate.errors)).toBe('');
  });

  it('has one rule per vulnerability id with help and the CVSS score as security-severity', () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      'CVE-2021-23337', 'CVE-2021-44228', 'CVE-2023-45853', 'CVE-2023-4911', 'CVE-2024-0727', 'CVE-2024-2398', 'MAL-2024-1234',
    ]);
    const log4j = run.tool.driver.rules.find((r) => r.id === 'CVE-2021-44228')!;
    expect(log4j.properties['security-severity']).toBe('10.0');
    expect(log4j.properties.tags).toEqual(expect.arrayContaining(['security', 'vulnerability', 'java', 'external/cwe/cwe-502']));
    expect(log4j.help.markdown).toContain('In CISA KEV since 2021-12-10');
    expect(log4j.helpUri).toBe('https://logging.apache.org/log4j/2.x/security.html');
    // curl's rating is LOW but the NVD vector scores 5.9: GitHub gets the score.
    expect(run.tool.driver.rules.find((r) => r.id === 'CVE-2024-2398')!.properties['security-severity']).toBe('5.9');
    // No CVSS at all: the builder's value for CRITICAL stays.
    expect(run.tool.driver.rules.find((r) => r.id === 'MAL-2024-1234')!.properties['security-severity']).toBe('9.5');
  });

  it('locates results at the package file inside the image, relative, with the image as logical location', () => {
    const r = run.results.find((x) => x.ruleId === 'CVE-2021-44228')!;
    expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('app/lib/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar');
    expect(r.locations[0]!.logicalLocations[0]).toEqual({
      name: 'registry.example.com/team/app:1.4.2',
      fullyQualifiedName: 'registry.example.com/team/app:1.4.2@sha256:abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd',
      kind: 'module',
    });
    expect(r.level).toBe('error');
    expect(r.message.text).toContain('Upgrade org.apache.logging.log4j:log4j-core from 2.14.1 to 2.15.0 or later.');
    expect(r.message.text).toContain('layer 2: COPY app/ /app/');
    for (const x of run.results) expect(x.locations[0]!.physicalLocation.artifactLocation.uri).not.toMatch(/^\//);
    expect(run.results[r.ruleIndex] === undefined || run.tool.driver.rules[r.ruleIndex]!.id === r.ruleId).toBe(true);
  });

  it('leaves suppressed findings out', () => {
    expect(run.results.map((r) => r.ruleId)).not.toContain('CVE-2022-46908');
    expect(run.results).toHaveLength(7);
  });

  it('gives stable, distinct partial fingerprints that do not depend on the tag', () => {
    const fps = run.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(fps).size).toBe(fps.length);
    for (const fp of fps) expect(fp).toMatch(/^[0-9a-f]{64}$/);
    const other = sampleScanResult();
    other.inventory.image.reference = 'registry.example.com/team/app:1.4.3';
    const again = parse(renderScanSarif(other)).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(again).toEqual(fps);
  });

  it('is deterministic', () => {
    const r = sampleScanResult();
    expect(renderScanSarif({ ...r, findings: [...r.findings].reverse() })).toBe(text);
  });

  it('stays valid with hostile texts and an empty result', () => {
    const r = sampleScanResult();
    r.findings.push(hostileFinding());
    const out = renderScanSarif(r);
    expect(validate(JSON.parse(out)) ? '' : ajv.errorsText(validate.errors)).toBe('');
    const rule = parse(out).runs[0]!.tool.driver.rules.find((x) => x.id === 'GHSA-aaaa-bbbb-cccc')!;
    expect(rule.help.markdown).not.toContain('<script>');
    // The text survives, escaped, but never as a link target.
    expect(rule.help.markdown).not.toMatch(/[^\\]\]\(javascript:/);
    expect(rule.help.markdown).toContain('\\[link\\](javascript:alert(1))');
    r.findings = [];
    expect(validate(JSON.parse(renderScanSarif(r))) ? '' : ajv.errorsText(validate.errors)).toBe('');
  });
});

describe('renderScanSarif() with secrets and image checks', () => {
  it('stays valid SARIF 2.1.0', async () => {
    const { scanResultWithChecks } = await import('../__fixtures__/scan-result.js');
    const log = JSON.parse(renderScanSarif(scanResultWithChecks()));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
});
