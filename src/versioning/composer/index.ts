/**
 * Composer (PHP) package versions and constraints. Versions are normalised as Composer's VersionParser does:
 * an optional "v", up to four numbers, then an optional stability flag (dev < alpha < beta < RC < stable < patch,
 * with `a`, `b`, `p`/`pl` as short forms) and its number. Constraints: `||` (or `|`) between alternatives, commas or
 * spaces between clauses that all hold; clauses `^1.2`, `~1.2`, `1.2.*`, `1.0 - 2.0`, `>=1.0`, `<2.0`, `!=1.5`,
 * `=1.0`, `1.0`, `*`. As in Composer, `<V` and `>=V` without a stability flag mean `<V-dev` and `>=V-dev`, so a
 * pre-release of V is below V's range start and outside `<V`.
 * Branch versions (`dev-main`) have no order and are rejected.
 * Spec: https://getcomposer.org/doc/articles/versions.md
 */
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import type { Comparison } from '../types.js';

export const id = 'composer';
export const displayName = 'Composer (PHP)';
export const specs = ['https://getcomposer.org/doc/articles/versions.md', 'https://getcomposer.org/doc/04-schema.md#version'] as const;

/** Stability ranks, lowest first. */
const STABILITY: Record<string, number> = { dev: 0, alpha: 1, a: 1, beta: 2, b: 2, rc: 3, stable: 4, patch: 5, pl: 5, p: 5 };

export interface ComposerVersion {
  raw: string;
  numbers: readonly [number, number, number, number];
  /** How many numbers were written (1–4). */
  parts: number;
  stability: number;
  stabilityNumber: number;
}

const VERSION_RE = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:\.([0-9]+))?(?:[._-]?(stable|beta|b|rc|alpha|a|patch|pl|p)(?:[.-]?([0-9]+))?)?(?:[.-]?(dev))?$/i;

/**
 * Parse a Composer version.
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parseComposerVersion('v1.2.0-RC2').stability // 3 (RC)
 */
export function parseComposerVersion(input: string): ComposerVersion {
  if (/^dev-|\.x-dev$/i.test(input)) throw new VersionError('INVALID_VERSION', id, input, 'branch versions have no order');
  const m = VERSION_RE.exec(input.trim());
  if (!m || input.trim() !== input) throw new VersionError('INVALID_VERSION', id, input, 'not [v]X[.Y[.Z[.W]]][-stability[N]]');
  const nums = [m[1], m[2], m[3], m[4]].map((x) => (x === undefined ? 0 : Number(x)));
  if (nums.some((n) => !Number.isSafeInteger(n))) throw new VersionError('INVALID_VERSION', id, input, 'a number is too big');
  const flag = m[5]?.toLowerCase();
  let stability = flag ? STABILITY[flag]! : 4;
  if (m[7]) stability = flag ? stability : 0; // "1.0-dev" is the dev stability; "1.0-beta1-dev" stays beta (rare)
  return {
    raw: input,
    numbers: nums as [number, number, number, number],
    parts: [m[1], m[2], m[3], m[4]].filter((x) => x !== undefined).length,
    stability,
    stabilityNumber: m[6] ? Number(m[6]) : 0,
  };
}

function cmp(a: number, b: number): Comparison {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareComposerVersions(a: ComposerVersion, b: ComposerVersion): Comparison {
  for (let i = 0; i < 4; i++) {
    const c = cmp(a.numbers[i]!, b.numbers[i]!);
    if (c) return c;
  }
  return cmp(a.stability, b.stability) || cmp(a.stabilityNumber, b.stabilityNumber);
}

type Op = '<' | '<=' | '>' | '>=' | '==' | '!=';
interface Bound {
  op: Op;
  version: ComposerVersion;
}
/** Alternatives of conjunctions. An empty conjunction matches everything (`*`). */
export type ComposerConstraint = Bound[][];

function version(numbers: number[], stability = 4): ComposerVersion {
  const n = [...numbers, 0, 0, 0, 0].slice(0, 4) as [number, number, number, number];
  return { raw: n.join('.'), numbers: n, parts: 4, stability, stabilityNumber: 0 };
}

/** The lowest version of a release line: `1.2` → `1.2.0.0-dev`. */
function floor(v: ComposerVersion): ComposerVersion {
  return v.stability === 4 ? { ...v, stability: 0 } : v;
}

function parseClause(input: string, clause: string): Bound[] {
  const bad = (reason: string): never => {
    throw new VersionError('INVALID_RANGE', id, input, reason);
  };
  const ver = (text: string): ComposerVersion => {
    try {
      return parseComposerVersion(text);
    } catch (err) {
      throw new VersionError('INVALID_RANGE', id, input, `bad version ${JSON.stringify(text)}`, { cause: err });
    }
  };
  if (clause === '*' || clause === 'x' || clause === 'X') return [];
  const wildcard = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?\.[*xX]$/.exec(clause);
  if (wildcard) {
    const nums = [wildcard[1], wildcard[2], wildcard[3]].filter((x) => x !== undefined).map(Number);
    const upper = [...nums];
    upper[upper.length - 1]!++;
    return [{ op: '>=', version: version(nums, 0) }, { op: '<', version: version(upper, 0) }];
  }
  const m = /^(\^|~|>=|<=|>|<|==|=|!=|<>)?\s*(.+)$/.exec(clause);
  if (!m) return bad(`clause ${JSON.stringify(clause)}`);
  const op = m[1];
  const v = ver(m[2]!);
  const nums = v.numbers.slice(0, v.parts);
  if (op === '^') {
    // The first non-zero number is the one that may not change; ^0.0 and ^0 keep the last written one.
    let i = nums.findIndex((n) => n !== 0);
    if (i < 0) i = Math.max(0, nums.length - 1);
    const upper = nums.slice(0, i + 1);
    upper[i]!++;
    return [{ op: '>=', version: floor(v) }, { op: '<', version: version(upper, 0) }];
  }
  if (op === '~') {
    // ~1.2 allows 1.x (≥ 1.2); ~1.2.3 allows 1.2.x (≥ 1.2.3); ~1 behaves as ~1.0.
    const keep = Math.max(1, nums.length - 1);
    const upper = nums.slice(0, keep);
    upper[keep - 1]!++;
    return [{ op: '>=', version: floor(v) }, { op: '<', version: version(upper, 0) }];
  }
  switch (op) {
    case '<': return [{ op: '<', version: floor(v) }];
    case '>=': return [{ op: '>=', version: floor(v) }];
    case '<=': return [{ op: '<=', version: v }];
    case '>': return [{ op: '>', version: v }];
    case '!=':
    case '<>': return [{ op: '!=', version: v }];
    default: return [{ op: '==', version: v }];
  }
}

/**
 * Parse a Composer constraint.
 * @throws {VersionError} INVALID_RANGE naming the input.
 */
export function parseComposerRange(input: string): ComposerConstraint {
  if (input.trim() === '') throw new VersionError('INVALID_RANGE', id, input, 'empty constraint');
  return input.split(/\s*\|\|?\s*/).map((alt) => {
    const a = alt.trim();
    if (a === '') throw new VersionError('INVALID_RANGE', id, input, 'empty alternative');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(a);
    if (hyphen) {
      const lo = parseClause(input, `>=${hyphen[1]}`);
      const hi = parseComposerVersion(hyphen[2]!);
      if (hi.parts >= 3) return [...lo, { op: '<=', version: hi } as Bound];
      const upper = hi.numbers.slice(0, hi.parts);
      upper[upper.length - 1]!++;
      return [...lo, { op: '<', version: version(upper, 0) } as Bound];
    }
    // Clauses are separated by a comma or by spaces; an operator may be followed by spaces (">= 1.0").
    const clauses = a.replace(/(\^|~|>=|<=|>|<|==|=|!=|<>)\s+/g, '$1').split(/\s*,\s*|\s+/);
    return clauses.flatMap((c) => {
      if (c === '') throw new VersionError('INVALID_RANGE', id, input, 'empty clause');
      return parseClause(input, c);
    });
  });
}

function holds(v: ComposerVersion, b: Bound): boolean {
  const c = compareComposerVersions(v, b.version);
  switch (b.op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '==': return c === 0;
    case '!=': return c !== 0;
  }
}

/** The Composer scheme. */
export const scheme = defineScheme<ComposerVersion, ComposerConstraint>({
  id,
  displayName,
  specs,
  parse: parseComposerVersion,
  compare: compareComposerVersions,
  parseRange: parseComposerRange,
  matches: (v, alts) => alts.some((all) => all.every((b) => holds(v, b))),
});
