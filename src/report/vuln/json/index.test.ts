import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../../model/index.js';
import { sampleScanResult } from '../__fixtures__/scan-result.js';
import { VulnReportError } from '../errors.js';
import { canonicalizeScanResult, renderScanJson } from './index.js';

function shuffled(r: ScanResult): ScanResult {
  return {
    ...r,
    findings: [...r.findings].reverse().map((f) => ({ ...f, ratings: [...f.ratings].reverse(), aliases: [...f.aliases].reverse() })),
    suppressed: [...r.suppressed].reverse(),
    notScanned: [...r.notScanned].reverse(),
    inventory: { ...r.inventory, packages: [...r.inventory.packages].reverse() },
  };
}

describe('renderScanJson()', () => {
  it('round-trips the scan result: nothing is dropped', () => {
    const r = sampleScanResult();
    const back = JSON.parse(renderScanJson(r)) as ScanResult;
    expect(back.schema).toBe('drydock-scan/1');
    expect(back.findings).toHaveLength(r.findings.length);
    expect(back.suppressed.map((s) => [s.finding.id, s.by, s.justification])).toEqual(
      expect.arrayContaining([['CVE-2022-46908', 'vex', 'vulnerable_code_not_present'], ['CVE-2021-44906', 'ignore-file', undefined]]),
    );
    expect(back.risk).toEqual(r.risk);
    expect(back.warnings).toEqual(r.warnings);
    const log4j = back.findings.find((f) => f.id === 'CVE-2021-44228')!;
    expect(log4j.ratings.map((x) => x.source)).toEqual(['ghsa', 'nvd', 'osv']);
    expect(log4j.kev?.dateAdded).toBe('2021-12-10');
  });

  it('is deterministic whatever order the pipeline produced', () => {
    const r = sampleScanResult();
    expect(renderScanJson(shuffled(r))).toBe(renderScanJson(r));
  });

  it('orders findings by package then severity, and keys in the documented order', () => {
    const c = canonicalizeScanResult(sampleScanResult());
    expect(c.findings.map((f) => `${f.package.type}:${f.package.name}`)).toEqual([
      'dpkg:curl', 'dpkg:libc6', 'dpkg:libssl3', 'dpkg:zlib1g', 'java:org.apache.logging.log4j:log4j-core', 'npm:@evil/colors-x', 'npm:lodash',
    ]);
    expect(Object.keys(c)).toEqual(['schema', 'inventory', 'findings', 'suppressed', 'notScanned', 'warnings', 'risk', 'database']);
    expect(Object.keys(c.findings[0]!).slice(0, 4)).toEqual(['kind', 'id', 'aliases', 'package']);
  });

  it('rejects a result whose inventory time is not a date', () => {
    const r = sampleScanResult();
    r.inventory.createdAt = 'yesterday';
    expect(() => renderScanJson(r)).toThrow(VulnReportError);
    try {
      renderScanJson(r);
    } catch (e) {
      expect((e as VulnReportError).code).toBe('INVALID_SCAN_RESULT');
    }
  });
});
