import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/index.js';
import { inventory } from './__fixtures__/builders.js';
import { baseLayerBoundary, computeRiskScore } from './risk-score.js';
import { chooseSeverity } from './severity.js';

function finding(id: string, extra: Partial<Finding>, layer = 0): Finding {
  return {
    kind: 'vulnerability', id, aliases: [], status: 'fixed', severity: 'HIGH', severitySource: 'nvd', ratings: [], dataSources: [],
    package: { type: 'dpkg', name: 'p', version: '1', purl: 'pkg:deb/p@1', location: '/x', layer: { index: layer, diffId: `sha256:${layer}` } },
    ...extra,
  };
}

const history = [
  { createdBy: 'ADD file:abc in /' },
  { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', emptyLayer: true },
  { createdBy: 'RUN apt-get install -y curl' },
  { createdBy: 'COPY app /app' },
  { createdBy: 'CMD ["/app"]', emptyLayer: true },
];

describe('computeRiskScore()', () => {
  it('finds the base image boundary at the last CMD followed by a layer', () => {
    expect(baseLayerBoundary(inventory([], undefined, history))).toEqual({ baseLayerMax: 0, rule: 'history' });
    expect(baseLayerBoundary(inventory([]))).toEqual({ baseLayerMax: 0, rule: 'layer-0' });
  });

  it('orders terms of equal contribution by id in code-unit order, whatever the locale', () => {
    // A locale collator puts 'ghsa-…' before 'GHSA-…' (lower case first) and ignores case at its first level; code
    // units put every upper-case letter before every lower-case one.
    const ids = ['ghsa-aaaa', 'GHSA-BBBB', 'CVE-2', 'cve-1'];
    const r = computeRiskScore(ids.map((id) => finding(id, {})), inventory([], undefined, history));
    expect(r.terms.map((t) => t.id)).toEqual(['CVE-2', 'GHSA-BBBB', 'cve-1', 'ghsa-aaaa']);
  });

  it('computes the worked example of docs/risk-score.md', () => {
    const inv = inventory([], undefined, history);
    const r = computeRiskScore(
      [
        finding('CVE-A', { severity: 'CRITICAL', kev: { cve: 'CVE-A', dateAdded: '2024-01-01' } }, 2),
        finding('CVE-B', { severity: 'HIGH', epss: { cve: 'CVE-B', score: 0.1, percentile: 0.9 } }, 0),
        finding('CVE-C', { severity: 'MEDIUM', status: 'wont_fix' }, 0),
        finding('CVE-C', { severity: 'MEDIUM', status: 'wont_fix' }, 0),
      ],
      inv,
    );
    expect(r.terms.map((t) => [t.id, t.layer, t.probabilitySource])).toEqual([
      ['CVE-A', 'application', 'kev'],
      ['CVE-B', 'base', 'epss'],
      ['CVE-C', 'base', 'prior'],
    ]);
    // 1·1·1·1 + 0.75·1·0.8·0.1 + 0.4·0.5·0.8·0.005
    expect(r.expected).toBeCloseTo(1 + 0.06 + 0.0008, 10);
    expect(r.probability).toBe(1);
    expect(r.score).toBe(100);
  });

  it('is 0 for no findings and counts a malicious package as certain', () => {
    expect(computeRiskScore([], inventory([])).score).toBe(0);
    expect(computeRiskScore([finding('MAL-1', { kind: 'malicious', severity: 'CRITICAL' })], inventory([])).probability).toBe(1);
  });
});

describe('chooseSeverity()', () => {
  it.each`
    ratings                                                                                                      | vendor      | severity    | source
    ${[{ source: 'nvd', severity: 'HIGH' }, { source: 'debian', severity: 'LOW' }]}                              | ${'debian'} | ${'LOW'}    | ${'debian'}
    ${[{ source: 'ghsa', severity: 'MEDIUM' }, { source: 'nvd', severity: 'CRITICAL' }]}                         | ${undefined} | ${'CRITICAL'} | ${'nvd'}
    ${[{ source: 'osv', cvss: { version: '3.1', vector: 'x', score: 9.8 } }]}                                    | ${undefined} | ${'CRITICAL'} | ${'osv'}
    ${[{ source: 'nvd', cvss: { version: '2.0', vector: 'x', score: 7.5 } }]}                                    | ${undefined} | ${'HIGH'}   | ${'nvd'}
    ${[]}                                                                                                        | ${'debian'} | ${'UNKNOWN'} | ${''}
  `('picks $severity from $source', ({ ratings, vendor, severity, source }: { ratings: []; vendor?: string; severity: string; source: string }) => {
    expect(chooseSeverity(ratings, vendor)).toEqual({ severity, source });
  });
});
