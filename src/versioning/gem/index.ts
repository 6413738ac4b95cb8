/**
 * RubyGems versions (Gem::Version) and requirements (Gem::Requirement): segments of numbers and letters, where any
 * letter makes a pre-release (`1.0.a` < `1.0`), and `-` reads as `.pre.` (`1.0-1` is `1.0.pre.1`).
 * Ranges: comma-separated requirements that must all hold: `~> 1.2`, `>= 1, < 2`, `!= 1.5`, `= 1.0`.
 * Spec: https://guides.rubygems.org/patterns/#semantic-versioning and
 * https://docs.ruby-lang.org/en/master/Gem/Version.html, https://docs.ruby-lang.org/en/master/Gem/Requirement.html
 */
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import type { Comparison } from '../types.js';

export const id = 'gem';
export const displayName = 'RubyGems (Gem::Version)';
export const specs = [
  'https://docs.ruby-lang.org/en/master/Gem/Version.html',
  'https://docs.ruby-lang.org/en/master/Gem/Requirement.html',
  'https://guides.rubygems.org/patterns/#semantic-versioning',
] as const;

type Segment = number | string;

export interface GemVersion {
  /** The version as RubyGems stores it: trimmed, with "-" replaced by ".pre.". */
  version: string;
  segments: readonly Segment[];
  canonical: readonly Segment[];
  prerelease: boolean;
}

const VERSION_SRC = '[0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?';
const VERSION_RE = new RegExp(`^${VERSION_SRC}$`);

function fail(input: string, reason: string): never {
  throw new VersionError('INVALID_VERSION', id, input, reason);
}

/**
 * Parse a gem version. Surrounding whitespace is ignored as RubyGems does, but a blank version is rejected
 * (RubyGems reads it as "0"; in an inventory or advisory it is a data error).
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parseGemVersion('1.2.3-1').canonical // [1, 2, 3, 'pre', 1]
 */
export function parseGemVersion(input: string): GemVersion {
  const s = input.trim();
  if (s === '') fail(input, 'blank version');
  if (!VERSION_RE.test(s)) fail(input, 'malformed version number string');
  const version = s.replace(/-/g, '.pre.');
  const segments: Segment[] = (version.match(/[0-9]+|[a-z]+/gi) ?? []).map((p) => (/^[0-9]/.test(p) ? Number(p) : p));
  if (segments.some((p) => typeof p === 'number' && !Number.isSafeInteger(p))) fail(input, 'a number segment is too big');
  const firstString = segments.findIndex((p) => typeof p === 'string');
  const numeric = firstString < 0 ? segments : segments.slice(0, firstString);
  const rest = firstString < 0 ? [] : segments.slice(firstString);
  const dropZeros = (list: Segment[]): Segment[] => {
    let end = list.length;
    while (end > 0 && list[end - 1] === 0) end--;
    return list.slice(0, end);
  };
  return { version, segments, canonical: [...dropZeros(numeric), ...dropZeros(rest)], prerelease: /[a-zA-Z]/.test(version) };
}

/** Gem::Version#<=>: canonical segments, missing ones as 0, letters before numbers. */
export function compareGemVersions(a: GemVersion, b: GemVersion): Comparison {
  const n = Math.max(a.canonical.length, b.canonical.length);
  for (let i = 0; i < n; i++) {
    const l = a.canonical[i] ?? 0;
    const r = b.canonical[i] ?? 0;
    if (l === r) continue;
    if (typeof l === 'string' && typeof r === 'number') return -1;
    if (typeof l === 'number' && typeof r === 'string') return 1;
    return l < r ? -1 : 1;
  }
  return 0;
}

/** Gem::Version#release: the version without its pre-release part. */
export function gemRelease(v: GemVersion): GemVersion {
  if (!v.prerelease) return v;
  const i = v.segments.findIndex((p) => typeof p === 'string');
  return parseGemVersion(v.segments.slice(0, i).join('.'));
}

/** Gem::Version#bump: drop pre-release and last segment, then increment (`5.2.4` → `5.3`). */
export function gemBump(v: GemVersion): GemVersion {
  const segs = [...v.segments];
  while (segs.some((p) => typeof p === 'string')) segs.pop();
  if (segs.length > 1) segs.pop();
  segs[segs.length - 1] = (segs[segs.length - 1] as number) + 1;
  return parseGemVersion(segs.join('.'));
}

type GemOp = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~>';
interface GemRequirement {
  op: GemOp;
  version: GemVersion;
}

/**
 * Parse a requirement list such as `~> 1.2` or `>= 1, < 2` (a missing operator means `=`).
 * @throws {VersionError} INVALID_RANGE naming the input.
 */
export function parseGemRange(input: string): GemRequirement[] {
  if (input.trim() === '') throw new VersionError('INVALID_RANGE', id, input, 'empty requirement');
  return input.split(',').map((part) => {
    const m = new RegExp(`^\\s*(=|!=|>=|<=|>|<|~>)?\\s*(${VERSION_SRC})\\s*$`).exec(part);
    if (!m) throw new VersionError('INVALID_RANGE', id, input, `illformed requirement ${JSON.stringify(part.trim())}`);
    return { op: (m[1] ?? '=') as GemOp, version: parseGemVersion(m[2]!) };
  });
}

function satisfiesOne(v: GemVersion, r: GemRequirement): boolean {
  const c = compareGemVersions(v, r.version);
  switch (r.op) {
    case '=': return c === 0;
    case '!=': return c !== 0;
    case '>': return c > 0;
    case '<': return c < 0;
    case '>=': return c >= 0;
    case '<=': return c <= 0;
    // "~> 1.2" is ">= 1.2 and release < 2.0" (Gem::Requirement's "pessimistic" operator).
    case '~>': return c >= 0 && compareGemVersions(gemRelease(v), gemBump(r.version)) < 0;
  }
}

/** The RubyGems scheme. */
export const scheme = defineScheme<GemVersion, GemRequirement[]>({
  id,
  displayName,
  specs,
  parse: parseGemVersion,
  compare: compareGemVersions,
  parseRange: parseGemRange,
  matches: (v, reqs) => reqs.every((r) => satisfiesOne(v, r)),
});
