/** Typed errors and stable codes of the matching module. Codes are part of the API (reports and the CLI show them). */

/** Why a finding could not be evaluated: its status is reported, but the version comparison did not happen. */
export type NotEvaluatedCode =
  /** The installed version does not parse in the package's scheme. */
  | 'INVALID_VERSION'
  /** A version inside the advisory (an event or a listed version) does not parse in the scheme. */
  | 'INVALID_ADVISORY_VERSION'
  /** No version scheme is registered for the package's ecosystem (yet). */
  | 'NO_VERSION_SCHEME'
  /**
   * rpm: the package is a module build without a modularity label, and the entry is for a named module stream, so
   * whether that stream's errata apply to it cannot be told.
   */
  | 'UNKNOWN_MODULE_STREAM';

/** Why a package was not matched at all (`MatchResult.notScanned`). */
export type NotScannedReason =
  /** A language package whose files belong to an OS package: the distro's advisories for the owner cover it. */
  | 'OWNED_BY_OS_PACKAGE'
  /** The image's OS family has no distro matcher (or no OS was detected) for an OS package. */
  | 'UNSUPPORTED_OS'
  /** An OS package of a kind the image's distro does not use (an rpm database inside a Debian image). */
  | 'FOREIGN_PACKAGE_MANAGER'
  /** The OS release could not be read (no VERSION_ID, codename or branch). */
  | 'UNKNOWN_OS_RELEASE'
  /** A language package type with no advisory ecosystem. */
  | 'UNSUPPORTED_ECOSYSTEM'
  /** A Maven artifact without a groupId: advisories are keyed by groupId:artifactId. */
  | 'MISSING_GROUP_ID'
  /** A package without a version. */
  | 'MISSING_VERSION';

export type MatchErrorCode = 'INVALID_OPTIONS';

/** An error of the matching module (bad caller input; data problems become findings or notScanned entries). */
export class MatchError extends Error {
  override readonly name = 'MatchError';
  readonly code: MatchErrorCode;

  constructor(code: MatchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
