/**
 * JUnit XML for CI test dashboards (Jenkins, GitLab, Azure DevOps, GitHub test reporters): one `<testsuite>` per
 * package type (or per package), one `<testcase>` per finding. Findings at or above the threshold (`failOn`) are
 * failing test cases; those below it, and suppressed findings, are skipped test cases with the reason. The layout
 * follows the widely used Ant/Jenkins JUnit schema (testsuites › testsuite › properties, testcase › failure | skipped).
 */
import type { Finding, ScanResult, Severity } from '../../../model/index.js';
import { SEVERITY_ORDER } from '../../../model/index.js';
import { compareStrings } from '../../package-order.js';
import { canonicalizeScanResult } from '../json/canonical.js';
import { VulnReportError } from '../errors.js';
import { bestCvss, formatEpss, formatScore, layerText, primaryUrl, remediationText, scanTime, statusLabel } from '../facts.js';
import type { VulnRenderOptions, VulnReportFormat } from '../types.js';
import { escapeXmlText, openTag } from './xml.js';

export const id = 'junit';
export const displayName = 'JUnit XML';

interface Case {
  finding: Finding;
  outcome: 'failure' | 'skipped';
  message: string;
}

function caseName(f: Finding): string {
  return `${f.id} in ${f.package.name} ${f.package.version}`;
}

function details(f: Finding, image: string): string {
  const cvss = bestCvss(f);
  const lines = [
    `${f.kind === 'malicious' ? 'Malicious package' : 'Vulnerability'} ${f.id}${f.aliases.length ? ` (${f.aliases.join(', ')})` : ''}`,
    f.title ? `Title: ${f.title}` : '',
    `Severity: ${f.severity} (${f.severitySource})${cvss ? `, CVSS ${cvss.version}${cvss.score !== undefined ? ` ${formatScore(cvss.score)}` : ''} ${cvss.vector}` : ''}`,
    f.epss ? `EPSS: ${formatEpss(f.epss.score)}` : '',
    f.kev ? `Known exploited (CISA KEV) since ${f.kev.dateAdded}` : '',
    `Package: ${f.package.name} ${f.package.version} (${f.package.type}) ${f.package.purl}`,
    `Location: ${f.package.location} in ${image}${f.package.layer ? `, ${layerText(f, 120)}` : ''}`,
    `Status: ${statusLabel(f)}${f.fixedVersion ? `, fixed in ${f.fixedVersion}` : ''}`,
    `Fix: ${remediationText(f)}`,
    `More: ${primaryUrl(f)}`,
    f.description ? `\n${f.description}` : '',
  ];
  return lines.filter(Boolean).join('\n');
}

/**
 * Render JUnit XML. Options: `failOn` (default `UNKNOWN`: every finding fails), `junitGroupBy` (`type`, default, or
 * `package`).
 * @throws {VulnReportError} `INVALID_OPTION` for an unknown `failOn` or `junitGroupBy`; `INVALID_SCAN_RESULT` when
 * `inventory.createdAt` is not a date.
 * @example renderJunit(result, { failOn: 'HIGH' })
 */
export function renderJunit(input: ScanResult, options: VulnRenderOptions = {}): string {
  const failOn: Severity = options.failOn ?? 'UNKNOWN';
  if (!SEVERITY_ORDER.includes(failOn)) throw new VulnReportError('INVALID_OPTION', `failOn must be a severity, got ${String(failOn).slice(0, 40)}`);
  const groupBy = options.junitGroupBy ?? 'type';
  if (groupBy !== 'type' && groupBy !== 'package') throw new VulnReportError('INVALID_OPTION', `junitGroupBy must be type or package, got ${String(groupBy).slice(0, 40)}`);
  const timestamp = scanTime(input).toISOString().slice(0, 19);
  const result = canonicalizeScanResult(input);
  const image = result.inventory.image.reference;
  const threshold = SEVERITY_ORDER.indexOf(failOn);

  const cases: Case[] = [
    ...result.findings.map((f): Case =>
      SEVERITY_ORDER.indexOf(f.severity) >= threshold
        ? { finding: f, outcome: 'failure', message: `${f.severity} ${f.id} in ${f.package.name} ${f.package.version}: ${remediationText(f)}` }
        : { finding: f, outcome: 'skipped', message: `${f.severity} is below the ${failOn} threshold` },
    ),
    ...result.suppressed.map((s): Case => ({
      finding: s.finding,
      outcome: 'skipped',
      message: `suppressed by ${s.by}: ${s.reason}${s.justification ? ` (${s.justification})` : ''}`,
    })),
  ];
  const groupKey = (f: Finding): string => (groupBy === 'type' ? f.package.type : `${f.package.type}:${f.package.name}@${f.package.version}`);
  const groups = new Map<string, Case[]>();
  for (const c of cases) groups.set(groupKey(c.finding), [...(groups.get(groupKey(c.finding)) ?? []), c]);
  const names = [...groups.keys()].sort(compareStrings);

  const checks = result.checks ?? [];
  const checkFails = checks.filter((c) => SEVERITY_ORDER.indexOf(c.severity) >= threshold).length;
  const total = cases.length + checks.length;
  const failures = cases.filter((c) => c.outcome === 'failure').length + checkFails;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(openTag('testsuites', { name: `drydock scan ${image}`, tests: total, failures, errors: 0, skipped: total - failures, time: '0' }));
  names.forEach((name, index) => {
    const list = groups.get(name)!.sort((a, b) => compareStrings(caseName(a.finding), caseName(b.finding)) || compareStrings(a.finding.package.location, b.finding.package.location));
    const f = list.filter((c) => c.outcome === 'failure').length;
    out.push(`  ${openTag('testsuite', { name, tests: list.length, failures: f, errors: 0, skipped: list.length - f, time: '0', timestamp, hostname: 'drydock', id: index, package: name })}`);
    out.push('    <properties>');
    out.push(`      ${openTag('property', { name: 'image', value: image }, true)}`);
    if (result.inventory.image.manifestDigest) out.push(`      ${openTag('property', { name: 'image.digest', value: result.inventory.image.manifestDigest }, true)}`);
    out.push(`      ${openTag('property', { name: 'failOn', value: failOn }, true)}`);
    out.push('    </properties>');
    for (const c of list) {
      const fd = c.finding;
      const classname = `${fd.package.type}.${fd.package.name}`;
      out.push(`    ${openTag('testcase', { name: caseName(fd), classname, time: '0' })}`);
      if (c.outcome === 'failure') {
        out.push(`      ${openTag('failure', { message: c.message, type: fd.severity })}${escapeXmlText(details(fd, image))}</failure>`);
      } else {
        out.push(`      ${openTag('skipped', { message: c.message }, true)}`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  });
  if (checks.length) {
    // Secrets and image hygiene: one suite, one test case per finding, failing at or above the threshold.
    out.push(`  ${openTag('testsuite', { name: 'checks', tests: checks.length, failures: checkFails, errors: 0, skipped: checks.length - checkFails, time: '0', timestamp, hostname: 'drydock', id: names.length, package: 'checks' })}`);
    for (const c of checks) {
      const where = c.path ? `${c.path}${c.line ? `:${c.line}` : ''}` : 'image';
      out.push(`    ${openTag('testcase', { name: `${c.ruleId} ${where}`, classname: `checks.${c.kind}`, time: '0' })}`);
      if (SEVERITY_ORDER.indexOf(c.severity) >= threshold) {
        const text = [c.message, c.match ? `match: ${c.match}` : '', c.layer !== undefined ? `layer: ${c.layer}` : '', `advice: ${c.advice}`].filter(Boolean).join('\n');
        out.push(`      ${openTag('failure', { message: `${c.severity} ${c.ruleId}: ${c.title}`, type: c.severity })}${escapeXmlText(text)}</failure>`);
      } else {
        out.push(`      ${openTag('skipped', { message: `${c.severity} is below the ${failOn} threshold` }, true)}`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

export const format: VulnReportFormat = {
  id,
  displayName,
  mediaType: 'application/xml',
  fileExtension: '.xml',
  specs: ['https://github.com/testmoapp/junitxml', 'https://llg.cubic.org/docs/junit/'],
  render: renderJunit,
};
