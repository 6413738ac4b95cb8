/**
 * Hex (Elixir/Erlang) package versions and Elixir version requirements. Versions are strict SemVer 2.0.0;
 * requirements are `<op> <version>` clauses joined with `and` and `or` (`and` binds tighter), with operators
 * `==`, `!=`, `>`, `>=`, `<`, `<=` and `~>`. `~> 2.1` means `>= 2.1.0 and < 3.0.0-0`, `~> 2.1.2` means
 * `>= 2.1.2 and < 2.2.0-0`. Only `~>` accepts a MAJOR.MINOR version. Pre-releases are matched by plain ordering
 * (Elixir's default `allow_pre: true`).
 * Spec: https://hexdocs.pm/elixir/Version.html#module-requirements
 */
// The two classes only: the package's index loads some forty modules at start-up.
import SemVer from 'semver/classes/semver.js';
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import type { Comparison } from '../types.js';

export const id = 'hex';
export const displayName = 'Hex (Elixir Version)';
export const specs = ['https://hexdocs.pm/elixir/Version.html', 'https://hex.pm/docs/usage#requirements'] as const;

const NUM = '(0|[1-9][0-9]*)';
const PRE = '(-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?';
const BUILD = '(\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?';
const STRICT_RE = new RegExp(`^${NUM}\\.${NUM}\\.${NUM}${PRE}${BUILD}$`);

/**
 * Parse a Hex version: MAJOR.MINOR.PATCH[-pre][+build].
 * @throws {VersionError} INVALID_VERSION naming the input.
 */
export function parseHexVersion(input: string): SemVer {
  if (!STRICT_RE.test(input)) throw new VersionError('INVALID_VERSION', id, input, 'not MAJOR.MINOR.PATCH[-pre][+build]');
  try {
    return new SemVer(input);
  } catch (err) {
    throw new VersionError('INVALID_VERSION', id, input, err instanceof Error ? err.message : String(err), { cause: err });
  }
}

type HexOp = '==' | '!=' | '>' | '>=' | '<' | '<=';
interface Clause {
  op: HexOp;
  version: SemVer;
}
/** Alternatives (or) of conjunctions (and). */
export type HexRequirement = Clause[][];

/**
 * Parse an Elixir requirement such as `~> 1.2 or >= 2.0.0 and < 2.1.0`.
 * @throws {VersionError} INVALID_RANGE naming the input.
 */
export function parseHexRange(input: string): HexRequirement {
  const bad = (reason: string): never => {
    throw new VersionError('INVALID_RANGE', id, input, reason);
  };
  if (input.trim() === '') bad('empty requirement');
  return input.split(/\s+or\s+/).map((alt) =>
    alt.split(/\s+and\s+/).flatMap((raw): Clause[] => {
      const m = /^\s*(==|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(raw);
      if (!m) return bad(`clause ${JSON.stringify(raw.trim())} is not "<op> <version>"`);
      const op = m[1] ?? '==';
      const text = m[2]!;
      if (op === '~>') {
        const short = new RegExp(`^${NUM}\\.${NUM}$`).exec(text);
        if (short) {
          const major = Number(short[1]);
          return [
            { op: '>=', version: new SemVer(`${short[1]}.${short[2]}.0`) },
            { op: '<', version: new SemVer(`${major + 1}.0.0-0`) },
          ];
        }
        const v = STRICT_RE.test(text) ? new SemVer(text) : bad(`bad version ${JSON.stringify(text)} after ~>`);
        return [{ op: '>=', version: v }, { op: '<', version: new SemVer(`${v.major}.${v.minor + 1}.0-0`) }];
      }
      if (!STRICT_RE.test(text)) bad(`bad version ${JSON.stringify(text)} (MAJOR.MINOR.PATCH needed except after ~>)`);
      return [{ op: op as HexOp, version: new SemVer(text) }];
    }),
  );
}

function holds(c: Comparison, op: HexOp): boolean {
  switch (op) {
    case '==': return c === 0;
    case '!=': return c !== 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
  }
}

/** The Hex scheme. */
export const scheme = defineScheme<SemVer, HexRequirement>({
  id,
  displayName,
  specs,
  parse: parseHexVersion,
  compare: (a, b) => a.compare(b),
  parseRange: parseHexRange,
  matches: (v, req) => req.some((all) => all.every((c) => holds(v.compare(c.version), c.op))),
});
