/**
 * SARIF 2.1.0 for GitHub code scanning (and other SARIF dashboards), built with the generic builder in
 * src/report/sarif. One rule per vulnerability id, with help text and a `security-severity` (the highest CVSS base
 * score of the id's findings, else the builder's value for its severity); one result per finding located at the
 * package's file inside the image (a relative path, which GitHub requires) with the image as a logical location
 * and a partial fingerprint that stays the same across scans of the same package.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html;
 * GitHub's subset: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import type { Finding, ScanResult, Severity } from '../../../model/index.js';
import { buildSarifLog, type SarifResultInput, type SarifRuleInput, type SeverityName } from '../../sarif/index.js';
import { sha256Hex } from '../../package-refs.js';
import { compareStrings } from '../../package-order.js';
import { canonicalizeScanResult } from '../json/canonical.js';
import {
  allIds, bestCvss, escapeMarkdown, escapeMarkdownBlock, findingKey, formatEpss, formatScore, layerText, maxCvssScore, oneLine, primaryUrl,
  remediationText, severityRank, statusLabel, truncateText, webReferences,
} from '../facts.js';
import type { VulnRenderOptions, VulnReportFormat } from '../types.js';

export const id = 'sarif';
export const displayName = 'SARIF 2.1.0 (GitHub code scanning)';

/** The partialFingerprints key results carry (versioned: change it if the fingerprint input ever changes). */
export const FINGERPRINT_KEY = 'drydockFindingHash/v1';

/** Drydock severity → the builder's severity names (which set level and the default `security-severity`). */
export function sarifSeverityOf(s: Severity): SeverityName {
  switch (s) {
    case 'CRITICAL':
    case 'HIGH':
    case 'MEDIUM':
    case 'LOW':
      return s;
    case 'NEGLIGIBLE':
      return 'INFO';
    case 'UNKNOWN':
      // Unknown is not "harmless": keep it visible as a warning rather than a note.
      return 'MEDIUM';
  }
}

/** `/var/lib/dpkg/status` → `var/lib/dpkg/status`: GitHub wants a path relative to the repository root. */
export function sarifPath(f: Finding): string {
  const loc = f.package.location.replace(/\\/g, '/').replace(/^\/+/, '');
  return loc || `${f.package.type}/${f.package.name}`;
}

function ruleHelp(findings: Finding[]): string {
  const f = findings[0]!;
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(f.id)}**${f.title ? `: ${escapeMarkdown(f.title)}` : ''}`);
  if (f.aliases.length) lines.push('', `Aliases: ${f.aliases.map(escapeMarkdown).join(', ')}`);
  if (f.description) lines.push('', escapeMarkdownBlock(truncateText(f.description, 4000)));
  const cvss = bestCvss(f);
  const facts: string[] = [`Severity: ${f.severity} (${escapeMarkdown(f.severitySource)})`];
  if (cvss) facts.push(`CVSS ${cvss.version}${cvss.score !== undefined ? ` ${formatScore(cvss.score)}` : ''}: \`${cvss.vector}\``);
  if (f.epss) facts.push(`EPSS: ${formatEpss(f.epss.score)} (percentile ${formatEpss(f.epss.percentile)})`);
  if (f.kev) facts.push(`In CISA KEV since ${escapeMarkdown(f.kev.dateAdded)}`);
  if (f.cwes?.length) facts.push(`Weaknesses: ${f.cwes.map(escapeMarkdown).join(', ')}`);
  lines.push('', ...facts.map((x) => `- ${x}`));
  lines.push('', '| Package | Installed | Fixed in | Status |', '|---|---|---|---|');
  for (const x of findings) {
    lines.push(`| ${escapeMarkdown(x.package.name)} (${x.package.type}) | ${escapeMarkdown(x.package.version)} | ${escapeMarkdown(x.fixedVersion ?? '-')} | ${statusLabel(x)} |`);
  }
  const refs = webReferences(f).slice(0, 10);
  if (refs.length) lines.push('', 'References:', ...refs.map((r) => `- <${encodeURI(decodeURIComponentSafe(r))}>`));
  return lines.join('\n');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

function resultMessage(f: Finding, image: string): string {
  const p = f.package;
  const what = f.kind === 'malicious' ? `is a malicious package (${f.id})` : `is affected by ${f.id}`;
  const parts = [`${p.name} ${p.version} (${p.type}) ${what}${f.title ? `: ${oneLine(f.title)}` : ''}.`];
  const cvss = bestCvss(f);
  parts.push(`Severity ${f.severity}${cvss?.score !== undefined ? `, CVSS ${formatScore(cvss.score)}` : ''}${f.epss ? `, EPSS ${formatEpss(f.epss.score)}` : ''}${f.kev ? ', known exploited (KEV)' : ''}.`);
  parts.push(remediationText(f));
  const layer = layerText(f, 80);
  parts.push(`Found in ${image}${layer ? `, ${layer}` : ''}, at ${p.location}.`);
  return parts.join(' ');
}

/**
 * Render the findings (not the suppressed ones) as a SARIF 2.1.0 log.
 * @throws {VulnReportError} `INVALID_SCAN_RESULT` when `inventory.createdAt` is not a date.
 * @example JSON.parse(renderScanSarif(result)).runs[0].tool.driver.rules[0].properties['security-severity']
 */
export function renderScanSarif(input: ScanResult, _options: VulnRenderOptions = {}): string {
  const result = canonicalizeScanResult(input);
  const image = result.inventory.image;
  const byId = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byId.get(f.id) ?? [];
    list.push(f);
    byId.set(f.id, list);
  }
  const ids = [...byId.keys()].sort(compareStrings);
  const rules: SarifRuleInput[] = [];
  const scores = new Map<string, number | undefined>();
  for (const vid of ids) {
    const list = byId.get(vid)!;
    const worst = list.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
    const described = list.find((f) => f.description || f.title) ?? worst;
    const tags = new Set<string>(['security', worst.kind === 'malicious' ? 'malicious-package' : 'vulnerability']);
    for (const f of list) tags.add(f.package.type);
    // GitHub turns `external/cwe/cwe-N` tags into CWE links.
    for (const cwe of described.cwes ?? []) if (/^CWE-\d+$/i.test(cwe)) tags.add(`external/cwe/${cwe.toLowerCase()}`);
    const score = list.map(maxCvssScore).reduce<number | undefined>((a, b) => (b !== undefined && (a === undefined || b > a) ? b : a), undefined);
    scores.set(vid, score);
    rules.push({
      id: vid,
      title: oneLine(described.title ?? `${vid} in ${described.package.name}`),
      description: truncateText(oneLine(described.description ?? described.title ?? vid), 1000),
      help: ruleHelp([described, ...list.filter((f) => f !== described)]),
      helpUri: primaryUrl(described),
      severity: sarifSeverityOf(worst.severity),
      tags: [...tags].sort(compareStrings),
    });
  }
  const ordered = result.findings
    .slice()
    .sort((a, b) => compareStrings(a.id, b.id) || compareStrings(sarifPath(a), sarifPath(b)) || compareStrings(a.package.purl, b.package.purl));
  const results: SarifResultInput[] = ordered.map((f) => ({
    ruleId: f.id,
    message: resultMessage(f, image.reference),
    severity: sarifSeverityOf(f.severity),
    locations: [{ path: sarifPath(f) }],
    properties: {
      purl: f.package.purl,
      packageType: f.package.type,
      installedVersion: f.package.version,
      ...(f.fixedVersion ? { fixedVersion: f.fixedVersion } : {}),
      status: f.status,
      severity: f.severity,
      ids: allIds(f),
      ...(f.package.layer ? { layerIndex: f.package.layer.index, layerDiffId: f.package.layer.diffId } : {}),
      ...(f.epss ? { epss: f.epss.score, epssPercentile: f.epss.percentile } : {}),
      ...(f.kev ? { kevDateAdded: f.kev.dateAdded } : {}),
    },
  }));
  // Secrets and image checks: one rule per rule id, results at the file and line inside the image.
  const checks = result.checks ?? [];
  const checkRuleIds = [...new Set(checks.map((c) => c.ruleId))].sort(compareStrings);
  for (const rid of checkRuleIds) {
    const c = checks.find((x) => x.ruleId === rid)!;
    rules.push({
      id: rid,
      title: oneLine(c.title),
      description: truncateText(oneLine(c.title), 1000),
      help: oneLine(c.advice),
      severity: sarifSeverityOf(c.severity),
      tags: ['security', c.kind === 'secret' ? 'secret' : 'misconfiguration'],
    });
  }
  const checkResults: SarifResultInput[] = checks.map((c) => ({
    ruleId: c.ruleId,
    message: `${oneLine(c.message)}${c.match ? ` (match ${c.match})` : ''}`,
    severity: sarifSeverityOf(c.severity),
    locations: [{ path: (c.path && c.path.startsWith('/') ? c.path.slice(1) : c.path) || 'image-config', ...(c.line ? { startLine: c.line } : {}) }],
    properties: {
      kind: c.kind,
      severity: c.severity,
      ...(c.layer !== undefined ? { layerIndex: c.layer } : {}),
      ...(c.deleted ? { deleted: true, deletedInLayer: c.deletedInLayer } : {}),
    },
  }));
  results.push(...checkResults);
  const log = buildSarifLog({ tool: { name: 'drydock', version: result.inventory.tool.version }, rules, results });
  const run = log.runs[0]!;
  for (const rule of run.tool.driver.rules as { id: string; properties: Record<string, unknown> }[]) {
    const score = scores.get(rule.id);
    if (score !== undefined) rule.properties['security-severity'] = formatScore(score);
    else if (byId.get(rule.id)?.every((f) => f.severity === 'UNKNOWN')) delete rule.properties['security-severity'];
  }
  const logical = {
    name: image.reference,
    fullyQualifiedName: image.manifestDigest ? `${image.reference}@${image.manifestDigest}` : image.reference,
    kind: 'module',
  };
  run.results.forEach((r, i) => {
    (r.locations as Record<string, unknown>[]).forEach((loc) => (loc.logicalLocations = [logical]));
    // Advisory id, purl and path: the same package instance keeps its alert from scan to scan (and tag to tag).
    const f = ordered[i];
    const c = f ? undefined : checks[i - ordered.length];
    r.partialFingerprints = { [FINGERPRINT_KEY]: sha256Hex(f ? findingKey(f) : `${c!.ruleId}|${c!.path ?? ''}|${c!.line ?? 0}|${c!.match ?? ''}`) };
  });
  return `${JSON.stringify(log, null, 2)}\n`;
}

export const format: VulnReportFormat = {
  id,
  displayName,
  mediaType: 'application/sarif+json',
  fileExtension: '.sarif',
  specs: ['https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html'],
  render: renderScanSarif,
};
