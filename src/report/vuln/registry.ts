/**
 * The explicit, alphabetical map of scan report formats (`drydock scan --format`). Add a format by importing its
 * folder here; nothing registers itself by side effect. An unknown id is `undefined` (or a typed error from
 * `requireVulnReportFormat`), never a fallback to another format.
 */
import type { ScanResult } from '../../model/index.js';
import { format as cyclonedxVex } from './cyclonedx-vex/index.js';
import { VulnReportError } from './errors.js';
import { format as gitlab } from './gitlab/index.js';
import { format as json } from './json/index.js';
import { format as junit } from './junit/index.js';
import { format as markdown } from './markdown/index.js';
import { format as sarif } from './sarif/index.js';
import { format as table } from './table/index.js';
import type { VulnRenderOptions, VulnReportFormat } from './types.js';

export const vulnReportFormats = {
  'cyclonedx-vex': cyclonedxVex,
  gitlab,
  json,
  junit,
  markdown,
  sarif,
  table,
} as const satisfies Record<string, VulnReportFormat>;

export type VulnReportFormatId = keyof typeof vulnReportFormats;

/** The format with this id, or undefined (own keys only: `constructor` is not a format). */
export function getVulnReportFormat(id: string): VulnReportFormat | undefined {
  return Object.hasOwn(vulnReportFormats, id) ? (vulnReportFormats as Record<string, VulnReportFormat>)[id] : undefined;
}

/**
 * The format with this id.
 * @throws {VulnReportError} `UNSUPPORTED_FORMAT` naming the known ids.
 */
export function requireVulnReportFormat(id: string): VulnReportFormat {
  const f = getVulnReportFormat(id);
  if (!f) throw new VulnReportError('UNSUPPORTED_FORMAT', `unknown scan report format "${id.slice(0, 60)}" (known: ${listVulnReportFormatIds().join(', ')})`);
  return f;
}

/** Every format id, alphabetically. */
export function listVulnReportFormatIds(): VulnReportFormatId[] {
  return Object.keys(vulnReportFormats) as VulnReportFormatId[];
}

/**
 * Render a scan result in the format with this id.
 * @throws {VulnReportError} `UNSUPPORTED_FORMAT`, and whatever the format throws (`INVALID_OPTION`, `INVALID_SCAN_RESULT`).
 * @example renderScanReport('sarif', result)
 */
export function renderScanReport(id: string, result: ScanResult, options: VulnRenderOptions = {}): string {
  return requireVulnReportFormat(id).render(result, options);
}
