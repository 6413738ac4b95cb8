/**
 * Builds a `VersionScheme` from a scheme's parse, compare and range functions, adding what every scheme needs alike:
 * a length limit on hostile input, `tryParse`/`isValid`, and a small cache of parsed versions and ranges (a scan
 * compares the same few versions against many advisories, and `drydock vercmp --batch` repeats them by the million).
 */
import { VersionError } from './errors.js';
import type { Comparison, VersionScheme } from './types.js';

/** Longest version string accepted. Real versions are far shorter; the limit keeps hostile input cheap to reject. */
export const MAX_VERSION_LENGTH = 1024;
/** Longest range string accepted. */
export const MAX_RANGE_LENGTH = 16 * 1024;
/** Entries kept per cache before it is emptied (a plain Map cleared when full: cheap, bounded memory). */
const CACHE_LIMIT = 8192;

export interface SchemeParts<V, R> {
  id: string;
  displayName: string;
  specs: readonly string[];
  /** Parse a version; throw `VersionError` INVALID_VERSION (use `fail`) when it is not valid. */
  parse(version: string): V;
  compare(a: V, b: V): Comparison;
  /** Parse a range; throw `VersionError` INVALID_RANGE (use `failRange`) when it is not valid. */
  parseRange(range: string): R;
  /** Match a parsed version against a parsed range. */
  matches(version: V, range: R): boolean;
}

/** A scheme with access to its parsed forms, for callers (and tests) that want to skip re-parsing. */
export interface DefinedScheme<V, R> extends VersionScheme<V> {
  parseRange(range: string): R;
  compareParsed(a: V, b: V): Comparison;
  matchesParsed(version: V, range: R): boolean;
}

function boundedCache<T>(): { get(k: string): T | undefined; set(k: string, v: T): void } {
  const map = new Map<string, T>();
  return {
    get: (k) => map.get(k),
    set(k, v) {
      if (map.size >= CACHE_LIMIT) map.clear();
      map.set(k, v);
    },
  };
}

/** Normalise a comparator result to -1, 0 or 1. */
export function sign(n: number): Comparison {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Build the scheme object. Parsed values are cached and shared, so `parse` results must be treated as read-only. */
export function defineScheme<V, R>(parts: SchemeParts<V, R>): DefinedScheme<V, R> {
  const versions = boundedCache<V>();
  const ranges = boundedCache<R>();
  function parse(version: string): V {
    if (typeof version !== 'string') {
      throw new VersionError('INVALID_VERSION', parts.id, String(version), 'not a string');
    }
    const hit = versions.get(version);
    if (hit !== undefined) return hit;
    if (version.length > MAX_VERSION_LENGTH) {
      throw new VersionError('INVALID_VERSION', parts.id, version, `longer than ${MAX_VERSION_LENGTH} characters`);
    }
    const parsed = parts.parse(version);
    versions.set(version, parsed);
    return parsed;
  }
  function parseRange(range: string): R {
    if (typeof range !== 'string') {
      throw new VersionError('INVALID_RANGE', parts.id, String(range), 'not a string');
    }
    const hit = ranges.get(range);
    if (hit !== undefined) return hit;
    if (range.length > MAX_RANGE_LENGTH) {
      throw new VersionError('INVALID_RANGE', parts.id, range, `longer than ${MAX_RANGE_LENGTH} characters`);
    }
    const parsed = parts.parseRange(range);
    ranges.set(range, parsed);
    return parsed;
  }
  function tryParse(version: string): V | undefined {
    try {
      return parse(version);
    } catch (err) {
      if (err instanceof VersionError) return undefined;
      throw err;
    }
  }
  return {
    id: parts.id,
    displayName: parts.displayName,
    specs: parts.specs,
    parse,
    tryParse,
    isValid: (version) => tryParse(version) !== undefined,
    compare: (a, b) => parts.compare(parse(a), parse(b)),
    satisfies(version, range) {
      // Parse the range first: a bad range is reported even when the version is bad too.
      const r = parseRange(range);
      return parts.matches(parse(version), r);
    },
    parseRange,
    compareParsed: parts.compare,
    matchesParsed: parts.matches,
  };
}
