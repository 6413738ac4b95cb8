import { describe, expect, it } from 'vitest';
import { sampleFindings } from '../report/vuln/__fixtures__/scan-result.js';
import { EXIT_CODES, evaluateGate, exitCodeForGate } from './gate.js';

describe('evaluateGate()', () => {
  const findings = sampleFindings();

  it.each`
    failOn        | failed   | count
    ${'CRITICAL'} | ${true}  | ${3}
    ${'HIGH'}     | ${true}  | ${5}
    ${'MEDIUM'}   | ${true}  | ${6}
    ${'LOW'}      | ${true}  | ${7}
    ${'UNKNOWN'}  | ${true}  | ${7}
  `('fail-on $failOn matches $count findings', ({ failOn, failed, count }) => {
    const g = evaluateGate(findings, failOn);
    expect(g.failed).toBe(failed);
    expect(g.matched).toHaveLength(count);
  });

  it('passes when nothing reaches the threshold', () => {
    const low = findings.filter((f) => f.severity === 'LOW');
    expect(evaluateGate(low, 'MEDIUM')).toEqual({ failed: false, matched: [] });
    expect(evaluateGate([], 'UNKNOWN').failed).toBe(false);
  });

  it('counts UNKNOWN only when failing on UNKNOWN', () => {
    const unknown = [{ ...findings[0]!, severity: 'UNKNOWN' as const }];
    expect(evaluateGate(unknown, 'NEGLIGIBLE').failed).toBe(false);
    expect(evaluateGate(unknown, 'UNKNOWN').failed).toBe(true);
  });

  it('maps the verdict to the exit code rule', () => {
    expect(exitCodeForGate(evaluateGate(findings, 'CRITICAL'))).toBe(1);
    expect(exitCodeForGate(evaluateGate([], 'CRITICAL'))).toBe(0);
    expect(exitCodeForGate(undefined)).toBe(0);
    expect(EXIT_CODES).toEqual({ ok: 0, gateFailed: 1, usage: 2, inputError: 3 });
  });
});
