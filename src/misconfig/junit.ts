/**
 * JUnit XML for `drydock config`: one test suite per checked file, one failing test case per finding at or above
 * `failOn` (the others are skipped cases), so CI dashboards show Dockerfile problems next to test results. The same
 * Ant/Jenkins JUnit shape as the scan's JUnit report.
 */
import { escapeXmlText, openTag } from '../report/vuln/junit/xml.js';
import { compareSeverity, type Finding, type Severity } from './types.js';

export function renderMisconfigJunit(findings: readonly Finding[], files: readonly string[], failOn: Severity = 'INFO'): string {
  const byFile = new Map<string, Finding[]>(files.map((f) => [f, []]));
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const failing = (f: Finding): boolean => compareSeverity(f.severity, failOn) >= 0;
  const total = findings.length;
  const failures = findings.filter(failing).length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(openTag('testsuites', { name: 'drydock config', tests: total, failures, errors: 0, skipped: total - failures, time: '0' }));
  [...byFile.keys()].sort().forEach((file, id) => {
    const list = byFile.get(file)!.slice().sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
    const f = list.filter(failing).length;
    out.push(`  ${openTag('testsuite', { name: file, tests: list.length, failures: f, errors: 0, skipped: list.length - f, time: '0', id, package: file })}`);
    for (const x of list) {
      out.push(`    ${openTag('testcase', { name: `${x.ruleId} line ${x.line}`, classname: file, time: '0' })}`);
      if (failing(x)) {
        out.push(`      ${openTag('failure', { message: `${x.severity} ${x.ruleId}: ${x.title}`, type: x.severity })}${escapeXmlText(`${file}:${x.line}\n${x.message}\nadvice: ${x.advice}`)}</failure>`);
      } else {
        out.push(`      ${openTag('skipped', { message: `${x.severity} is below the ${failOn} threshold` }, true)}`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
