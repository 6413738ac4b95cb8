import { describe, expect, it } from 'vitest';
import { sampleScanResult } from '../report/vuln/__fixtures__/scan-result.js';
import { applyPolicy, parseIgnoreFile, parseVex } from './index.js';

describe('applyPolicy()', () => {
  const now = new Date('2024-07-01T00:00:00Z');
  const vex = parseVex(JSON.stringify({
    '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.com/vex/1', author: 'me', timestamp: '2024-06-01T00:00:00Z', version: 1,
    statements: [{ vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': 'pkg:maven/org.apache.logging.log4j/log4j-core' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
  }), 'vex.json');
  const ignore = parseIgnoreFile('ignore:\n  - id: MAL-2024-1234\n    reason: test fixture\n', '.drydockignore.yaml');

  it('suppresses, filters, then gates what is left', () => {
    const out = applyPolicy(sampleScanResult(), { vex: [vex], ignoreFile: ignore, filter: { ignoreUnfixed: true }, failOn: 'CRITICAL', now });
    // Both criticals that could fail the gate are suppressed; zlib's critical has no fix and is filtered out.
    expect(out.result.suppressed.map((s) => s.finding.id)).toEqual(expect.arrayContaining(['CVE-2021-44228', 'MAL-2024-1234']));
    expect(out.result.findings.map((f) => f.id).sort()).toEqual(['CVE-2021-23337', 'CVE-2023-4911', 'CVE-2024-0727']);
    expect(out.gate).toEqual({ failed: false, matched: [] });
    expect(out.exitCode).toBe(0);
  });

  it('exits 1 when the gate matches', () => {
    const out = applyPolicy(sampleScanResult(), { failOn: 'HIGH', now });
    expect(out.gate?.failed).toBe(true);
    expect(out.gate?.matched.map((f) => f.id).sort()).toEqual(['CVE-2021-23337', 'CVE-2021-44228', 'CVE-2023-45853', 'CVE-2023-4911', 'MAL-2024-1234']);
    expect(out.exitCode).toBe(1);
  });

  it('exits 0 with no gate, whatever was found', () => {
    const out = applyPolicy(sampleScanResult(), { now });
    expect(out.gate).toBeUndefined();
    expect(out.exitCode).toBe(0);
    expect(out.result.findings).toHaveLength(7);
  });
});
