/**
 * The report-format plug-in interface. A format turns an `Inventory` into the text of one document; it is pure
 * (no I/O): the CLI writes the string where the user asked.
 */
import type { ImageInfo, Inventory } from '../model/index.js';

/** Options the CLI passes to every format; each format reads the ones it documents and ignores the rest. */
export interface RenderOptions {
  /** table: colour the output with ANSI escapes (pass `stdout.isTTY && !NO_COLOR`). Default false. */
  color?: boolean;
  /** table: line width to fit the package list into. Default 120. */
  width?: number;
  /** cyclonedx: `urn:uuid:…` serial number. Default: derived from the document content. */
  serialNumber?: string;
  /** spdx: document namespace URI. Default: derived from the image digest and the document content. */
  namespace?: string;
}

/** One output format, as listed in `registry.ts`. */
export interface ReportFormat {
  /** Folder name and registry key. */
  readonly id: string;
  readonly displayName: string;
  /** IANA media type of the output (for HTTP responses and OCI attestations). */
  readonly mediaType: string;
  /** File name extension for `--output` defaults, with its dot. */
  readonly fileExtension: string;
  /** Links to the format's specification. */
  readonly specs: readonly string[];
  /**
   * Render the inventory. Deterministic: the same inventory and options give the same bytes.
   * @throws {ReportError} `INVALID_OPTION` when an option has an unusable value.
   */
  render(inventory: Inventory, options?: RenderOptions): string;
  /**
   * The strings of the rendered document that depend on the inventory's `createdAt` (the time as written, and what
   * is derived from it), in a fixed order: what src/report/time-bound.ts replaces to reuse a rendering made at
   * another time. `digest` gives the inventory's contentDigest; `image` is its `image`. A format without it is
   * never reused.
   */
  timeBound?(createdAt: string, digest: () => string, image: ImageInfo, options: RenderOptions): string[];
}
