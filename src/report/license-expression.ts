/**
 * SPDX licence expressions for the SBOM formats: recognise licence ids and expressions in the strings package
 * databases record, and normalise them (canonical id case, upper-case operators, minimal parentheses).
 * Grammar: SPDX 2.3 Annex D, https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/
 * The id lists come from the SPDX licence list packages (spdx-license-ids, spdx-exceptions).
 */
import licenseIds from 'spdx-license-ids/index.json' with { type: 'json' };
import deprecatedLicenseIds from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import exceptionIds from 'spdx-exceptions/index.json' with { type: 'json' };
import deprecatedExceptionIds from 'spdx-exceptions/deprecated.json' with { type: 'json' };

/** What one recorded licence string is, for a format that distinguishes ids, expressions and free names. */
export type LicenseChoice =
  /** One licence from the SPDX list, in its canonical case. */
  | { kind: 'id'; id: string }
  /** A valid compound SPDX expression (or a `+` / LicenseRef form), normalised. */
  | { kind: 'expression'; expression: string }
  /** Anything else, kept exactly as recorded. */
  | { kind: 'name'; name: string };

function lowerMap(list: readonly string[]): Map<string, string> {
  return new Map(list.map((id) => [id.toLowerCase(), id]));
}

const LICENSES = lowerMap([...licenseIds, ...deprecatedLicenseIds]);
const EXCEPTIONS = lowerMap([...exceptionIds, ...deprecatedExceptionIds]);

// idstring: letters, digits, "." and "-" (Annex D.2); LicenseRef-/DocumentRef- prefixes are matched case-sensitively.
const ID_STRING = /^[A-Za-z0-9.-]+$/;
const LICENSE_REF = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;

/** The canonical spelling of an SPDX licence id (case-insensitive match, deprecated ids included), or undefined. */
export function findSpdxLicenseId(text: string): string | undefined {
  return LICENSES.get(text.toLowerCase());
}

type Node =
  | { op: 'leaf'; text: string }
  | { op: 'with'; license: Node; exception: string }
  | { op: 'AND' | 'OR'; left: Node; right: Node };

function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  for (const raw of text.replace(/([()])/g, ' $1 ').split(/\s+/)) {
    if (raw === '') continue;
    tokens.push(raw);
  }
  return tokens.length > 0 ? tokens : undefined;
}

/** Recursive-descent parser; precedence (Annex D.4): WITH binds tighter than AND, AND tighter than OR. */
function parseTokens(tokens: readonly string[]): Node | undefined {
  let pos = 0;
  const peekOp = (): string | undefined => {
    const t = tokens[pos];
    if (t === undefined) return undefined;
    const u = t.toUpperCase();
    // Operators are written in upper case by the spec; lower case ("MIT or Apache-2.0") is common in
    // package metadata and accepted here, then written back in upper case.
    return (u === 'AND' || u === 'OR' || u === 'WITH') && (t === u || t === t.toLowerCase()) ? u : undefined;
  };
  const parseSimple = (): Node | undefined => {
    const t = tokens[pos];
    if (t === undefined) return undefined;
    if (t === '(') {
      pos++;
      const inner = parseOr();
      if (inner === undefined || tokens[pos] !== ')') return undefined;
      pos++;
      return inner;
    }
    if (peekOp() !== undefined || t === ')') return undefined;
    pos++;
    if (LICENSE_REF.test(t)) return { op: 'leaf', text: t };
    const plus = t.endsWith('+');
    const base = plus ? t.slice(0, -1) : t;
    if (!ID_STRING.test(base)) return undefined;
    const id = findSpdxLicenseId(base);
    return id === undefined ? undefined : { op: 'leaf', text: plus ? `${id}+` : id };
  };
  const parseWith = (): Node | undefined => {
    const license = parseSimple();
    if (license === undefined) return undefined;
    if (peekOp() !== 'WITH') return license;
    pos++;
    const t = tokens[pos];
    const exception = t === undefined ? undefined : EXCEPTIONS.get(t.toLowerCase());
    if (exception === undefined || license.op !== 'leaf') return undefined;
    pos++;
    return { op: 'with', license, exception };
  };
  const parseAnd = (): Node | undefined => {
    let left = parseWith();
    while (left !== undefined && peekOp() === 'AND') {
      pos++;
      const right = parseWith();
      left = right === undefined ? undefined : { op: 'AND', left, right };
    }
    return left;
  };
  const parseOr = (): Node | undefined => {
    let left = parseAnd();
    while (left !== undefined && peekOp() === 'OR') {
      pos++;
      const right = parseAnd();
      left = right === undefined ? undefined : { op: 'OR', left, right };
    }
    return left;
  };
  const root = parseOr();
  return root !== undefined && pos === tokens.length ? root : undefined;
}

function print(node: Node, parent?: 'AND' | 'OR'): string {
  switch (node.op) {
    case 'leaf':
      return node.text;
    case 'with':
      return `${print(node.license)} WITH ${node.exception}`;
    default: {
      const s = `${print(node.left, node.op)} ${node.op} ${print(node.right, node.op)}`;
      // Only an OR inside an AND needs parentheses to keep its meaning.
      return parent === 'AND' && node.op === 'OR' ? `(${s})` : s;
    }
  }
}

/**
 * Normalise a valid SPDX licence expression; undefined when the text is not one.
 * @example normalizeSpdxExpression('mit or apache-2.0') // 'MIT OR Apache-2.0'
 * @example normalizeSpdxExpression('GPL-2+') // undefined (not an SPDX id)
 */
export function normalizeSpdxExpression(text: string): string | undefined {
  const tokens = tokenize(text);
  if (tokens === undefined) return undefined;
  const node = parseTokens(tokens);
  return node === undefined ? undefined : print(node);
}

/**
 * Classify one recorded licence string: a single SPDX id, a valid expression, or a free name.
 * @example classifyLicense('BSD-3-clause') // { kind: 'id', id: 'BSD-3-Clause' }
 * @example classifyLicense('MIT AND (BSD-2-Clause OR ISC)') // { kind: 'expression', … }
 * @example classifyLicense('GPLv2+') // { kind: 'name', name: 'GPLv2+' }
 */
export function classifyLicense(text: string): LicenseChoice {
  const trimmed = text.trim();
  const normalized = normalizeSpdxExpression(trimmed);
  if (normalized === undefined) return { kind: 'name', name: trimmed };
  if (LICENSES.get(normalized.toLowerCase()) === normalized) return { kind: 'id', id: normalized };
  return { kind: 'expression', expression: normalized };
}

/**
 * Join several valid expressions with AND (a package whose database lists several licences is under all of them),
 * normalised with minimal parentheses; undefined when one of them is not a valid expression.
 * @example joinWithAnd(['MIT', 'ISC OR 0BSD']) // 'MIT AND (ISC OR 0BSD)'
 */
export function joinWithAnd(expressions: readonly string[]): string | undefined {
  if (expressions.length === 0) return undefined;
  return normalizeSpdxExpression(expressions.map((e) => `(${e})`).join(' AND '));
}
