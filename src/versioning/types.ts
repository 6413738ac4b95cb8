/**
 * The version scheme plug-in interface: parse, compare and range-match the versions of one ecosystem.
 * Deliberately small (see docs/architecture.md): no update strategies, no fallback scheme. A version that does not
 * parse is an error, never an ordering.
 */

/** The sign of a comparison. */
export type Comparison = -1 | 0 | 1;

export interface VersionScheme<V = unknown> {
  /** Folder name and registry key (deb, rpm, npm, …). */
  readonly id: string;
  readonly displayName: string;
  /** Links to the specification or the reference implementation the scheme follows. */
  readonly specs: readonly string[];
  /**
   * Parse a version into the scheme's own representation.
   * @throws {VersionError} code INVALID_VERSION, naming the input and the scheme.
   */
  parse(version: string): V;
  /** Like `parse`, but returns undefined for an invalid version. */
  tryParse(version: string): V | undefined;
  isValid(version: string): boolean;
  /**
   * Order two versions.
   * @throws {VersionError} code INVALID_VERSION when either does not parse.
   */
  compare(a: string, b: string): Comparison;
  /**
   * True when `version` is inside `range`, written in the ecosystem's own range syntax (see each scheme's readme).
   * @throws {VersionError} INVALID_VERSION for a bad version, INVALID_RANGE for a bad range.
   */
  satisfies(version: string, range: string): boolean;
}
