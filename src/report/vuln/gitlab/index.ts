/**
 * GitLab container-scanning report (security report schema 15.2.4): `scan` (analyzer, scanner, type, status,
 * start/end time, messages) and one vulnerability per finding with GitLab's severity labels, identifiers, CVSS
 * vectors, links, a solution and the location GitLab keys container findings by (package, version, operating
 * system, image). Suppressed findings are left out (the schema has no place for them).
 * Spec: https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/blob/v15.2.4/dist/container-scanning-report-format.json
 */
import type { Finding, ScanResult, Severity } from '../../../model/index.js';
import { uuidV5 } from '../../cyclonedx/index.js';
import { canonicalizeScanResult } from '../json/canonical.js';
import { VulnReportError } from '../errors.js';
import {
  advisoryUrl, allIds, bestCvss, compareFindingsByPriority, findingKey, identifierKind, oneLine, remediationText, scanTime,
  truncateText, webReferences,
} from '../facts.js';
import type { VulnRenderOptions, VulnReportFormat } from '../types.js';

export const id = 'gitlab';
export const displayName = 'GitLab container-scanning report';

/** The schema version the report declares and is validated against. */
export const GITLAB_SCHEMA_VERSION = '15.2.4';
export const GITLAB_SCHEMA_URL = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SCHEMA_VERSION}/dist/container-scanning-report-format.json`;

/** Drydock severity → GitLab's severity labels. */
export const GITLAB_SEVERITY: Record<Severity, 'Critical' | 'High' | 'Medium' | 'Low' | 'Info' | 'Unknown'> = {
  CRITICAL: 'Critical',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  NEGLIGIBLE: 'Info',
  UNKNOWN: 'Unknown',
};

// The vector patterns of the schema's `cvss_vectors` (facts of the published schema): vectors that do not match are
// left out rather than make GitLab reject the whole report.
const V2 = /^((AV:[NAL]|AC:[LMH]|Au:[MSN]|[CIA]:[NPC]|E:(U|POC|F|H|ND)|RL:(OF|TF|W|U|ND)|RC:(UC|UR|C|ND)|CDP:(N|L|LM|MH|H|ND)|TD:(N|L|M|H|ND)|[CIA]R:(L|M|H|ND))\/)*(AV:[NAL]|AC:[LMH]|Au:[MSN]|[CIA]:[NPC]|E:(U|POC|F|H|ND)|RL:(OF|TF|W|U|ND)|RC:(UC|UR|C|ND)|CDP:(N|L|LM|MH|H|ND)|TD:(N|L|M|H|ND)|[CIA]R:(L|M|H|ND))$/;
const V3 = /^CVSS:3[.][01]\/((AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])\/)*(AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])$/;
const V4 = /^CVSS:4[.]0\/AV:[NALP]\/AC:[LH]\/AT:[NP]\/PR:[NLH]\/UI:[NPA]\/VC:[HLN]\/VI:[HLN]\/VA:[HLN]\/SC:[HLN]\/SI:[HLN]\/SA:[HLN](\/E:[XAPU])?(\/CR:[XHML])?(\/IR:[XHML])?(\/AR:[XHML])?(\/MAV:[XNALP])?(\/MAC:[XLH])?(\/MAT:[XNP])?(\/MPR:[XNLH])?(\/MUI:[XNPA])?(\/MVC:[XNLH])?(\/MVI:[XNLH])?(\/MVA:[XNLH])?(\/MSC:[XNLH])?(\/MSI:[XNLHS])?(\/MSA:[XNLHS])?(\/S:[XNP])?(\/AU:[XNY])?(\/R:[XAUI])?(\/V:[XDC])?(\/RE:[XLMH])?(\/U:(X|Clear|Green|Amber|Red))?$/;

/** The vector as the schema wants it (v2 without a `CVSS:2.0/` prefix), or undefined when it does not fit. */
export function gitlabCvssVector(version: string, vector: string): string | undefined {
  if (version === '2.0') {
    const v = vector.replace(/^\(?(CVSS:2\.0\/)?/, '').replace(/\)$/, '');
    return v.length >= 16 && v.length <= 128 && V2.test(v) ? v : undefined;
  }
  if (version === '3.0' || version === '3.1') return vector.length >= 32 && vector.length <= 128 && V3.test(vector) ? vector : undefined;
  if (version === '4.0') return vector.length >= 32 && vector.length <= 256 && V4.test(vector) ? vector : undefined;
  return undefined;
}

/** `yyyy-mm-ddThh:mm:ss` in UTC, as the schema's time fields want. */
function gitlabTime(value: string | Date, what: string): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new VulnReportError('INVALID_OPTION', `${what} is not a date: ${String(value).slice(0, 40)}`);
  return d.toISOString().slice(0, 19);
}

function cvssVectors(f: Finding): { vendor: string; vector: string }[] {
  const shown = bestCvss(f);
  const out: { vendor: string; vector: string }[] = [];
  const seen = new Set<string>();
  const ratings = [...f.ratings].sort((a, b) => Number(b.cvss?.vector === shown?.vector && b.source === shown?.source) - Number(a.cvss?.vector === shown?.vector && a.source === shown?.source));
  for (const r of ratings) {
    if (!r.cvss) continue;
    const v = gitlabCvssVector(r.cvss.version, r.cvss.vector);
    if (!v || seen.has(`${r.source}\n${v}`)) continue;
    seen.add(`${r.source}\n${v}`);
    out.push({ vendor: r.source || 'unknown', vector: v });
    if (out.length === 10) break;
  }
  return out;
}

function identifiers(f: Finding): { type: string; name: string; value: string; url?: string }[] {
  const ids = allIds(f).map((x) => ({ type: identifierKind(x), name: x, value: x, url: advisoryUrl(x) }));
  const cwes = (f.cwes ?? [])
    .filter((c) => /^CWE-\d+$/i.test(c))
    .map((c) => ({ type: 'cwe', name: c.toUpperCase(), value: c.replace(/^CWE-/i, ''), url: advisoryUrl(c.toUpperCase()) }));
  return [...ids, ...cwes];
}

function vulnerability(f: Finding, result: ScanResult, os: string): Record<string, unknown> {
  const links = webReferences(f).map((url) => ({ url }));
  const vectors = cvssVectors(f);
  const description = f.description ?? f.title;
  return {
    // A name-based UUID: the same finding in the same image keeps its id from pipeline to pipeline.
    id: uuidV5(`drydock:gitlab:${findingKey(f)}`),
    name: truncateText(oneLine(f.title ?? f.id), 255),
    ...(description ? { description: truncateText(description, 1_000_000) } : {}),
    severity: GITLAB_SEVERITY[f.severity],
    solution: truncateText(remediationText(f), 7000),
    identifiers: identifiers(f),
    ...(vectors.length ? { cvss_vectors: vectors } : {}),
    ...(links.length ? { links } : {}),
    location: {
      dependency: { package: { name: f.package.name }, version: f.package.version },
      operating_system: os,
      image: result.inventory.image.reference,
    },
  };
}

/**
 * Render the GitLab container-scanning report. Options: `startTime`, `endTime` (default: the inventory's time).
 * @throws {VulnReportError} `INVALID_OPTION` for a time that is not a date; `INVALID_SCAN_RESULT` when
 * `inventory.createdAt` is not a date.
 * @example JSON.parse(renderGitlabReport(result)).scan.type // 'container_scanning'
 */
export function renderGitlabReport(input: ScanResult, options: VulnRenderOptions = {}): string {
  const created = scanTime(input);
  const result = canonicalizeScanResult(input);
  const os = result.inventory.os ? [result.inventory.os.family, result.inventory.os.version].filter(Boolean).join(' ') : 'unknown';
  const tool = { id: 'drydock', name: 'Drydock', version: result.inventory.tool.version || '0.0.0', vendor: { name: 'Drydock' } };
  const messages = [
    ...result.warnings.map((w) => ({ level: 'warn', value: truncateText(oneLine(w), 2000) || 'warning' })),
    ...(result.notScanned.length ? [{ level: 'info', value: `${result.notScanned.length} package(s) not scanned: ${[...new Set(result.notScanned.map((n) => n.reason))].join(', ')}` }] : []),
    ...(result.suppressed.length ? [{ level: 'info', value: `${result.suppressed.length} finding(s) suppressed by the ignore file or VEX` }] : []),
  ];
  const report = {
    version: GITLAB_SCHEMA_VERSION,
    schema: GITLAB_SCHEMA_URL,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'container_scanning',
      status: 'success',
      start_time: gitlabTime(options.startTime ?? created, 'startTime'),
      end_time: gitlabTime(options.endTime ?? created, 'endTime'),
      ...(messages.length ? { messages } : {}),
    },
    vulnerabilities: [...result.findings].sort(compareFindingsByPriority).map((f) => vulnerability(f, result, os)),
    remediations: [],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const format: VulnReportFormat = {
  id,
  displayName,
  mediaType: 'application/json',
  fileExtension: '.json',
  specs: [GITLAB_SCHEMA_URL],
  render: renderGitlabReport,
};
