/**
 * The cataloger plug-in interface. A cataloger names the files it wants and turns their bytes into packages.
 * It is pure: it never opens files itself (the layer walker hands it the bytes), so it can run on a layer stream,
 * a rootfs walk or a unit-test buffer alike. Shape after trivy/pkg/fanal/analyzer/analyzer.go (Type, Version,
 * Required, Analyze), with the version going into the per-layer cache key.
 */
import type { InventoryIssue, OsInfo, Package, PackageType } from '../model/index.js';

/** A regular file inside the image, as the walker sees it. */
export interface FileInfo {
  /** Absolute path inside the image, normalised: leading "/", no "." or ".." segments, no trailing "/". */
  path: string;
  size: number;
  /** Unix permission bits and file type bits as recorded in the tar header (e.g. 0o100755). */
  mode: number;
}

/** What a cataloger found in one file. Must be plain JSON data: it is stored in the per-layer cache. */
export interface FileParseResult {
  packages: Package[];
  issues: InventoryIssue[];
  /** OS facts (os-release cataloger). */
  os?: OsInfo;
  /**
   * Facts that are not packages but are combined in `finalize` with other files of the final view
   * (e.g. a dpkg `info/<pkg>.list` file list). Plain JSON.
   */
  facts?: unknown;
}

export interface FinalizeResult {
  packages: Package[];
  issues: InventoryIssue[];
}

export interface Cataloger {
  /** Folder name and registry key, kebab-case. */
  readonly id: string;
  readonly displayName: string;
  /** Bump whenever the output for the same input changes: it is part of the per-layer cache key. */
  readonly version: number;
  /** The package type this cataloger produces (none for os-release). */
  readonly packageType?: PackageType;
  /** Links to the format's specification or the native tool's documentation. */
  readonly specs?: readonly string[];
  /** Largest file this cataloger will read, in bytes (default 64 MiB). Larger files give an issue. */
  readonly maxFileSize?: number;
  /** Cheap test on the path and header only; called for every regular file of every layer. */
  matches(file: FileInfo): boolean;
  /**
   * Optional second test on the first bytes (up to 4 KiB) of a matched file, before the whole file is read.
   * Binary catalogers use it to skip files without the right magic.
   */
  sniff?(head: Uint8Array, file: FileInfo): boolean;
  /** Parse one file. Throwing is allowed for a file that is wholly unreadable: the walker records an issue. */
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult | Promise<FileParseResult>;
  /**
   * Combine the per-file results of the final filesystem view (path → result, only files this cataloger
   * matched). Must keep each package's identity (type, name, version, arch, first location) as `parse`
   * reported it: only add detail such as `files`. Default: the packages of every file, in path order.
   */
  finalize?(results: ReadonlyMap<string, FileParseResult>): FinalizeResult;
}

/** An empty result, for files that held nothing. */
export function emptyResult(): FileParseResult {
  return { packages: [], issues: [] };
}
