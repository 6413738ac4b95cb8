/**
 * Rust crate versions (strict SemVer 2.0.0) and Cargo version requirements: comma-separated comparators that all
 * hold; a bare version means caret (`1.2` = `^1.2`), plus `~`, `=`, `>`, `>=`, `<`, `<=`, `*` and wildcards
 * (`1.*`, `1.2.*`). A pre-release matches only a comparator with the same major.minor.patch and a pre-release, as
 * in Cargo. Each comparator is translated to its node-semver equivalent, whose matching rules are the same.
 * Spec: https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html and https://docs.rs/semver
 */
// The two classes only: the package's index loads some forty modules at start-up.
import SemVer from 'semver/classes/semver.js';
import Range from 'semver/classes/range.js';
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';

export const id = 'cargo';
export const displayName = 'Cargo (Rust semver)';
export const specs = [
  'https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html',
  'https://docs.rs/semver/latest/semver/struct.VersionReq.html',
] as const;

const STRICT_RE = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Parse a crate version: exactly MAJOR.MINOR.PATCH[-pre][+build], no "v" prefix, no blanks.
 * @throws {VersionError} INVALID_VERSION naming the input.
 */
export function parseCargoVersion(input: string): SemVer {
  if (!STRICT_RE.test(input)) throw new VersionError('INVALID_VERSION', id, input, 'not MAJOR.MINOR.PATCH[-pre][+build]');
  try {
    return new SemVer(input);
  } catch (err) {
    throw new VersionError('INVALID_VERSION', id, input, err instanceof Error ? err.message : String(err), { cause: err });
  }
}

const COMPARATOR_RE = /^(=|>=|<=|>|<|~|\^)?\s*(0|[1-9][0-9]*|\*|x|X)(?:\.(0|[1-9][0-9]*|\*|x|X))?(?:\.(0|[1-9][0-9]*|\*|x|X))?(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Parse a Cargo requirement into an equivalent node-semver range.
 * @throws {VersionError} INVALID_RANGE naming the input.
 * @example parseCargoRange('1.2, <1.5').test(new SemVer('1.4.0')) // true
 */
export function parseCargoRange(input: string): Range {
  const bad = (reason: string): never => {
    throw new VersionError('INVALID_RANGE', id, input, reason);
  };
  if (input.trim() === '') bad('empty requirement');
  const parts = input.split(',').map((c) => {
    const term = c.trim();
    const m = COMPARATOR_RE.exec(term);
    if (!m) bad(`comparator ${JSON.stringify(term)} is not "[op]MAJOR[.MINOR[.PATCH[-pre]]]"`);
    const [, op, major, minor, patch, pre] = m!;
    const nums = [major!, minor, patch].filter((x): x is string => x !== undefined);
    const wild = nums.findIndex((n) => /^[*xX]$/.test(n));
    if (wild >= 0) {
      if (nums.slice(wild).some((n) => !/^[*xX]$/.test(n)) || pre) bad(`bad wildcard in ${JSON.stringify(term)}`);
      if (op && op !== '=') bad(`operator ${op} with a wildcard in ${JSON.stringify(term)}`);
      return wild === 0 ? '*' : `${nums.slice(0, wild).join('.')}.x`;
    }
    if (pre && nums.length < 3) bad(`a pre-release needs MAJOR.MINOR.PATCH in ${JSON.stringify(term)}`);
    // Cargo's default operator is caret; node-semver's would be "=".
    return `${op ?? '^'}${nums.join('.')}${pre ?? ''}`;
  });
  try {
    return new Range(parts.join(' '));
  } catch (err) {
    return bad(err instanceof Error ? err.message : String(err));
  }
}

/** The Cargo scheme. */
export const scheme = defineScheme<SemVer, Range>({
  id,
  displayName,
  specs,
  parse: parseCargoVersion,
  compare: (a, b) => a.compare(b),
  parseRange: parseCargoRange,
  matches: (v, r) => r.test(v),
});
