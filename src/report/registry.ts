/**
 * The explicit, alphabetical map of inventory report formats. Add a format by importing its folder here; nothing
 * registers itself by side effect (see docs/architecture.md). An unknown id is `undefined` (or a typed error from
 * `requireReportFormat`), never a fallback to another format.
 */
import { format as cyclonedx } from './cyclonedx/index.js';
import { ReportError } from './errors.js';
import { format as json } from './json/index.js';
import { format as spdx } from './spdx/index.js';
import { format as table } from './table/index.js';
import type { Inventory } from '../model/index.js';
import type { RenderOptions, ReportFormat } from './types.js';

export const reportFormats = {
  cyclonedx,
  json,
  spdx,
  table,
} as const satisfies Record<string, ReportFormat>;

export type ReportFormatId = keyof typeof reportFormats;

/**
 * The same map under the name `src/cli/commands/sbom.ts` imports. Prefer `getReportFormat(id)` for ids that come
 * from users: indexing a plain object with an arbitrary string also reaches `Object.prototype` members.
 */
export const formats = reportFormats;

/** The format with this id, or undefined. */
export function getReportFormat(id: string): ReportFormat | undefined {
  return Object.hasOwn(reportFormats, id) ? (reportFormats as Record<string, ReportFormat>)[id] : undefined;
}

/**
 * The format with this id.
 * @throws {ReportError} `UNSUPPORTED_FORMAT` naming the known ids.
 */
export function requireReportFormat(id: string): ReportFormat {
  const f = getReportFormat(id);
  if (!f) throw new ReportError('UNSUPPORTED_FORMAT', `unknown report format "${id}" (known: ${listReportFormatIds().join(', ')})`);
  return f;
}

/** Every format id, alphabetically. */
export function listReportFormatIds(): ReportFormatId[] {
  return Object.keys(reportFormats) as ReportFormatId[];
}

/**
 * Render an inventory in the format with this id.
 * @throws {ReportError} `UNSUPPORTED_FORMAT`, and whatever the format throws (`INVALID_OPTION`, `INVALID_INVENTORY`).
 * @example renderReport('cyclonedx', inventory)
 */
export function renderReport(id: string, inventory: Inventory, options: RenderOptions = {}): string {
  return requireReportFormat(id).render(inventory, options);
}
