/**
 * The range syntax shared by the schemes whose ecosystems have no range language of their own (deb, rpm, apk, go):
 * a comma-separated list of `<op> <version>` terms that must all hold, e.g. `>= 1.2-1, < 1.3-1`.
 * Operators: < <= = >= > != (and extra ones a scheme adds, such as apk's fuzzy `~`).
 */
import { VersionError } from './errors.js';
import type { Comparison } from './types.js';

export type BasicOp = '<' | '<=' | '=' | '>=' | '>' | '!=';

export interface OpTerm<V, O extends string = BasicOp> {
  op: O;
  version: V;
}

const BASIC_OPS: readonly string[] = ['<', '<=', '=', '>=', '>', '!='];

/**
 * Parse `<op> <version>[, <op> <version>…]`. The space after the operator is optional; `==` is read as `=`.
 * @throws {VersionError} INVALID_RANGE naming the range and the bad term; a bad version inside a term is also
 * reported as INVALID_RANGE (with the version error as `cause`).
 */
export function parseOpRange<V, O extends string = BasicOp>(
  scheme: string,
  range: string,
  parseVersion: (v: string) => V,
  extraOps: readonly O[] = [],
): OpTerm<V, O | BasicOp>[] {
  const ops = [...BASIC_OPS, ...extraOps];
  const trimmed = range.trim();
  if (trimmed === '') throw new VersionError('INVALID_RANGE', scheme, range, 'empty range');
  const terms: OpTerm<V, O | BasicOp>[] = [];
  for (const rawTerm of trimmed.split(',')) {
    const term = rawTerm.trim();
    const m = /^([<>=!~]{1,2})\s*(\S+)$/.exec(term);
    if (!m) {
      throw new VersionError('INVALID_RANGE', scheme, range, `term ${JSON.stringify(term)} is not "<op> <version>"`);
    }
    const op = m[1] === '==' ? '=' : m[1]!;
    if (!ops.includes(op)) {
      throw new VersionError('INVALID_RANGE', scheme, range, `unknown operator ${JSON.stringify(op)} (use ${ops.join(' ')})`);
    }
    let version: V;
    try {
      version = parseVersion(m[2]!);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new VersionError('INVALID_RANGE', scheme, range, reason, { cause: err });
    }
    terms.push({ op: op as O | BasicOp, version });
  }
  return terms;
}

/** Whether a comparison result (version vs term version) meets a basic operator. */
export function meetsBasicOp(op: BasicOp, c: Comparison): boolean {
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '=': return c === 0;
    case '>=': return c >= 0;
    case '>': return c > 0;
    case '!=': return c !== 0;
  }
}

/** Match a version against every term of a basic operator range. */
export function matchOpRange<V>(version: V, terms: readonly OpTerm<V>[], compare: (a: V, b: V) => Comparison): boolean {
  return terms.every((t) => meetsBasicOp(t.op, compare(version, t.version)));
}
