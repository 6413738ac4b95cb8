/**
 * Julia package versions (`Base.VersionNumber`): MAJOR[.MINOR[.PATCH]][-pre][+build], an optional leading `v`,
 * missing parts 0 (`1.2` = `1.2.0`), ordered as SemVer 2.0 (the build part does not order). Ranges are Julia's
 * `[compat]` specifiers: comma-separated, and a version matches when ANY specifier does; each is caret by default
 * (`1.2` = `^1.2` = [1.2.0, 2.0.0), `0.2` = [0.2.0, 0.3.0), `0.0.3` = [0.0.3, 0.0.4)), or `~`, `=`, `>=`/`≥`, `<`,
 * or a hyphen range `1.2 - 2` ([1.2.0, 3.0.0)). Each is translated to its node-semver equivalent, whose caret,
 * tilde and hyphen bounds are the same.
 * Specs: https://docs.julialang.org/en/v1/manual/strings/#man-version-number-literals,
 * https://pkgdocs.julialang.org/v1/compatibility/
 */
import SemVer from 'semver/classes/semver.js';
import Range from 'semver/classes/range.js';
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';

export const id = 'julia';
export const displayName = 'Julia (VersionNumber, [compat] specifiers)';
export const specs = [
  'https://docs.julialang.org/en/v1/manual/strings/#man-version-number-literals',
  'https://pkgdocs.julialang.org/v1/compatibility/',
] as const;

const NUM = '(0|[1-9][0-9]*)';
const PRE = '(-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?';
const BUILD = '(\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?';
const VERSION_RE = new RegExp(`^v?${NUM}(?:\\.${NUM})?(?:\\.${NUM})?${PRE}${BUILD}$`);

/** The parts of a version text, or undefined. */
function partsOf(text: string): { nums: string[]; pre: string; build: string } | undefined {
  const m = VERSION_RE.exec(text);
  if (!m) return undefined;
  return { nums: [m[1]!, m[2], m[3]].filter((x): x is string => x !== undefined), pre: m[4] ?? '', build: m[5] ?? '' };
}

/**
 * Parse a Julia version; missing parts are 0.
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parseJuliaVersion('v1.2').compare(parseJuliaVersion('1.2.0')) // 0
 */
export function parseJuliaVersion(input: string): SemVer {
  const p = partsOf(input);
  if (!p) throw new VersionError('INVALID_VERSION', id, input, 'not [v]MAJOR[.MINOR[.PATCH]][-pre][+build]');
  const [major, minor = '0', patch = '0'] = p.nums;
  try {
    return new SemVer(`${major}.${minor}.${patch}${p.pre}${p.build}`);
  } catch (err) {
    throw new VersionError('INVALID_VERSION', id, input, err instanceof Error ? err.message : String(err), { cause: err });
  }
}

const SPEC_RE = /^(\^|~|=|>=|\u2265|<)?\s*(\S+)$/;

/**
 * Parse `[compat]` specifiers into an equivalent node-semver range (a union).
 * @throws {VersionError} INVALID_RANGE naming the input.
 * @example parseJuliaRange('0.2, 1.3').test(new SemVer('1.4.0')) // true
 */
export function parseJuliaRange(input: string): Range {
  const bad = (reason: string): never => {
    throw new VersionError('INVALID_RANGE', id, input, reason);
  };
  if (input.trim() === '') bad('empty specifier');
  const bare = (v: string): string => {
    const p = partsOf(v);
    if (!p) bad(`${JSON.stringify(v)} is not a version`);
    if (p!.pre && p!.nums.length < 3) bad(`a pre-release needs MAJOR.MINOR.PATCH in ${JSON.stringify(v)}`);
    return `${p!.nums.join('.')}${p!.pre}`;
  };
  const union = input.split(',').map((raw) => {
    const term = raw.trim();
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(term);
    if (hyphen) return `${bare(hyphen[1]!)} - ${bare(hyphen[2]!)}`;
    const m = SPEC_RE.exec(term);
    if (!m) return bad(`specifier ${JSON.stringify(term)} is not "[op]VERSION" or "A - B"`);
    const op = m[1] === '\u2265' ? '>=' : (m[1] ?? '^');
    return `${op}${bare(m[2]!)}`;
  });
  try {
    return new Range(union.join(' || '));
  } catch (err) {
    return bad(err instanceof Error ? err.message : String(err));
  }
}

/** The Julia scheme. */
export const scheme = defineScheme<SemVer, Range>({
  id,
  displayName,
  specs,
  parse: parseJuliaVersion,
  compare: (a, b) => a.compare(b),
  parseRange: parseJuliaRange,
  matches: (v, r) => r.test(v),
});
