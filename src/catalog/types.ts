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

/**
 * Random access to one file's bytes, for catalogers that need a few parts of a large file (an executable's headers
 * and one section) rather than all of it. `read` returns exactly `length` bytes or throws RangeError.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

/** A ByteSource over bytes already in memory (views, no copies). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new RangeError(`read of ${length} bytes at ${offset} is outside the ${bytes.length}-byte file`);
      }
      return bytes.subarray(offset, offset + length);
    },
  };
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

/** Which paths a cataloger can match, by name alone: a file is a candidate when any of the lists takes it. */
export interface PathHints {
  /** Exact file names (the last path segment), e.g. "status", "package.json". */
  readonly names?: readonly string[];
  /** Endings of the file name, compared without regard to case, e.g. ".jar", ".deps.json". */
  readonly suffixes?: readonly string[];
  /** Folders whose every direct child is a candidate, e.g. "/var/lib/dpkg/status.d". */
  readonly dirs?: readonly string[];
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
  /**
   * Set when whether this cataloger finds anything in a file it matched depends on the file's bytes alone (the path
   * only names locations), as for the binary catalogers. The walker then knows that a hardlink to a streamed file it
   * found nothing in holds nothing either, without keeping the bytes (src/image/layers/walk.ts).
   */
  readonly contentOnly?: boolean;
  /**
   * Optional pre-filter the walker indexes (src/catalog/hints.ts), so that `matches` is asked only about files
   * that can pass it. It must cover every path `matches` accepts (src/catalog/hints.test.ts checks each
   * cataloger's); without it, `matches` is asked about every file.
   */
  readonly pathHints?: PathHints;
  /** Cheap test on the path and header only; called for every regular file the hints let through. */
  matches(file: FileInfo): boolean;
  /**
   * Optional second test on the first bytes (up to 4 KiB) of a matched file, before the whole file is read.
   * Binary catalogers use it to skip files without the right magic.
   */
  sniff?(head: Uint8Array, file: FileInfo): boolean;
  /** Parse one file. Throwing is allowed for a file that is wholly unreadable: the walker records an issue. */
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult | Promise<FileParseResult>;
  /**
   * Optional: parse from random access, reading only the parts needed. The walker prefers it when the layer is
   * read with random access (a plain-tar layer on disk), so a large executable is never read whole. Must give the
   * same result as `parse` on the same bytes.
   */
  parseAt?(file: FileInfo, source: ByteSource): FileParseResult | Promise<FileParseResult>;
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
