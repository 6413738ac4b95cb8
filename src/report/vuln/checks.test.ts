import { describe, expect, it } from 'vitest';
import { scanResultWithChecks } from './__fixtures__/scan-result.js';
import { renderScanReport } from './registry.js';

describe('secrets and image checks in scan reports', () => {
  const r = scanResultWithChecks();

  it('json keeps every check, most severe secret first', () => {
    const back = JSON.parse(renderScanReport('json', r)) as { checks: { ruleId: string; deleted?: boolean }[] };
    expect(back.checks.map((c) => c.ruleId)).toEqual(['DD-SEC-001', 'DD-SEC-004', 'DD-IMG-001']);
    expect(back.checks[0]!.deleted).toBe(true);
  });

  it('table lists them with path, line, layer and the redacted match, saying the file was deleted', () => {
    const t = renderScanReport('table', r);
    expect(t).toContain('Secrets and image checks (3)');
    expect(t).toMatch(/\/app\/\.env:3 \(layer 1, deleted in layer 2\)/);
    expect(t).toContain('AKIA****');
  });

  it('sarif has a rule and a located result per check', () => {
    const log = JSON.parse(renderScanReport('sarif', r)) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(expect.arrayContaining(['DD-SEC-001', 'DD-SEC-004', 'DD-IMG-001']));
    const sec = run.results.find((x) => x.ruleId === 'DD-SEC-001')!;
    expect(sec.locations[0]!.physicalLocation.artifactLocation.uri).toBe('app/.env');
    expect(sec.locations[0]!.physicalLocation.region?.startLine).toBe(3);
  });

  it('junit fails the checks at or above the threshold and escapes their text', () => {
    const x = renderScanReport('junit', r, { failOn: 'HIGH' });
    expect(x).toMatch(/<testsuite name="checks" tests="3" failures="2"/);
    expect(x).toContain('&lt;x&amp;y&gt;');
    expect(x).not.toContain('<x&y>');
  });

  it('never prints more of a secret than the redacted match', () => {
    for (const id of ['json', 'table', 'sarif', 'junit', 'markdown']) expect(renderScanReport(id, r)).not.toMatch(/AKIA[A-Z0-9]{8,}/);
  });
});
