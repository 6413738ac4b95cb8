import { describe, expect, it } from 'vitest';
import { sampleScanResult } from '../report/vuln/__fixtures__/scan-result.js';
import { PolicyError } from './errors.js';
import { filterFindings, parsePackageTypes, parseSeverity, parseSeverityList, parseStatusList } from './filter.js';

const ids = (r: { findings: { id: string }[] }): string[] => r.findings.map((f) => f.id).sort();

describe('filterFindings()', () => {
  const result = sampleScanResult();

  it('keeps everything with an empty filter', () => {
    expect(filterFindings(result, {}).findings).toHaveLength(result.findings.length);
  });

  it('keeps only the severities asked for', () => {
    expect(ids(filterFindings(result, { severities: ['CRITICAL'] }))).toEqual(['CVE-2021-44228', 'CVE-2023-45853', 'MAL-2024-1234']);
  });

  it.each([['ignoreUnfixed'], ['onlyFixed']] as const)('%s drops findings without a fixed version but never a malicious package', (flag) => {
    const out = filterFindings(result, { [flag]: true });
    expect(ids(out)).toEqual(['CVE-2021-23337', 'CVE-2021-44228', 'CVE-2023-4911', 'CVE-2024-0727', 'MAL-2024-1234']);
  });

  it('keeps only the statuses asked for (drops won\'t-fix)', () => {
    expect(ids(filterFindings(result, { statuses: ['wont_fix'] }))).toEqual(['CVE-2023-45853', 'CVE-2024-2398']);
    expect(filterFindings(result, { statuses: ['fixed', 'affected'] }).findings.every((f) => f.status !== 'wont_fix')).toBe(true);
  });

  it('keeps only the package types or classes asked for', () => {
    const types = (sel: Parameters<typeof parsePackageTypes>[0]) => [...new Set(filterFindings(result, { packageTypes: parsePackageTypes(sel) }).findings.map((f) => f.package.type))].sort();
    const all = [...new Set(result.findings.map((f) => f.package.type))].sort();
    const os = all.filter((t) => ['apk', 'dpkg', 'rpm'].includes(t));
    expect(os.length).toBeGreaterThan(0);
    expect(all.length).toBeGreaterThan(os.length);
    expect(types('os')).toEqual(os);
    expect(types('library')).toEqual(all.filter((t) => !os.includes(t)));
    expect(types(`os,${all.find((t) => !os.includes(t))!}`)).toEqual([...os, all.find((t) => !os.includes(t))!].sort());
  });

  it('leaves suppressed, not-scanned and warnings alone and does not change its input', () => {
    const before = JSON.stringify(result);
    const out = filterFindings(result, { severities: ['LOW'] });
    expect(out.suppressed).toBe(result.suppressed);
    expect(out.notScanned).toBe(result.notScanned);
    expect(JSON.stringify(result)).toBe(before);
  });
});

describe('flag parsers', () => {
  it('parseSeverity() is case-insensitive and names the known values when wrong', () => {
    expect(parseSeverity(' high ')).toBe('HIGH');
    expect(() => parseSeverity('severe')).toThrow(/unknown severity "severe" \(known: CRITICAL, HIGH, MEDIUM, LOW, NEGLIGIBLE, UNKNOWN\)/);
    try {
      parseSeverity('x');
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      expect((e as PolicyError).code).toBe('INVALID_OPTION');
    }
  });

  it('parseSeverityList() splits, dedupes and rejects empty lists', () => {
    expect(parseSeverityList('critical,HIGH,high')).toEqual(['CRITICAL', 'HIGH']);
    expect(() => parseSeverityList(' , ')).toThrow(PolicyError);
  });

  it('parseStatusList() accepts the distro statuses only', () => {
    expect(parseStatusList('fixed, WONT_FIX')).toEqual(['fixed', 'wont_fix']);
    expect(() => parseStatusList('not_affected')).toThrow(/unknown status "not_affected"/);
  });

  it('parsePackageTypes() accepts classes and types, case-insensitive, and names the known ones when wrong', () => {
    expect(parsePackageTypes('OS, npm,os')).toEqual(['os', 'npm']);
    expect(() => parsePackageTypes('debian')).toThrow(/unknown package type "debian" \(known: os, library, apk/);
    expect(() => parsePackageTypes(' , ')).toThrow(PolicyError);
  });
});
