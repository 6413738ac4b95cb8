/**
 * Markdown for pull-request and merge-request comments: a summary line with counts by severity, the gate verdict,
 * the top findings (most severe, known-exploited and likely-exploited first), then collapsible sections with every
 * finding, the suppressed ones, the packages not scanned, the risk score and warnings. Every text from feeds is
 * escaped (no HTML, no links but http(s) advisories), and the document is bounded in size: rows that do not fit are
 * counted in a closing note instead of being cut mid-way.
 */
import type { Finding, ScanResult } from '../../../model/index.js';
import { SEVERITY_ORDER } from '../../../model/index.js';
import { canonicalizeScanResult } from '../json/canonical.js';
import { VulnReportError } from '../errors.js';
import {
  bestCvss, compareFindingsByPriority, countBySeverity, escapeMarkdown, formatEpss, formatScore, oneLine, primaryUrl, SEVERITIES_DESCENDING,
  severityRank, statusLabel, truncateText,
} from '../facts.js';
import type { VulnRenderOptions, VulnReportFormat } from '../types.js';

export const id = 'markdown';
export const displayName = 'Markdown (pull-request comment)';

/** Default size bound in UTF-8 bytes (GitHub comments hold 65,536 characters; GitLab notes 1,000,000). */
export const DEFAULT_MAX_BYTES = 60_000;
/** The smallest bound accepted: the summary must fit. */
export const MIN_MAX_BYTES = 2_000;

const encoder = new TextEncoder();
const bytes = (s: string): number => encoder.encode(s).length;

const LABEL: Record<string, string> = { CRITICAL: 'Critical', HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low', NEGLIGIBLE: 'Negligible', UNKNOWN: 'Unknown' };

/** A Markdown link to an http(s) URL: parentheses and spaces encoded so the URL cannot end the link early. */
function link(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

const HEADER = '| Severity | ID | Package | Installed | Fixed in | Status | CVSS | EPSS | KEV |\n|---|---|---|---|---|---|---:|---:|:---:|';

function row(f: Finding): string {
  const cvss = bestCvss(f);
  const cells = [
    `**${LABEL[f.severity]}**`,
    link(truncateText(f.id, 60), primaryUrl(f)),
    `${escapeMarkdown(truncateText(f.package.name, 80))} (${f.package.type})`,
    escapeMarkdown(truncateText(f.package.version, 60)),
    f.fixedVersion ? escapeMarkdown(truncateText(f.fixedVersion, 60)) : '–',
    escapeMarkdown(statusLabel(f)),
    cvss?.score !== undefined ? formatScore(cvss.score) : '–',
    f.epss ? formatEpss(f.epss.score) : '–',
    f.kev ? 'yes' : '',
  ];
  return `| ${cells.join(' | ')} |`;
}

/**
 * Render the pull-request comment. Options: `maxBytes` (default 60000, at least 2000), `topFindings` (default 10),
 * `failOn` (adds the gate verdict).
 * @throws {VulnReportError} `INVALID_OPTION` for a bound below 2000 or a negative row count;
 * `INVALID_SCAN_RESULT` when `inventory.createdAt` is not a date.
 * @example renderMarkdown(result, { failOn: 'HIGH' })
 */
export function renderMarkdown(input: ScanResult, options: VulnRenderOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes < MIN_MAX_BYTES) throw new VulnReportError('INVALID_OPTION', `maxBytes must be at least ${MIN_MAX_BYTES}, got ${String(maxBytes)}`);
  const top = options.topFindings ?? 10;
  if (!Number.isInteger(top) || top < 0) throw new VulnReportError('INVALID_OPTION', `topFindings must be a whole number ≥ 0, got ${String(top)}`);
  if (options.failOn !== undefined && !SEVERITY_ORDER.includes(options.failOn)) throw new VulnReportError('INVALID_OPTION', `failOn must be a severity, got ${String(options.failOn).slice(0, 40)}`);
  const result = canonicalizeScanResult(input);
  const findings = [...result.findings].sort(compareFindingsByPriority);
  const counts = countBySeverity(findings);
  const img = result.inventory.image;

  // The head: always present, small (bounded texts only).
  const head: string[] = [];
  head.push(`### Drydock scan: ${escapeMarkdown(truncateText(img.reference, 200))}`);
  head.push('');
  const summary = SEVERITIES_DESCENDING.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${LABEL[s]!.toLowerCase()}`);
  head.push(
    `**${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}**${summary.length ? ` (${summary.join(', ')})` : ''}` +
      ` · ${result.suppressed.length} suppressed · ${result.notScanned.length} not scanned` +
      (result.risk ? ` · risk score **${result.risk.score}/100**` : ''),
  );
  if (options.failOn) {
    const matched = findings.filter((f) => severityRank(f.severity) >= severityRank(options.failOn!)).length;
    head.push('', matched ? `❌ **Gate failed**: ${matched} ${matched === 1 ? 'finding is' : 'findings are'} ${options.failOn} or worse.` : `✅ Gate passed: nothing is ${options.failOn} or worse.`);
  }
  head.push('', '| Severity | Findings |', '|---|---:|', ...SEVERITIES_DESCENDING.map((s) => `| ${LABEL[s]} | ${counts[s]} |`));
  // Everything else is added while it fits; what does not fit is counted in the closing note.
  const out: string[] = [...head];
  let size = bytes(out.join('\n')) + 1;
  // Room for the closing note, the footer and the tags that close an open section.
  const reserve = 400;
  let omitted = 0;
  const add = (lines: string[]): boolean => {
    const b = bytes(lines.join('\n')) + 1;
    if (size + b + reserve > maxBytes) return false;
    out.push(...lines);
    size += b;
    return true;
  };
  const rows = (lines: string[]): void => {
    let shown = 0;
    for (const r of lines) {
      if (!add([r])) break;
      shown++;
    }
    omitted += lines.length - shown;
  };
  if (findings.length && top > 0) {
    const n = Math.min(top, findings.length);
    if (add(['', `#### Top ${n} ${n === 1 ? 'finding' : 'findings'}`, '', HEADER])) rows(findings.slice(0, top).map(row));
    else omitted += n;
  }
  if (!findings.length) add(['', 'No vulnerabilities found.']);

  const section = (title: string, lines: string[], prefix: string[] = []): void => {
    if (!lines.length) return;
    if (!add(['', `<details><summary>${escapeMarkdown(title)}</summary>`, '', ...prefix])) {
      omitted += lines.length;
      return;
    }
    rows(lines);
    out.push('', '</details>');
    size += bytes('\n\n</details>');
  };
  if (findings.length > top) section(`All ${findings.length} findings`, findings.map(row), [HEADER]);
  section(
    `Suppressed (${result.suppressed.length})`,
    result.suppressed.map((s) => {
      const f = s.finding;
      const why = `${s.by}: ${truncateText(oneLine(s.reason), 300)}${s.justification ? ` (${s.justification})` : ''}`;
      return `- ${link(truncateText(f.id, 60), primaryUrl(f))} in ${escapeMarkdown(f.package.name)} ${escapeMarkdown(f.package.version)} — ${escapeMarkdown(why)}`;
    }),
  );
  section(
    `Not scanned (${result.notScanned.length})`,
    result.notScanned.map((n) => `- ${escapeMarkdown(n.package.name)} ${escapeMarkdown(n.package.version)} (${n.package.type}): ${escapeMarkdown(n.reason)}${n.detail ? ` — ${escapeMarkdown(truncateText(n.detail, 200))}` : ''}`),
  );
  if (result.risk) section(`Risk score ${result.risk.score}/100: how it was computed`, result.risk.explanation.map((e) => `- ${escapeMarkdown(truncateText(e, 300))}`));
  section(`Warnings (${result.warnings.length})`, result.warnings.map((w) => `- ${escapeMarkdown(truncateText(w, 500))}`));
  if (omitted) out.push('', `_${omitted} more ${omitted === 1 ? 'line was' : 'lines were'} left out to keep this comment under ${maxBytes} bytes; see the full report._`);
  out.push('', `<sub>Drydock ${escapeMarkdown(result.inventory.tool.version)} · scanned ${escapeMarkdown(result.inventory.createdAt)}</sub>`);
  return `${out.join('\n')}\n`;
}

export const format: VulnReportFormat = {
  id,
  displayName,
  mediaType: 'text/markdown',
  fileExtension: '.md',
  specs: ['https://github.github.com/gfm/'],
  render: renderMarkdown,
};
