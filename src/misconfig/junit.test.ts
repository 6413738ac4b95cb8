import { describe, expect, it } from 'vitest';
import { renderMisconfigJunit } from './junit.js';
import type { Finding } from './types.js';

const f = (ruleId: string, severity: Finding['severity'], line: number, message = 'm'): Finding =>
  ({ ruleId, title: `title of ${ruleId}`, severity, message, file: 'app/Dockerfile', line, advice: 'fix it', references: [] });

describe('renderMisconfigJunit()', () => {
  it('fails the findings at or above the threshold and skips the rest, per file', () => {
    const x = renderMisconfigJunit([f('DD-DF-001', 'HIGH', 1), f('DD-DF-010', 'LOW', 3)], ['app/Dockerfile', 'clean/Dockerfile'], 'MEDIUM');
    expect(x).toMatch(/<testsuites name="drydock config" tests="2" failures="1" errors="0" skipped="1"/);
    expect(x).toMatch(/<testsuite name="app\/Dockerfile" tests="2" failures="1"/);
    expect(x).toMatch(/<testsuite name="clean\/Dockerfile" tests="0" failures="0"/);
  });

  it('escapes markup in messages', () => {
    const x = renderMisconfigJunit([f('DD-DF-002', 'HIGH', 2, 'ENV <SECRET> & "quotes"')], ['app/Dockerfile']);
    expect(x).toContain('ENV &lt;SECRET&gt; &amp;');
    expect(x).not.toContain('<SECRET>');
  });
});
