/**
 * The inventory model: one installed software package, as found in an image.
 * Shared by catalogers, the scan pipeline, matching and reports. Imports nothing else in src/.
 */

/** Package types Drydock inventories. The id of the cataloger family that found it. */
export const PACKAGE_TYPES = ['apk', 'cargo', 'composer', 'dpkg', 'gem', 'go', 'java', 'julia', 'npm', 'nuget', 'python', 'rpm'] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];

export const OS_PACKAGE_TYPES: readonly PackageType[] = ['apk', 'dpkg', 'rpm'];

export function isOsPackageType(t: PackageType): boolean {
  return OS_PACKAGE_TYPES.includes(t);
}

/** The layer a package (or file) came from. */
export interface LayerRef {
  /** 0-based position in the image's layer list. */
  index: number;
  /** sha256 of the uncompressed layer tar ("diffID"). */
  diffId: string;
  /** Registry/blob digest of the layer as stored (compressed), when known. */
  digest?: string;
  /** The history `created_by` line of the layer, when known. */
  createdBy?: string;
}

/** The OS package that owns a language package's files (Debian jars, dist-info under /usr/lib/python3 …). */
export interface OwnerRef {
  type: PackageType;
  name: string;
  version: string;
}

export interface Package {
  type: PackageType;
  name: string;
  version: string;
  /** Package URL, built with packageurl-js. */
  purl: string;
  /** rpm: epoch (undefined when none). dpkg keeps the epoch inside `version`. */
  epoch?: number;
  /** rpm: version without epoch and release; release separately. */
  release?: string;
  arch?: string;
  /** Source package: dpkg `Source:`, apk origin, rpm source rpm name. */
  source?: { name: string; version?: string };
  /** Licences as recorded by the package database or manifest (SPDX ids where the database uses them). */
  licenses?: string[];
  /**
   * Where the package was found: absolute paths inside the image (the database or manifest file;
   * `outer.jar!/BOOT-INF/lib/inner.jar` for nested archives).
   */
  locations: string[];
  /** Files installed by the package (OS packages), absolute paths inside the image. */
  files?: string[];
  /** The layer that introduced this package (filled in by the scan pipeline). */
  layer?: LayerRef;
  /** Set when the files of this language package belong to an OS package. */
  ownedBy?: OwnerRef;
  /** Cataloger-specific facts (e.g. rpm modularity label, Go main module, jar sha1). Plain JSON values only. */
  metadata?: Record<string, unknown>;
}

/** A problem met while reading a record, file or layer. Reports show these: nothing is dropped silently. */
export interface InventoryIssue {
  /** Stable SCREAMING_SNAKE code. */
  code: string;
  message: string;
  /** Path inside the image (or of the input) the issue concerns. */
  path?: string;
  layer?: number;
}
