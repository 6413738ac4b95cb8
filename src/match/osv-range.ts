/**
 * Evaluate one OSV `affected` entry (ranges and explicit versions) against an installed version, as the OSV
 * specification says: https://ossf.github.io/osv-schema/#evaluation. Versions are compared with the package's own
 * scheme for both ECOSYSTEM and SEMVER ranges (OSV uses SEMVER for Go and crates.io, whose schemes are SemVer
 * orders), GIT ranges are skipped (they name commits, not versions), and an unparsable version is never ordered.
 */
import type { AffectedPackage, AffectedRange } from '../model/index.js';
import { isVersionError } from '../versioning/errors.js';
import type { VersionScheme } from '../versioning/types.js';

/** The outcome of evaluating an entry for one installed version. */
export type RangeVerdict =
  | { kind: 'affected'; fixed?: string }
  | { kind: 'not_affected' }
  | { kind: 'not_evaluated'; code: 'INVALID_ADVISORY_VERSION'; message: string };

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

interface FlatEvent {
  kind: EventKind;
  version: string;
}

/** Sort rank for events at the same version: `introduced` first, so introduced X + fixed X is an empty range. */
const TIE_RANK: Record<EventKind, number> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };

function flatten(range: AffectedRange): FlatEvent[] {
  return range.events.map((e): FlatEvent => {
    if ('introduced' in e) return { kind: 'introduced', version: e.introduced };
    if ('fixed' in e) return { kind: 'fixed', version: e.fixed };
    if ('last_affected' in e) return { kind: 'last_affected', version: e.last_affected };
    return { kind: 'limit', version: e.limit };
  });
}

/** `introduced: "0"` is below every version and is not parsed (the spec reserves it). */
function compareEvents(scheme: VersionScheme, a: FlatEvent, b: FlatEvent): number {
  const a0 = a.kind === 'introduced' && a.version === '0';
  const b0 = b.kind === 'introduced' && b.version === '0';
  if (a0 || b0) return a0 && b0 ? 0 : a0 ? -1 : 1;
  return scheme.compare(a.version, b.version) || TIE_RANK[a.kind] - TIE_RANK[b.kind];
}

/**
 * One range: walk the events sorted by version; `introduced` ≤ v turns affected on, `fixed` ≤ v or `last_affected`
 * < v turn it off; a range with `limit` events only covers versions below one of them (`*` = no limit).
 * @throws {VersionError} when an event's version does not parse.
 */
function evaluateRange(scheme: VersionScheme, version: string, range: AffectedRange): RangeVerdict {
  const events = flatten(range);
  const limits = events.filter((e) => e.kind === 'limit');
  const walk = events.filter((e) => e.kind !== 'limit').sort((a, b) => compareEvents(scheme, a, b));
  let affected = false;
  let lastOn = -1;
  walk.forEach((e, i) => {
    if (e.kind === 'introduced') {
      if (e.version === '0' || scheme.compare(version, e.version) >= 0) {
        affected = true;
        lastOn = i;
      }
    } else if (e.kind === 'fixed') {
      if (scheme.compare(version, e.version) >= 0) affected = false;
    } else if (scheme.compare(version, e.version) > 0) {
      affected = false;
    }
  });
  if (affected && limits.length > 0) {
    affected = limits.some((l) => l.version === '*' || scheme.compare(version, l.version) < 0);
  }
  if (!affected) return { kind: 'not_affected' };
  // The fix is the first `fixed` event above the version, after the `introduced` that opened the range.
  const fix = walk.slice(lastOn + 1).find((e) => e.kind === 'fixed' && scheme.compare(version, e.version) < 0);
  return fix ? { kind: 'affected', fixed: fix.version } : { kind: 'affected' };
}

/**
 * Is `version` (already known to parse in `scheme`) affected by `entry`? An entry with neither ranges nor versions
 * covers every version (distro records that only carry a status). When several ranges contain the version, the
 * highest of their fixes is reported, the one every range agrees is fixed.
 *
 * @example
 * evaluateAffected(getScheme('npm')!, '1.2.0', { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.3' }] }] })
 * // { kind: 'affected', fixed: '1.2.3' }
 */
export function evaluateAffected(
  scheme: VersionScheme,
  version: string,
  entry: Pick<AffectedPackage, 'ranges' | 'versions'>,
): RangeVerdict {
  const ranges = entry.ranges.filter((r) => r.type !== 'GIT');
  const versions = entry.versions ?? [];
  if (ranges.length === 0 && versions.length === 0) {
    // Only GIT ranges: nothing we can compare, and no claim about versions either.
    return entry.ranges.length > 0 ? { kind: 'not_affected' } : { kind: 'affected' };
  }
  const problems: string[] = [];
  let hit: { fixed?: string } | undefined;
  for (const range of ranges) {
    try {
      const v = evaluateRange(scheme, version, range);
      if (v.kind !== 'affected') continue;
      if (!hit) hit = { fixed: v.fixed };
      else if (v.fixed === undefined) hit.fixed = undefined;
      else if (hit.fixed !== undefined && scheme.compare(v.fixed, hit.fixed) > 0) hit.fixed = v.fixed;
    } catch (err) {
      if (!isVersionError(err)) throw err;
      problems.push(err.message);
    }
  }
  if (!hit) {
    for (const listed of versions) {
      if (listed === version) {
        hit = {};
        break;
      }
      try {
        if (scheme.compare(listed, version) === 0) {
          hit = {};
          break;
        }
      } catch (err) {
        if (!isVersionError(err)) throw err;
        problems.push(err.message);
      }
    }
  }
  if (hit) return hit.fixed === undefined ? { kind: 'affected' } : { kind: 'affected', fixed: hit.fixed };
  if (problems.length > 0) return { kind: 'not_evaluated', code: 'INVALID_ADVISORY_VERSION', message: problems.join('; ') };
  return { kind: 'not_affected' };
}
