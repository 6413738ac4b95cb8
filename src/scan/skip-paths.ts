/**
 * `--skip-paths`: leave out of an inventory (and a scan) what lies under paths the user names, such as the npm that
 * Node.js images bundle (`/usr/local/lib/node_modules/npm`) or test fixtures copied into an image. Pure: patterns in,
 * a filtered inventory out; the image is still read whole (layers are hashed and cached as always), only the report
 * leaves these packages out, and says how many in an inventory issue.
 *
 * Patterns are absolute paths inside the image with globs: `*` matches within one path segment, `?` one character of
 * a segment, `**` any number of segments. A pattern matches a path and everything under it, so `/opt/app/test` skips
 * `/opt/app/test/node_modules/x/package.json`; `**\/testdata` skips every `testdata` folder.
 */
import type { CheckFinding, Inventory, Package } from '../model/index.js';

export class SkipPathsError extends Error {
  override readonly name = 'SkipPathsError';
  readonly code = 'INVALID_SKIP_PATH';
}

/** A compiled set of patterns. */
export interface PathSkipper {
  readonly patterns: readonly string[];
  /** True when the path (or, for `outer.jar!/inner.jar`, the outer file) lies under one of the patterns. */
  skips(path: string): boolean;
}

const MAX_PATTERNS = 256;
const MAX_PATTERN_LENGTH = 4096;

/**
 * Wildcard matching by the two-pointer method: `star` marks the last `*` seen and `mark` where it began to match, so
 * a mismatch retries from one element further instead of backtracking through every combination. At most
 * pattern × subject steps for any input, which matters because the subject comes from the image.
 */
function wildcard<P, S>(pattern: readonly P[], subject: readonly S[], isStar: (p: P) => boolean, one: (p: P, s: S) => boolean): boolean {
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < subject.length) {
    if (i < pattern.length && isStar(pattern[i]!)) {
      star = i++;
      mark = j;
    } else if (i < pattern.length && one(pattern[i]!, subject[j]!)) {
      i++;
      j++;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < pattern.length && isStar(pattern[i]!)) i++;
  return i === pattern.length;
}

/** One path segment against one pattern segment: `*` any run of characters, `?` one character. */
function segmentMatches(pattern: string, segment: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === segment;
  return wildcard([...pattern], [...segment], (c) => c === '*', (c, x) => c === '?' || c === x);
}

/** A pattern's segments, with `**` appended: a pattern matches a path and everything under it. */
function segmentsOf(pattern: string): string[] {
  const segments = pattern === '/' ? [''] : pattern.split('/');
  return [...segments, '**'];
}

/**
 * Compile `--skip-paths` patterns (a comma-separated list, or several values).
 * @throws SkipPathsError INVALID_SKIP_PATH for a pattern that is not absolute, or too many or too long ones
 * @example compileSkipPaths('/usr/local/lib/node_modules/npm,**\/testdata').skips('/srv/testdata/a.json') // true
 */
export function compileSkipPaths(input: string | readonly string[]): PathSkipper {
  const patterns = (typeof input === 'string' ? input.split(',') : input).map((p) => p.trim()).filter(Boolean).map((p) => (p.length > 1 ? p.replace(/\/+$/, '') : p));
  if (patterns.length > MAX_PATTERNS) throw new SkipPathsError(`--skip-paths: ${patterns.length} patterns, at most ${MAX_PATTERNS}`);
  const compiled = patterns.map((p) => {
    if (p.length > MAX_PATTERN_LENGTH) throw new SkipPathsError(`--skip-paths: a pattern of ${p.length} characters, at most ${MAX_PATTERN_LENGTH}`);
    if (!p.startsWith('/') && !p.startsWith('**')) {
      throw new SkipPathsError(`--skip-paths: ${JSON.stringify(p.slice(0, 80))} is not an absolute path inside the image (start it with / or **)`);
    }
    return segmentsOf(p);
  });
  return {
    patterns,
    skips(path: string): boolean {
      const bang = path.indexOf('!/');
      const segments = (bang < 0 ? path : path.slice(0, bang)).split('/');
      return compiled.some((ps) => wildcard(ps, segments, (x) => x === '**', segmentMatches));
    },
  };
}

/** A package is skipped when every place it was found is. */
export function skipsPackage(skipper: PathSkipper, pkg: Package): boolean {
  return pkg.locations.length > 0 && pkg.locations.every((l) => skipper.skips(l));
}

/**
 * The inventory without the packages (and the issues about files) under the patterns, plus one issue
 * `PACKAGES_SKIPPED` that names the patterns and how many packages they took out, so the report says it is partial
 * on purpose. The same inventory when nothing is skipped.
 */
export function skipInventoryPaths(inventory: Inventory, skipper: PathSkipper): Inventory {
  if (skipper.patterns.length === 0) return inventory;
  const packages = inventory.packages.filter((p) => !skipsPackage(skipper, p));
  const issues = inventory.issues.filter((i) => i.path === undefined || !skipper.skips(i.path));
  const dropped = inventory.packages.length - packages.length;
  if (dropped === 0 && issues.length === inventory.issues.length) return inventory;
  const note = {
    code: 'PACKAGES_SKIPPED',
    message: `${dropped} package(s) under --skip-paths ${skipper.patterns.join(',')} left out`,
  };
  return { ...inventory, packages, issues: [...issues, note] };
}

/** Secret and image-check findings outside the patterns (those about the image config have no path and stay). */
export function skipCheckPaths(checks: readonly CheckFinding[], skipper: PathSkipper): CheckFinding[] {
  return checks.filter((c) => c.path === undefined || c.path.startsWith('<') || !skipper.skips(c.path));
}
