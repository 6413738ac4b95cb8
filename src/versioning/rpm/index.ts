/**
 * RPM versions: `[epoch:]version[-release]`, ordered with rpmvercmp() as rpm 4.15+ does (including `~`, which sorts
 * before everything, and `^`, which sorts after the end of a string but before anything else).
 * Spec: https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning and
 * https://docs.fedoraproject.org/en-US/packaging-guidelines/Versioning/ (tilde and caret).
 */
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import { meetsBasicOp, parseOpRange, type OpTerm } from '../op-range.js';
import type { Comparison } from '../types.js';

export const id = 'rpm';
export const displayName = 'RPM (epoch:version-release)';
export const specs = [
  'https://rpm-software-management.github.io/rpm/manual/dependencies.html',
  'https://docs.fedoraproject.org/en-US/packaging-guidelines/Versioning/',
] as const;

export interface RpmVersion {
  /** 0 when the string has no epoch (rpm treats a missing epoch as 0). */
  epoch: number;
  /** Whether the epoch was written out. */
  hasEpoch: boolean;
  version: string;
  /** Empty when there is no `-release`. */
  release: string;
}

/** Characters rpmbuild allows in a version or release (it refuses '-' there, which is why the split is unambiguous). */
const PART_RE = /^[A-Za-z0-9._+~^]+$/;
const MAX_EPOCH = 2 ** 32 - 1;

function fail(input: string, reason: string): never {
  throw new VersionError('INVALID_VERSION', id, input, reason);
}

/**
 * Parse an EVR string. Whitespace, an empty part, a non-numeric epoch or a second '-' is an error.
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parseRpmVersion('1:2.3-4.el9') // { epoch: 1, hasEpoch: true, version: '2.3', release: '4.el9' }
 */
export function parseRpmVersion(input: string): RpmVersion {
  if (input === '') fail(input, 'empty version');
  let rest = input;
  let epoch = 0;
  let hasEpoch = false;
  const colon = input.indexOf(':');
  if (colon >= 0) {
    const e = input.slice(0, colon);
    if (!/^[0-9]+$/.test(e)) fail(input, 'epoch is not a number');
    epoch = Number(e);
    if (!(epoch <= MAX_EPOCH)) fail(input, 'epoch is too big');
    hasEpoch = true;
    rest = input.slice(colon + 1);
  }
  const hyphen = rest.indexOf('-');
  const version = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const release = hyphen >= 0 ? rest.slice(hyphen + 1) : '';
  if (version === '') fail(input, 'empty version part');
  if (hyphen >= 0 && release === '') fail(input, 'empty release');
  if (!PART_RE.test(version)) fail(input, 'invalid character in version (allowed: A-Z a-z 0-9 . _ + ~ ^)');
  if (hyphen >= 0 && !PART_RE.test(release)) {
    fail(input, release.includes('-') ? 'more than one "-"' : 'invalid character in release (allowed: A-Z a-z 0-9 . _ + ~ ^)');
  }
  return { epoch, hasEpoch, version, release };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * rpm's rpmvercmp(): split both strings into runs of digits or of ASCII letters (anything else separates runs),
 * compare digit runs as numbers and letter runs as strings; a digit run beats a letter run; '~' sorts before
 * everything including the end, '^' after the end but before anything else. Takes any strings (no validation).
 * See https://github.com/rpm-software-management/rpm/blob/master/rpmio/rpmvercmp.cc
 */
export function rpmvercmp(a: string, b: string): Comparison {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const TILDE = 126;
  const CARET = 94;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isDigit(a.charCodeAt(i)) && !isAlpha(a.charCodeAt(i)) && a.charCodeAt(i) !== TILDE && a.charCodeAt(i) !== CARET) i++;
    while (j < b.length && !isDigit(b.charCodeAt(j)) && !isAlpha(b.charCodeAt(j)) && b.charCodeAt(j) !== TILDE && b.charCodeAt(j) !== CARET) j++;
    const ca = i < a.length ? a.charCodeAt(i) : 0;
    const cb = j < b.length ? b.charCodeAt(j) : 0;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === 0) return -1;
      if (cb === 0) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === 0 || cb === 0) break;
    const numeric = isDigit(ca);
    const test = numeric ? isDigit : isAlpha;
    let ei = i;
    let ej = j;
    while (ei < a.length && test(a.charCodeAt(ei))) ei++;
    while (ej < b.length && test(b.charCodeAt(ej))) ej++;
    // b's run is of the other kind: a digit run is newer than a letter run.
    if (ej === j) return numeric ? 1 : -1;
    let sa = a.slice(i, ei);
    let sb = b.slice(j, ej);
    if (numeric) {
      sa = sa.replace(/^0+/, '');
      sb = sb.replace(/^0+/, '');
      if (sa.length !== sb.length) return sa.length < sb.length ? -1 : 1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ei;
    j = ej;
  }
  const restA = i < a.length;
  const restB = j < b.length;
  if (!restA && !restB) return 0;
  return restA ? 1 : -1;
}

/**
 * Total order on EVRs: epoch, then version, then release with rpmvercmp (a missing release sorts before any).
 * For dependency-style matching, where a missing release means "any release", see `satisfies`.
 */
export function compareRpmVersions(a: RpmVersion, b: RpmVersion): Comparison {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

/** rpm's rule for dependencies (rpmdsCompare): the release is compared only when both sides have one. */
function compareForRange(v: RpmVersion, term: RpmVersion): Comparison {
  if (v.epoch !== term.epoch) return v.epoch < term.epoch ? -1 : 1;
  const c = rpmvercmp(v.version, term.version);
  if (c !== 0 || v.release === '' || term.release === '') return c;
  return rpmvercmp(v.release, term.release);
}

/**
 * The RPM scheme. Ranges: comma-separated `<op> <evr>` terms that must all hold. As in rpm dependencies, a term
 * without a release matches every release of that version (`= 1.2` holds for `1.2-3`).
 */
export const scheme = defineScheme<RpmVersion, OpTerm<RpmVersion>[]>({
  id,
  displayName,
  specs,
  parse: parseRpmVersion,
  compare: compareRpmVersions,
  parseRange: (range) => parseOpRange(id, range, parseRpmVersion),
  matches: (v, terms) => terms.every((t) => meetsBasicOp(t.op, compareForRange(v, t.version))),
});
