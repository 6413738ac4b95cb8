/**
 * The scan-report plug-in interface. A format turns a `ScanResult` (findings, suppressed findings, not-scanned
 * packages, warnings, risk) into the text of one document. Pure and deterministic: the same result and options
 * give the same bytes; the CLI writes the string where the user asked.
 */
import type { ScanResult, Severity } from '../../model/index.js';

/** Options the CLI passes to every scan format; each format reads the ones its readme documents. */
export interface VulnRenderOptions {
  /** table: colour severities with ANSI escapes (pass `stdout.isTTY && !NO_COLOR`). Default false. */
  color?: boolean;
  /** table: line width the finding rows are fitted into. Default 120, at least 80. */
  width?: number;
  /**
   * junit: findings at or above this severity are failing test cases, the others are skipped ones.
   * markdown: marks the findings that fail the gate. Default: every finding fails (`UNKNOWN`).
   */
  failOn?: Severity;
  /** junit: one `<testsuite>` per package type (default) or per package. */
  junitGroupBy?: 'type' | 'package';
  /** markdown: upper bound of the document in UTF-8 bytes. Default 60000 (GitHub comments hold 65536 characters). */
  maxBytes?: number;
  /** markdown: rows in the "top findings" table. Default 10. */
  topFindings?: number;
  /** cyclonedx-vex: `urn:uuid:…` serial number. Default: derived from the document content. */
  serialNumber?: string;
  /** gitlab: ISO-8601 scan start/end times. Default: the inventory's `createdAt` for both. */
  startTime?: string;
  endTime?: string;
}

/** One scan report format, as listed in `registry.ts`. */
export interface VulnReportFormat {
  /** Folder name and registry key. */
  readonly id: string;
  readonly displayName: string;
  /** IANA media type of the output. */
  readonly mediaType: string;
  /** File name extension for `--output` defaults, with its dot. */
  readonly fileExtension: string;
  /** Links to the format's specification. */
  readonly specs: readonly string[];
  /**
   * Render the scan result. Deterministic.
   * @throws {VulnReportError} `INVALID_OPTION` when an option has an unusable value, `INVALID_SCAN_RESULT` when
   * the result is not usable (e.g. `inventory.createdAt` is not a date).
   */
  render(result: ScanResult, options?: VulnRenderOptions): string;
}
