import { describe, expect, it } from 'vitest';
import { dpkg, finding, hostileFinding, sampleScanResult } from '../__fixtures__/scan-result.js';
import { VulnReportError } from '../errors.js';
import { renderMarkdown } from './index.js';

const byteLength = (s: string): number => new TextEncoder().encode(s).length;

describe('renderMarkdown()', () => {
  const text = renderMarkdown(sampleScanResult(), { failOn: 'HIGH', topFindings: 3 });

  it('starts with the summary counts and the gate verdict', () => {
    expect(text.split('\n')[0]).toBe('### Drydock scan: registry.example.com/team/app:1.4.2');
    expect(text).toContain('**7 findings** (3 critical, 2 high, 1 medium, 1 low) · 2 suppressed · 2 not scanned · risk score **87/100**');
    expect(text).toContain('❌ **Gate failed**: 5 findings are HIGH or worse.');
    expect(text).toContain('| Critical | 3 |\n| High | 2 |');
  });

  it('lists the top findings by priority, then everything in a collapsible section', () => {
    const topTable = text.slice(text.indexOf('#### Top 3 findings'), text.indexOf('<details>'));
    const ids = [...topTable.matchAll(/\| \[([A-Z0-9-]+)\]/g)].map((m) => m[1]);
    expect(ids).toEqual(['MAL-2024-1234', 'CVE-2021-44228', 'CVE-2023-45853']);
    expect(topTable).toContain('| **Critical** | [CVE-2021-44228](https://logging.apache.org/log4j/2.x/security.html) | org.apache.logging.log4j:log4j-core (java) | 2.14.1 | 2.15.0 | fixed | 10.0 | 97.57% | yes |');
    expect(text).toContain('<details><summary>All 7 findings</summary>');
    expect(text).toMatch(/<details><summary>Suppressed \(2\)<\/summary>\n\n- \[CVE-2022-46908\]/);
    expect(text).toContain('vex: not\\_affected (vex.openvex.json): sqlite CLI is not shipped (vulnerable\\_code\\_not\\_present)');
    expect(text).toContain('<details><summary>Warnings (2)</summary>\n\n- debian 12 is supported until 2026-06-10');
    expect(text).toContain('<details><summary>Risk score 87/100: how it was computed</summary>');
  });

  it('reports a passing gate and an empty scan', () => {
    const r = sampleScanResult();
    r.findings = [];
    const out = renderMarkdown(r, { failOn: 'CRITICAL' });
    expect(out).toContain('✅ Gate passed: nothing is CRITICAL or worse.');
    expect(out).toContain('No vulnerabilities found.');
    expect(out).not.toContain('#### Top');
  });

  it('escapes feed text: no HTML, no table breaks, no links but http(s)', () => {
    const r = sampleScanResult();
    const h = hostileFinding();
    h.references = ['javascript:alert(1)', 'https://example.com/x)y (z'];
    r.findings.push(h);
    r.suppressed[0]!.reason = '<img src=x onerror=alert(1)> | broken | table\nnext line';
    const out = renderMarkdown(r, { topFindings: 20 });
    expect(out).not.toMatch(/<(img|script|b)\b/);
    expect(out).not.toContain('javascript:');
    expect(out).toContain('[GHSA-aaaa-bbbb-cccc](https://example.com/x%29y%20%28z)');
    expect(out).toContain('(https://example.com/x%29y%20%28z)');
    expect(out).toContain('left-pad&lt;script&gt; (npm)');
    expect(out).toContain('| 1.0.0&amp;1 |');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt; \\| broken \\| table next line');
    // Every table row still has exactly the header's ten pipes.
    for (const line of out.split('\n').filter((l) => l.startsWith('| **'))) expect(line.replace(/\\\|/g, '').split('|').length - 1).toBe(10);
  });

  it('stays under the size bound and says what it left out', () => {
    const r = sampleScanResult();
    for (let i = 0; i < 3000; i++) {
      r.findings.push(finding(dpkg(`lib-${String(i).padStart(4, '0')}`, `1.${i}-1`), { id: `CVE-2024-${10000 + i}`, severity: 'LOW', description: 'x'.repeat(500) }));
    }
    for (const max of [2000, 10_000, 60_000]) {
      const out = renderMarkdown(r, { maxBytes: max });
      expect(byteLength(out)).toBeLessThanOrEqual(max);
      expect(out).toMatch(/_\d+ more lines were left out to keep this comment under \d+ bytes; see the full report\._/);
      // Sections that were opened are closed.
      expect(out.split('<details>').length).toBe(out.split('</details>').length);
    }
    expect(byteLength(renderMarkdown(r))).toBeGreaterThan(50_000);
  });

  it('rejects unusable options', () => {
    expect(() => renderMarkdown(sampleScanResult(), { maxBytes: 100 })).toThrow(VulnReportError);
    expect(() => renderMarkdown(sampleScanResult(), { topFindings: -1 })).toThrow(/topFindings/);
  });

  it('is deterministic', () => {
    const r = sampleScanResult();
    expect(renderMarkdown({ ...r, findings: [...r.findings].reverse() }, { failOn: 'HIGH', topFindings: 3 })).toBe(text);
  });
});
