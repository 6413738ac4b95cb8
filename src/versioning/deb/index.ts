/**
 * Debian package versions: `[epoch:]upstream_version[-debian_revision]`, ordered as dpkg orders them.
 * Spec: deb-version(7) (https://manpages.debian.org/unstable/dpkg-dev/deb-version.7.en.html) and Debian Policy §5.6.12.
 * Parsing follows dpkg's parseversion() in strict mode: what dpkg only warns about (an upstream version that does
 * not start with a digit, a character outside the allowed set) is rejected here, so a corrupt version is never
 * silently ordered.
 */
import { defineScheme, sign } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import { matchOpRange, parseOpRange, type OpTerm } from '../op-range.js';
import type { Comparison } from '../types.js';

export const id = 'deb';
export const displayName = 'Debian (dpkg)';
export const specs = [
  'https://manpages.debian.org/unstable/dpkg-dev/deb-version.7.en.html',
  'https://www.debian.org/doc/debian-policy/ch-controlfields.html#version',
] as const;

export interface DebVersion {
  epoch: number;
  upstream: string;
  /** Empty when the version has no `-revision`. */
  revision: string;
}

/** dpkg stores the epoch in a C int. */
const MAX_EPOCH = 2 ** 31 - 1;
// deb-version(7): upstream may hold alphanumerics and . + - ~ (and ':' — dpkg still accepts it after an epoch);
// the revision alphanumerics and . + ~.
const UPSTREAM_RE = /^[0-9][A-Za-z0-9.+~:-]*$/;
const REVISION_RE = /^[A-Za-z0-9.+~]+$/;

function fail(input: string, reason: string): never {
  throw new VersionError('INVALID_VERSION', id, input, reason);
}

/**
 * Parse a Debian version. Leading and trailing blanks are ignored, as dpkg does.
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parseDebVersion('1:2.30-1ubuntu2') // { epoch: 1, upstream: '2.30', revision: '1ubuntu2' }
 */
export function parseDebVersion(input: string): DebVersion {
  const s = input.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if (s === '') fail(input, 'empty version');
  if (/\s/.test(s)) fail(input, 'embedded whitespace');
  let epoch = 0;
  let rest = s;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    const e = s.slice(0, colon);
    if (e === '') fail(input, 'empty epoch');
    if (!/^[0-9]+$/.test(e)) fail(input, 'epoch is not a number');
    epoch = Number(e);
    if (!(epoch <= MAX_EPOCH)) fail(input, 'epoch is too big');
    rest = s.slice(colon + 1);
    if (rest === '') fail(input, 'nothing after the epoch');
  }
  let upstream = rest;
  let revision = '';
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision === '') fail(input, 'empty revision');
    if (!REVISION_RE.test(revision)) fail(input, 'invalid character in revision');
  }
  if (upstream === '') fail(input, 'empty upstream version');
  if (!/^[0-9]/.test(upstream)) fail(input, 'upstream version does not start with a digit');
  if (!UPSTREAM_RE.test(upstream)) fail(input, 'invalid character in upstream version');
  return { epoch, upstream, revision };
}

/** Character weight in dpkg's order: '~' before the end of the string, letters before non-letters. */
function order(code: number): number {
  if (code >= 48 && code <= 57) return 0; // digit: not reached in the letter phase
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return code;
  if (code === 126) return -1; // '~'
  return code + 256;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Compare two upstream versions or two revisions with dpkg's verrevcmp algorithm: alternate non-digit parts
 * (compared char by char with `order`) and digit parts (compared as numbers, of any length).
 */
export function compareDebPart(a: string, b: string): Comparison {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = i < a.length && !isDigit(a.charCodeAt(i)) ? order(a.charCodeAt(i)) : 0;
      const bc = j < b.length && !isDigit(b.charCodeAt(j)) ? order(b.charCodeAt(j)) : 0;
      if (ac !== bc) return sign(ac - bc);
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    while (i < a.length && isDigit(a.charCodeAt(i)) && j < b.length && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigit(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff) return sign(firstDiff);
  }
  return 0;
}

/** Compare parsed Debian versions: epoch, then upstream, then revision (a missing revision sorts as "0"). */
export function compareDebVersions(a: DebVersion, b: DebVersion): Comparison {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return compareDebPart(a.upstream, b.upstream) || compareDebPart(a.revision, b.revision);
}

/** The Debian scheme. Ranges: comma-separated `<op> <version>` terms, all of which must hold (`>= 1.2-1, << 1.3`
 * is not accepted: use `<`). */
export const scheme = defineScheme<DebVersion, OpTerm<DebVersion>[]>({
  id,
  displayName,
  specs,
  parse: parseDebVersion,
  compare: compareDebVersions,
  parseRange: (range) => parseOpRange(id, range, parseDebVersion),
  matches: (v, terms) => matchOpRange(v, terms, compareDebVersions),
});
