/**
 * NuGet package versions (NuGetVersion: SemVer 2.0.0 with an optional fourth "revision" number and 1- to 4-part
 * versions) and NuGet version ranges in interval notation.
 * Order: the four numbers (missing = 0), then a release above its pre-releases; pre-release labels compare
 * numerically when both are numbers, numbers before words, words case-insensitively. Build metadata is ignored.
 * Spec: https://learn.microsoft.com/en-us/nuget/concepts/package-versioning
 */
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import type { Comparison } from '../types.js';

export const id = 'nuget';
export const displayName = 'NuGet (SemVer 2, 4-part)';
export const specs = [
  'https://learn.microsoft.com/en-us/nuget/concepts/package-versioning',
  'https://learn.microsoft.com/en-us/nuget/concepts/package-versioning#version-ranges',
] as const;

export interface NuGetVersion {
  raw: string;
  /** major, minor, patch, revision as digit strings without leading zeros. */
  numbers: readonly [string, string, string, string];
  release: readonly string[];
}

const IDENT = '[0-9A-Za-z-]+';
const VERSION_RE = new RegExp(`^([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+(${IDENT}(?:\\.${IDENT})*))?$`);

/**
 * Parse a NuGet version. Leading zeros are accepted (NuGet normalises `1.01` to `1.1`).
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parseNuGetVersion('1.0.0.1-beta').numbers // ['1', '0', '0', '1']
 */
export function parseNuGetVersion(input: string): NuGetVersion {
  const m = VERSION_RE.exec(input);
  if (!m) throw new VersionError('INVALID_VERSION', id, input, 'not MAJOR[.MINOR[.PATCH[.REVISION]]][-prerelease][+metadata]');
  const n = (s: string | undefined): string => (s ?? '0').replace(/^0+(?=[0-9])/, '');
  return { raw: input, numbers: [n(m[1]), n(m[2]), n(m[3]), n(m[4])], release: m[5] ? m[5].split('.') : [] };
}

function compareNum(a: string, b: string): Comparison {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareLabel(a: string, b: string): Comparison {
  const an = /^[0-9]+$/.test(a);
  const bn = /^[0-9]+$/.test(b);
  if (an && bn) return compareNum(a.replace(/^0+(?=[0-9])/, ''), b.replace(/^0+(?=[0-9])/, ''));
  if (an !== bn) return an ? -1 : 1;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

export function compareNuGetVersions(a: NuGetVersion, b: NuGetVersion): Comparison {
  for (let i = 0; i < 4; i++) {
    const c = compareNum(a.numbers[i]!, b.numbers[i]!);
    if (c) return c;
  }
  if (a.release.length === 0 || b.release.length === 0) {
    return a.release.length === b.release.length ? 0 : a.release.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.max(a.release.length, b.release.length); i++) {
    const x = a.release[i];
    const y = b.release[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = compareLabel(x, y);
    if (c) return c;
  }
  return 0;
}

export interface NuGetRange {
  min?: NuGetVersion;
  minInclusive: boolean;
  max?: NuGetVersion;
  maxInclusive: boolean;
}

/**
 * Parse a NuGet range: `1.0` (minimum, inclusive: NuGet's meaning of a bare version), `[1.0]` (exact),
 * `(1.0,)`, `(,1.0]`, `[1.0,2.0)`. Floating versions (`1.*`) are rejected: they pick a version, they do not match one.
 * @throws {VersionError} INVALID_RANGE naming the input.
 */
export function parseNuGetRange(input: string): NuGetRange {
  const bad = (reason: string): never => {
    throw new VersionError('INVALID_RANGE', id, input, reason);
  };
  const s = input.trim();
  if (s === '') bad('empty range');
  const version = (text: string): NuGetVersion => {
    try {
      return parseNuGetVersion(text.trim());
    } catch (err) {
      throw new VersionError('INVALID_RANGE', id, input, `bad version ${JSON.stringify(text.trim())}`, { cause: err });
    }
  };
  if (s[0] !== '[' && s[0] !== '(') {
    if (/[[\](),*]/.test(s)) bad('expected a version or an interval such as [1.0,2.0)');
    return { min: version(s), minInclusive: true, maxInclusive: false };
  }
  const m = /^([[(])([^[\]()]*)([\])])$/.exec(s);
  if (!m) return bad('unbalanced interval');
  const minInclusive = m[1] === '[';
  const maxInclusive = m[3] === ']';
  const parts = m[2]!.split(',');
  if (parts.length === 1) {
    if (!minInclusive || !maxInclusive || parts[0]!.trim() === '') bad('an exact version is written [1.0]');
    const v = version(parts[0]!);
    return { min: v, minInclusive: true, max: v, maxInclusive: true };
  }
  if (parts.length !== 2) bad('more than two bounds');
  const r: NuGetRange = { minInclusive, maxInclusive };
  if (parts[0]!.trim()) r.min = version(parts[0]!);
  if (parts[1]!.trim()) r.max = version(parts[1]!);
  if (!r.min && !r.max) bad('no bounds');
  if (r.min && r.max) {
    const c = compareNuGetVersions(r.min, r.max);
    if (c > 0 || (c === 0 && !(minInclusive && maxInclusive))) bad('lower bound above upper bound');
  }
  return r;
}

function inRange(v: NuGetVersion, r: NuGetRange): boolean {
  if (r.min) {
    const c = compareNuGetVersions(v, r.min);
    if (c < 0 || (c === 0 && !r.minInclusive)) return false;
  }
  if (r.max) {
    const c = compareNuGetVersions(v, r.max);
    if (c > 0 || (c === 0 && !r.maxInclusive)) return false;
  }
  return true;
}

/** The NuGet scheme. */
export const scheme = defineScheme<NuGetVersion, NuGetRange>({
  id,
  displayName,
  specs,
  parse: parseNuGetVersion,
  compare: compareNuGetVersions,
  parseRange: parseNuGetRange,
  matches: inRange,
});
