/**
 * Drydock's scan JSON: exactly the `ScanResult` model (schema `drydock-scan/1`) in its canonical form. The contract
 * is docs/scan-report.md.
 */
import type { ScanResult } from '../../../model/index.js';
import type { VulnRenderOptions, VulnReportFormat } from '../types.js';
import { canonicalizeScanResult } from './canonical.js';

export const id = 'json';
export const displayName = 'Drydock scan JSON';

/**
 * Render the scan result as Drydock JSON: canonical order, two-space indent, final newline.
 * @throws {VulnReportError} `INVALID_SCAN_RESULT` when `inventory.createdAt` is not a date.
 * @example JSON.parse(renderScanJson(result)).schema // 'drydock-scan/1'
 */
export function renderScanJson(result: ScanResult, _options: VulnRenderOptions = {}): string {
  return `${JSON.stringify(canonicalizeScanResult(result), null, 2)}\n`;
}

export const format: VulnReportFormat = {
  id,
  displayName,
  mediaType: 'application/vnd.drydock.scan.v1+json',
  fileExtension: '.json',
  specs: ['docs/scan-report.md'],
  render: renderScanJson,
};

export { canonicalizeScanResult } from './canonical.js';
