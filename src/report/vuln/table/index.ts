/**
 * The human scan summary for a terminal or a log: image, OS and database lines, counts by severity, the risk score
 * with its explanation, then one block per package (installed version, type, layer and its `created_by`, location)
 * listing its findings (severity, id, status, fixed version, CVSS, EPSS, KEV, title), then suppressed findings,
 * not-scanned packages and warnings. ANSI colour only when asked for.
 */
import type { Finding, ScanResult, Severity } from '../../../model/index.js';
import { compareStrings } from '../../package-order.js';
import { canonicalizeScanResult } from '../json/canonical.js';
import { VulnReportError } from '../errors.js';
import {
  bestCvss, countBySeverity, formatEpss, formatScore, layerText, oneLine, osText, SEVERITIES_DESCENDING, statusLabel, truncateText,
} from '../facts.js';
import type { VulnRenderOptions, VulnReportFormat } from '../types.js';

export const id = 'table';
export const displayName = 'Table (human summary)';

/** Default line width. */
export const DEFAULT_WIDTH = 120;

interface Style {
  heading(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
  severity(sev: Severity, s: string): string;
}

const PLAIN: Style = { heading: (s) => s, dim: (s) => s, warn: (s) => s, severity: (_v, s) => s };

const SEVERITY_ANSI: Record<Severity, [string, string]> = {
  CRITICAL: ['\u001b[1;31m', '\u001b[0m'],
  HIGH: ['\u001b[31m', '\u001b[39m'],
  MEDIUM: ['\u001b[33m', '\u001b[39m'],
  LOW: ['\u001b[36m', '\u001b[39m'],
  NEGLIGIBLE: ['\u001b[2m', '\u001b[22m'],
  UNKNOWN: ['\u001b[2m', '\u001b[22m'],
};

const ANSI: Style = {
  heading: (s) => `\u001b[1m${s}\u001b[22m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  warn: (s) => `\u001b[33m${s}\u001b[39m`,
  severity: (sev, s) => `${SEVERITY_ANSI[sev][0]}${s}${SEVERITY_ANSI[sev][1]}`,
};

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - [...s].length));
}

/** Text from feeds may carry terminal escapes: make control characters visible-free before printing them. */
function safe(s: string): string {
  return oneLine(s);
}

function packageHeader(f: Finding): string {
  const p = f.package;
  const parts = [`${safe(p.name)} ${safe(p.version)}`, `(${p.type})`];
  if (p.sourceName && p.sourceName !== p.name) parts.push(`source ${safe(p.sourceName)}`);
  return parts.join(' ');
}

interface Row {
  severity: Severity;
  cells: string[];
}

function findingRow(f: Finding): Row {
  const cvss = bestCvss(f);
  const markers = [f.kev ? 'KEV' : '', f.kind === 'malicious' ? 'MAL' : ''].filter(Boolean).join(',');
  return {
    severity: f.severity,
    cells: [
      f.severity,
      safe(f.id),
      statusLabel(f),
      f.fixedVersion ? safe(f.fixedVersion) : '-',
      cvss?.score !== undefined ? formatScore(cvss.score) : '-',
      f.epss ? formatEpss(f.epss.score) : '-',
      markers || '-',
      safe(f.title ?? f.description ?? ''),
    ],
  };
}

const HEADER = ['SEVERITY', 'ID', 'STATUS', 'FIXED IN', 'CVSS', 'EPSS', 'KEV', 'TITLE'];
const CAPS = [10, 24, 14, 28, 4, 7, 7, undefined];

function table(rows: Row[], width: number, style: Style, indent: string): string[] {
  const widths = HEADER.map((h, i) => {
    const longest = Math.max(h.length, ...rows.map((r) => [...(r.cells[i] ?? '')].length));
    const cap = CAPS[i];
    return cap === undefined ? longest : Math.min(longest, cap);
  });
  // The title takes what is left of the line; when less than 10 characters are left, the fixed-version and id
  // columns give some of theirs back first.
  const usedBy = (): number => indent.length + widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  for (const [col, min] of [[3, 8], [1, 13]] as const) {
    const deficit = 10 - (width - usedBy());
    if (deficit > 0) widths[col] = Math.max(min, widths[col]! - deficit);
  }
  widths[widths.length - 1] = Math.max(1, Math.min(widths[widths.length - 1]!, width - usedBy()));
  const line = (cells: string[], sev?: Severity): string =>
    indent +
    cells
      .map((c, i) => {
        const w = widths[i]!;
        const cut = truncateText(c, w);
        const cell = i === cells.length - 1 ? cut : pad(cut, w);
        return i === 0 && sev ? style.severity(sev, cell) : cell;
      })
      .join('  ')
      .trimEnd();
  return [style.heading(line(HEADER)), ...rows.map((r) => line(r.cells, r.severity))];
}

function countsLine(findings: readonly Finding[], style: Style): string {
  const counts = countBySeverity(findings);
  const parts = SEVERITIES_DESCENDING.filter((s) => counts[s] > 0).map((s) => style.severity(s, `${counts[s]} ${s.toLowerCase()}`));
  return parts.length ? parts.join(', ') : 'none';
}

/**
 * Render the human summary. Options: `color` (default false), `width` (default 120, at least 80).
 * @throws {VulnReportError} `INVALID_OPTION` for a width that is not a number; `INVALID_SCAN_RESULT` when
 * `inventory.createdAt` is not a date.
 * @example renderScanTable(result, { color: process.stdout.isTTY })
 */
export function renderScanTable(input: ScanResult, options: VulnRenderOptions = {}): string {
  if (options.width !== undefined && !Number.isFinite(options.width)) throw new VulnReportError('INVALID_OPTION', `width must be a number, got ${String(options.width)}`);
  const result = canonicalizeScanResult(input);
  const style = options.color ? ANSI : PLAIN;
  const width = Math.max(80, Math.floor(options.width ?? DEFAULT_WIDTH));
  const out: string[] = [];
  const img = result.inventory.image;
  const facts = [img.manifestDigest, img.platform].filter((x): x is string => Boolean(x));
  const ref = truncateText(safe(img.reference), width - 12);
  const imageFacts = facts.length ? truncateText(` (${facts.join(', ')})`, Math.max(0, width - 12 - [...ref].length)) : '';
  out.push(`${style.heading('Image:')}      ${ref}${imageFacts ? style.dim(imageFacts) : ''}`);
  out.push(`${style.heading('OS:')}         ${truncateText(safe(osText(result) ?? 'unknown'), width - 12)}`);
  if (result.database) {
    const db = result.database;
    const sources = db.sources.map((s) => s.id).join(', ');
    const built = db.builtAt ? `built ${safe(db.builtAt)}` : 'build time unknown';
    const src = sources ? truncateText(` (${safe(sources)})`, Math.max(0, width - 12 - built.length)) : '';
    out.push(`${style.heading('Database:')}   ${built}${src ? style.dim(src) : ''}`);
  }
  out.push(`${style.heading('Findings:')}   ${result.findings.length} (${countsLine(result.findings, style)})`);
  out.push(`${style.heading('Suppressed:')} ${result.suppressed.length}   ${style.heading('Not scanned:')} ${result.notScanned.length}`);
  if (result.risk) {
    out.push(`${style.heading('Risk score:')} ${result.risk.score}/100`);
    for (const e of result.risk.explanation) out.push(style.dim(`  ${truncateText(safe(e), width - 2)}`));
  }

  // One block per package instance, in report order.
  const groups = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = `${f.package.type}\n${f.package.name}\n${f.package.version}\n${f.package.location}\n${f.package.purl}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  for (const list of groups.values()) {
    const first = list[0]!;
    out.push('');
    out.push(style.heading(truncateText(packageHeader(first), width)));
    const where = [layerText(first, 60), safe(first.package.location)].filter(Boolean).join(' · ');
    out.push(style.dim(`  ${truncateText(where, width - 2)}`));
    out.push(...table(list.map(findingRow), width, style, '  '));
  }

  if (result.suppressed.length) {
    out.push('', style.heading(`Suppressed (${result.suppressed.length})`));
    for (const s of result.suppressed) {
      const f = s.finding;
      const why = [s.by, safe(s.reason), s.justification ? `justification: ${safe(s.justification)}` : ''].filter(Boolean).join(' · ');
      out.push(truncateText(`  ${safe(f.id)}  ${safe(f.package.name)} ${safe(f.package.version)}  ${why}`, width));
    }
  }
  if (result.notScanned.length) {
    out.push('', style.heading(`Not scanned (${result.notScanned.length})`));
    const byReason = new Map<string, string[]>();
    for (const n of result.notScanned) {
      const names = byReason.get(n.reason) ?? [];
      names.push(`${n.package.name} ${n.package.version}`);
      byReason.set(n.reason, names);
    }
    for (const [reason, names] of [...byReason.entries()].sort(([a], [b]) => compareStrings(a, b))) {
      out.push(truncateText(`  ${safe(reason)} (${names.length}): ${safe(names.join(', '))}`, width));
    }
  }
  const checks = result.checks ?? [];
  if (checks.length) {
    out.push('', style.heading(`Secrets and image checks (${checks.length})`));
    for (const c of checks) {
      const where = c.path ? `${safe(c.path)}${c.line ? `:${c.line}` : ''}${c.layer !== undefined ? ` (layer ${c.layer}${c.deleted ? `, deleted in layer ${c.deletedInLayer ?? '?'}` : ''})` : ''}` : '';
      out.push(`  ${style.severity(c.severity, pad(c.severity, 10))}  ${pad(c.ruleId, 11)}  ${truncateText(safe(c.title), Math.max(20, width - 28))}`);
      const detail = [where, c.match ? `match ${safe(c.match)}` : ''].filter(Boolean).join(' · ');
      if (detail) out.push(style.dim(truncateText(`               ${detail}`, width)));
      out.push(style.dim(truncateText(`               ${safe(c.message)}`, width)));
    }
  }
  if (result.warnings.length) {
    out.push('', style.heading(`Warnings (${result.warnings.length})`));
    for (const w of result.warnings) out.push(style.warn(`  ! ${truncateText(safe(w), width - 4)}`));
  }
  if (result.findings.length === 0) out.push('', 'No vulnerabilities found.');
  if (result.checks && checks.length === 0) out.push('No secrets or image misconfigurations found.');
  return `${out.join('\n')}\n`;
}

export const format: VulnReportFormat = {
  id,
  displayName,
  mediaType: 'text/plain',
  fileExtension: '.txt',
  specs: ['docs/scan-report.md'],
  render: renderScanTable,
};
