/**
 * Go module versions: semantic versions with a "v" prefix (golang.org/x/mod/semver), including the shorthands
 * `v1` and `v1.2` (= v1.0.0, v1.2.0), `+incompatible` (build metadata: ignored in ordering) and pseudo-versions
 * such as `v0.0.0-20191109021931-daa7c04131f5` (ordinary pre-releases, so they order by time under their base).
 * Spec: https://go.dev/ref/mod#versions and https://go.dev/ref/mod#pseudo-versions
 */
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import { matchOpRange, parseOpRange, type OpTerm } from '../op-range.js';
import type { Comparison } from '../types.js';

export const id = 'go';
export const displayName = 'Go modules (semver with v prefix)';
export const specs = ['https://go.dev/ref/mod#versions', 'https://go.dev/ref/mod#pseudo-versions'] as const;

export interface GoVersion {
  raw: string;
  major: string;
  minor: string;
  patch: string;
  /** Dot-separated pre-release identifiers, without the leading "-" (empty when none). */
  prerelease: readonly string[];
  /** Build metadata without the leading "+" ("incompatible" for `+incompatible`), empty when none. */
  build: string;
}

const NUM = '(0|[1-9][0-9]*)';
const IDENT = '[0-9A-Za-z-]+';
const VERSION_RE = new RegExp(`^v?${NUM}(?:\\.${NUM}(?:\\.${NUM}(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+(${IDENT}(?:\\.${IDENT})*))?)?)?$`);

function fail(input: string, reason: string): never {
  throw new VersionError('INVALID_VERSION', id, input, reason);
}

/**
 * Parse a Go module version. A missing leading "v" is accepted (advisory feeds such as OSV write Go versions
 * without it); everything else follows golang.org/x/mod/semver, including rejecting a pre-release or build on a
 * shorthand (`v1.2-pre`).
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parseGoVersion('v2.1.0+incompatible').build // 'incompatible'
 */
export function parseGoVersion(input: string): GoVersion {
  const m = VERSION_RE.exec(input);
  if (!m) fail(input, 'not a Go module version (vMAJOR[.MINOR[.PATCH[-pre][+build]]])');
  const prerelease = m[4] ? m[4].split('.') : [];
  for (const p of prerelease) {
    if (/^[0-9]+$/.test(p) && p.length > 1 && p.startsWith('0')) fail(input, `numeric pre-release identifier ${p} has a leading zero`);
  }
  return { raw: input, major: m[1]!, minor: m[2] ?? '0', patch: m[3] ?? '0', prerelease, build: m[5] ?? '' };
}

function compareNum(a: string, b: string): Comparison {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

function comparePrerelease(a: readonly string[], b: readonly string[]): Comparison {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^[0-9]+$/.test(x);
    const yn = /^[0-9]+$/.test(y);
    if (xn && yn) {
      const c = compareNum(x, y);
      if (c) return c;
    } else if (xn !== yn) {
      return xn ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** SemVer precedence; build metadata (including +incompatible) is ignored. */
export function compareGoVersions(a: GoVersion, b: GoVersion): Comparison {
  return compareNum(a.major, b.major) || compareNum(a.minor, b.minor) || compareNum(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease);
}

/** golang.org/x/mod/semver.Canonical: vMAJOR.MINOR.PATCH[-pre], build metadata dropped. */
export function canonicalGoVersion(v: GoVersion): string {
  const pre = v.prerelease.length ? `-${v.prerelease.join('.')}` : '';
  return `v${v.major}.${v.minor}.${v.patch}${pre}`;
}

const PSEUDO_RE = /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** True for a pseudo-version (module/pseudo.go's pattern on a valid, v-prefixed version). */
export function isPseudoVersion(v: string): boolean {
  return (v.match(/-/g)?.length ?? 0) >= 2 && v.startsWith('v') && VERSION_RE.test(v) && PSEUDO_RE.test(v);
}

interface PseudoParts {
  base: string;
  timestamp: string;
  rev: string;
  build: string;
}

function splitPseudo(v: string): PseudoParts {
  if (!isPseudoVersion(v)) fail(v, 'not a pseudo-version');
  const plus = v.indexOf('+');
  const build = plus >= 0 ? v.slice(plus) : '';
  const core = plus >= 0 ? v.slice(0, plus) : v;
  const j = core.lastIndexOf('-');
  const rest = core.slice(0, j);
  const rev = core.slice(j + 1);
  const i = rest.lastIndexOf('-');
  const dot = rest.lastIndexOf('.');
  if (dot > i) return { base: rest.slice(0, dot), timestamp: rest.slice(dot + 1), rev, build };
  return { base: rest.slice(0, i), timestamp: rest.slice(i + 1), rev, build };
}

/** The commit hash part of a pseudo-version. @throws {VersionError} INVALID_VERSION for a non-pseudo-version. */
export function pseudoVersionRev(v: string): string {
  return splitPseudo(v).rev;
}

/** The commit time of a pseudo-version, as an ISO-8601 UTC string. */
export function pseudoVersionTime(v: string): string {
  const t = splitPseudo(v).timestamp;
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`;
}

/** Subtract one from a decimal string (no sign, > 0). */
function decrement(digits: string): string {
  const d = digits.split('').map(Number);
  let i = d.length - 1;
  while (d[i] === 0) d[i--] = 9;
  d[i]!--;
  return d.join('').replace(/^0+(?=[0-9])/, '');
}

/**
 * The tagged version a pseudo-version is based on ("" when it has none), as module.PseudoVersionBase.
 * @throws {VersionError} INVALID_VERSION for a non-pseudo-version or one whose base cannot exist.
 */
export function pseudoVersionBase(v: string): string {
  const { base, build } = splitPseudo(v);
  const pre = parseGoVersion(base).prerelease;
  if (pre.length === 0) {
    // vX.0.0-yyyymmddhhmmss-hash: no base tag, so build metadata such as +incompatible makes no sense.
    if (build) fail(v, `lacks a base version but has build metadata ${build}`);
    return '';
  }
  if (pre.length === 1 && pre[0] === '0') {
    // vX.Y.(Z+1)-0.yyyymmddhhmmss-hash is based on vX.Y.Z.
    const core = base.slice(0, -2);
    const dot = core.lastIndexOf('.');
    const patch = core.slice(dot + 1);
    if (patch === '0') fail(v, 'the version before it would have a negative patch number');
    return `${core.slice(0, dot + 1)}${decrement(patch)}${build}`;
  }
  // vX.Y.Z-pre.0.yyyymmddhhmmss-hash is based on vX.Y.Z-pre.
  return `${base.slice(0, -2)}${build}`;
}

/**
 * The Go scheme. Ranges: comma-separated `<op> <version>` terms that must all hold (`>= v1.2.0, < v1.3.0`).
 */
export const scheme = defineScheme<GoVersion, OpTerm<GoVersion>[]>({
  id,
  displayName,
  specs,
  parse: parseGoVersion,
  compare: compareGoVersions,
  parseRange: (range) => parseOpRange(id, range, parseGoVersion),
  matches: (v, terms) => matchOpRange(v, terms, compareGoVersions),
});
