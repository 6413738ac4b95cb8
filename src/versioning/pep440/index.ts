/**
 * Python package versions (PEP 440) and version specifiers (`>=1.0,<2`, `~=1.4.2`, `==1.*`, `!=1.3`, `===x`).
 * Versions are read (and normalised: `1.0-RC1` is `1.0rc1`) with @renovatebot/pep440; ordering and specifier
 * matching are implemented here after the specification, because that package's matcher predates current
 * pypa/packaging on zero-padded prefix matches and on the exclusive `<`/`>` rules.
 * Spec: https://packaging.python.org/en/latest/specifications/version-specifiers/
 */
import * as pep440 from '@renovatebot/pep440';
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import type { Comparison } from '../types.js';

export const id = 'pep440';
export const displayName = 'Python (PEP 440)';
export const specs = ['https://packaging.python.org/en/latest/specifications/version-specifiers/'] as const;

export interface Pep440Version {
  /** The input, trimmed. */
  raw: string;
  epoch: number;
  release: readonly number[];
  /** Pre-release phase and number ('a' | 'b' | 'rc'), or null. */
  pre: readonly [string, number] | null;
  post: number | null;
  dev: number | null;
  local: string | null;
  isPrerelease: boolean;
  isPostrelease: boolean;
}

/**
 * Parse a PEP 440 version (surrounding whitespace is ignored, as pypa/packaging does).
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parsePep440Version('1.0rc1').isPrerelease // true
 */
export function parsePep440Version(input: string): Pep440Version {
  const raw = input.trim();
  const p = raw === '' ? null : pep440.explain(raw);
  if (!p) throw new VersionError('INVALID_VERSION', id, input, 'not a PEP 440 version');
  return {
    raw,
    epoch: p.epoch,
    release: p.release,
    pre: p.pre ? [String(p.pre[0]), Number(p.pre[1])] : null,
    post: p.post === null || p.post === undefined ? null : Number(p.post),
    dev: p.dev === null || p.dev === undefined ? null : Number(p.dev),
    local: p.local,
    isPrerelease: p.is_prerelease,
    isPostrelease: p.is_postrelease,
  };
}

function cmpNum(a: number, b: number): Comparison {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PHASE: Record<string, number> = { a: 0, b: 1, rc: 2 };

function compareLocal(a: string | null, b: string | null): Comparison {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  // Local segments: numbers sort after strings, strings compare case-insensitively, a longer list wins a tie.
  const sa = a.toLowerCase().split(/[._-]/);
  const sb = b.toLowerCase().split(/[._-]/);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    const xn = /^[0-9]+$/.test(x);
    const yn = /^[0-9]+$/.test(y);
    if (xn && yn) {
      const c = cmpNum(Number(x), Number(y));
      if (c) return c;
    } else if (xn !== yn) {
      return xn ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return cmpNum(sa.length, sb.length);
}

/** PEP 440 ordering ("Summary of permitted suffixes and relative ordering"). */
export function comparePep440(a: Pep440Version, b: Pep440Version, withLocal = true): Comparison {
  let c = cmpNum(a.epoch, b.epoch);
  if (c) return c;
  const n = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    c = cmpNum(a.release[i] ?? 0, b.release[i] ?? 0);
    if (c) return c;
  }
  // A dev release of a final version (1.0.dev1) sorts before its pre-releases; no pre-release sorts after them.
  const preKey = (v: Pep440Version): [number, number] =>
    v.pre ? [PHASE[v.pre[0]] ?? 0, v.pre[1]] : v.post === null && v.dev !== null ? [-Infinity, 0] : [Infinity, 0];
  const pa = preKey(a);
  const pb = preKey(b);
  c = cmpNum(pa[0], pb[0]) || cmpNum(pa[1], pb[1]);
  if (c) return c;
  c = cmpNum(a.post ?? -Infinity, b.post ?? -Infinity);
  if (c) return c;
  c = cmpNum(a.dev ?? Infinity, b.dev ?? Infinity);
  if (c) return c;
  return withLocal ? compareLocal(a.local, b.local) : 0;
}

type Op = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

interface Specifier {
  op: Op;
  /** For `===`: the literal string. */
  text: string;
  version?: Pep440Version;
  /** `==1.2.*` / `!=1.2.*`. */
  prefix: boolean;
}

export interface Pep440Range {
  raw: string;
  specifiers: readonly Specifier[];
}

function badRange(input: string, reason: string): never {
  throw new VersionError('INVALID_RANGE', id, input, reason);
}

/**
 * Parse a specifier set: comma-separated `<op><version>` clauses that must all hold. Blank sets are rejected:
 * an empty advisory range is a data error, not "every version".
 * @throws {VersionError} INVALID_RANGE naming the input.
 */
export function parsePep440Range(input: string): Pep440Range {
  if (input.trim() === '') badRange(input, 'empty specifier set');
  const specifiers: Specifier[] = [];
  for (const clause of input.split(',')) {
    const m = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*(\S+)\s*$/.exec(clause);
    if (!m) badRange(input, `clause ${JSON.stringify(clause.trim())} is not "<op><version>"`);
    const op = m[1] as Op;
    const text = m[2]!;
    if (op === '===') {
      specifiers.push({ op, text, prefix: false });
      continue;
    }
    const prefix = text.endsWith('.*');
    if (prefix && op !== '==' && op !== '!=') badRange(input, `".*" is only allowed with == and != (${clause.trim()})`);
    let version: Pep440Version;
    try {
      version = parsePep440Version(prefix ? text.slice(0, -2) : text);
    } catch (err) {
      throw new VersionError('INVALID_RANGE', id, input, `bad version in ${JSON.stringify(clause.trim())}`, { cause: err });
    }
    if (prefix && (version.local !== null || version.dev !== null)) badRange(input, `prefix match on a dev or local version (${clause.trim()})`);
    if (version.local !== null && op !== '==' && op !== '!=') badRange(input, `local version with ${op} (${clause.trim()})`);
    if (op === '~=' && version.release.length < 2) badRange(input, `~= needs at least two release numbers (${clause.trim()})`);
    specifiers.push({ op, text, version, prefix });
  }
  return { raw: input, specifiers };
}

/** The version without post, dev and local parts (used by the exclusive `>` rule). */
function withoutPost(v: Pep440Version): Pep440Version {
  return { ...v, post: null, dev: null, local: null, isPostrelease: false };
}

function prefixMatch(v: Pep440Version, spec: Pep440Version): boolean {
  if (v.epoch !== spec.epoch) return false;
  // Zero-pad the candidate's release to the prefix length (2 matches ==2.0.*), then compare component-wise.
  for (let i = 0; i < spec.release.length; i++) {
    if ((v.release[i] ?? 0) !== spec.release[i]) return false;
  }
  if (spec.pre) return v.release.length <= spec.release.length && v.pre?.[0] === spec.pre[0] && v.pre[1] === spec.pre[1];
  if (spec.post !== null) return v.post === spec.post;
  return true;
}

function matchSpecifier(v: Pep440Version, s: Specifier): boolean {
  if (s.op === '===') return v.raw.toLowerCase() === s.text.toLowerCase();
  const spec = s.version!;
  switch (s.op) {
    case '==':
      if (s.prefix) return prefixMatch(v, spec);
      return comparePep440(v, spec, spec.local !== null) === 0;
    case '!=':
      if (s.prefix) return !prefixMatch(v, spec);
      return comparePep440(v, spec, spec.local !== null) !== 0;
    case '<=':
      return comparePep440(v, spec, false) <= 0;
    case '>=':
      return comparePep440(v, spec, false) >= 0;
    case '<':
      // "<V" excludes pre-releases of V itself (V plus pre/post/dev parts) unless V is a pre-release.
      if (comparePep440(v, spec, false) >= 0) return false;
      return !(!spec.isPrerelease && v.isPrerelease && comparePep440({ ...v, pre: null, post: null, dev: null }, spec, false) === 0);
    case '>':
      // ">V" excludes post-releases of V (unless V is one) and local versions of V.
      if (comparePep440(v, spec, true) <= 0) return false;
      if (!spec.isPostrelease && v.isPostrelease && comparePep440(withoutPost(v), spec, false) === 0) return false;
      if (v.local !== null && comparePep440(v, spec, false) === 0) return false;
      return true;
    case '~=': {
      if (comparePep440(v, spec, false) < 0) return false;
      const stem: Pep440Version = { ...spec, release: spec.release.slice(0, -1), pre: null, post: null, dev: null };
      return prefixMatch(v, stem);
    }
  }
}

/**
 * Whether `version` satisfies the specifier set. `prereleases`: true accepts pre-releases, false rejects them.
 * Undefined follows pypa/packaging's default since its 26.0 release (pull request 897), which applies PEP 440's rule
 * "accept remotely available pre-releases for version specifiers where there is no final or post release that
 * satisfies the version specifier" to the versions asked about: asked about one version, a pre-release that
 * satisfies the set is accepted, as with true. (Before, packaging accepted one only when a specifier named a
 * pre-release.) The scheme passes true: the version under test is an installed one, which PEP 440 always accepts.
 */
export function matchPep440(v: Pep440Version, range: Pep440Range, prereleases?: boolean): boolean {
  const allowPre = prereleases ?? true;
  if (v.isPrerelease && !allowPre) return false;
  return range.specifiers.every((s) => matchSpecifier(v, s));
}

/** String form of `matchPep440`. Throws INVALID_RANGE / INVALID_VERSION. */
export function satisfiesPep440(version: string, range: string, options: { prereleases?: boolean } = {}): boolean {
  const r = parsePep440Range(range);
  return matchPep440(parsePep440Version(version), r, options.prereleases);
}

/** The PEP 440 scheme. Pre-releases are matched like any other version (see `matchPep440`). */
export const scheme = defineScheme<Pep440Version, Pep440Range>({
  id,
  displayName,
  specs,
  parse: parsePep440Version,
  compare: (a, b) => comparePep440(a, b),
  parseRange: parsePep440Range,
  matches: (v, r) => matchPep440(v, r, true),
});
