/**
 * npm package versions and ranges, with node-semver itself (the implementation npm uses), so the answers are npm's.
 * Versions are strict SemVer 2.0.0 (node-semver also accepts a leading "v" and surrounding blanks). Ranges are npm
 * ranges: `^1.2.3`, `~1.2`, `1.x`, `>=1.0.0 <2.0.0`, `1.0.0 - 2.0.0`, `||`. Pre-releases match only as npm matches
 * them: when a comparator of the range names the same major.minor.patch with a pre-release.
 * Spec: https://semver.org/spec/v2.0.0.html and https://github.com/npm/node-semver#ranges
 */
// The two classes only: the package's index loads some forty modules at start-up.
import SemVer from 'semver/classes/semver.js';
import Range from 'semver/classes/range.js';
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import type { Comparison } from '../types.js';

export const id = 'npm';
export const displayName = 'npm (node-semver)';
export const specs = ['https://semver.org/spec/v2.0.0.html', 'https://github.com/npm/node-semver#ranges'] as const;

/** node-semver options, for callers that need npm's `loose` or `includePrerelease` modes. */
export interface NpmOptions {
  loose?: boolean;
  includePrerelease?: boolean;
}

/**
 * Parse a version with node-semver.
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parseNpmVersion('1.2.3-beta.1').prerelease // ['beta', 1]
 */
export function parseNpmVersion(input: string, options: NpmOptions = {}): SemVer {
  try {
    return new SemVer(input, options);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new VersionError('INVALID_VERSION', id, input, reason, { cause: err });
  }
}

/**
 * Parse an npm range. An empty or blank range is rejected, although npm reads it as `*`: in an advisory it is far
 * more likely a data error than "every version".
 * @throws {VersionError} INVALID_RANGE naming the input.
 */
export function parseNpmRange(input: string, options: NpmOptions = {}): Range {
  if (input.trim() === '') throw new VersionError('INVALID_RANGE', id, input, 'empty range (write "*" for any version)');
  try {
    return new Range(input, options);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new VersionError('INVALID_RANGE', id, input, reason, { cause: err });
  }
}

/** Compare with node-semver's precedence (build metadata ignored). */
export function compareNpm(a: string, b: string, options: NpmOptions = {}): Comparison {
  return parseNpmVersion(a, options).compare(parseNpmVersion(b, options));
}

/** Whether `version` is in `range`, with node-semver options. Throws on an invalid version instead of answering false. */
export function satisfiesNpm(version: string, range: string, options: NpmOptions = {}): boolean {
  const r = parseNpmRange(range, options);
  return r.test(parseNpmVersion(version, options));
}

/** The npm scheme (node-semver defaults: not loose, pre-releases only as npm includes them). */
export const scheme = defineScheme<SemVer, Range>({
  id,
  displayName,
  specs,
  parse: (v) => parseNpmVersion(v),
  compare: (a, b) => a.compare(b),
  parseRange: (r) => parseNpmRange(r),
  matches: (v, r) => r.test(v),
});
