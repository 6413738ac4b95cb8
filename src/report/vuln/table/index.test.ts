import { describe, expect, it } from 'vitest';
import { hostileFinding, sampleScanResult } from '../__fixtures__/scan-result.js';
import { renderScanTable } from './index.js';

describe('renderScanTable()', () => {
  const text = renderScanTable(sampleScanResult());

  it('groups findings under their package with version, layer and location', () => {
    const block = text.slice(text.indexOf('libc6 2.36-9+deb12u4 (dpkg) source glibc'));
    expect(block.split('\n')[1]).toBe('  layer 0: ADD file:6b3c5a0d1e2f in / · /var/lib/dpkg/status');
    expect(block).toMatch(/HIGH\s+CVE-2023-4911\s+fixed\s+2\.36-9\+deb12u5\s+7\.8\s+2\.07%\s+KEV/);
  });

  it('labels distro statuses, malicious packages and EPSS/KEV', () => {
    expect(text).toMatch(/CVE-2023-45853\s+won't fix\s+-\s+9\.8/);
    expect(text).toMatch(/MAL-2024-1234\s+malicious\s+-\s+-\s+-\s+MAL/);
    expect(text).toMatch(/CVE-2021-44228\s+fixed\s+2\.15\.0\s+10\.0\s+97\.57%\s+KEV/);
  });

  it('shows counts, the risk score with its explanation, suppressed, not scanned and warnings', () => {
    expect(text).toContain('Findings:   7 (3 critical, 2 high, 1 medium, 1 low)');
    expect(text).toContain('Risk score: 87/100\n  CVE-2021-44228 (KEV): 1.00 × 0.9 weight');
    expect(text).toMatch(/Suppressed \(2\)\n {2}CVE-2022-46908 {2}libsqlite3-0 3\.40\.1-2 {2}vex · not_affected/);
    expect(text).toContain('UNSUPPORTED_ECOSYSTEM (1): Newtonsoft.Json 13.0.1');
    expect(text).toContain('! ignore entry CVE-2020-0001 expired on 2024-01-01');
  });

  it('fits the width and carries no trailing blanks', () => {
    for (const w of [80, 120, 200]) {
      const lines = renderScanTable(sampleScanResult(), { width: w }).split('\n');
      for (const l of lines) {
        expect([...l].length).toBeLessThanOrEqual(w);
        expect(l).toBe(l.trimEnd());
      }
    }
  });

  it('colours severities only when asked', () => {
    expect(text).not.toContain('\u001b[');
    const coloured = renderScanTable(sampleScanResult(), { color: true });
    expect(coloured).toContain('\u001b[1;31mCRITICAL');
    expect(coloured).toContain('\u001b[33mMEDIUM');
  });

  it('never prints control characters from feed text', () => {
    const r = sampleScanResult();
    r.findings.push(hostileFinding());
    r.findings[0]!.title = 'evil \u001b[2J clear screen';
    const out = renderScanTable(r);
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('says so when there is nothing to report', () => {
    const r = sampleScanResult();
    r.findings = [];
    expect(renderScanTable(r)).toContain('No vulnerabilities found.');
  });

  it('is deterministic', () => {
    const r = sampleScanResult();
    expect(renderScanTable({ ...r, findings: [...r.findings].reverse() })).toBe(text);
  });
});
