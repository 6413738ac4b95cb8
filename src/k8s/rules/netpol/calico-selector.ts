/**
 * Calico selector expressions: `app == 'web' && has(tier)`, `role in {'a', 'b'}`, `!has(x) || env != 'prod'`.
 * Grammar: https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors
 * Written from the documented grammar: all(), global(), has(k), k == 'v', k != 'v', k in {…}, k not in {…},
 * k contains 'v', k starts with 'v', k ends with 'v', !, &&, || and parentheses. `!=` and `not in` are true when
 * the label is absent, as documented.
 *
 * Selectors come from manifests anyone can write: the parser is a bounded recursive descent (input length and
 * nesting depth capped), so a hostile selector is an error, not a stack overflow.
 */
import type { Labels } from './selector.js';

/** A parsed selector expression. */
export type CalicoExpr =
  | { op: 'all' }
  | { op: 'global' }
  | { op: 'has'; key: string }
  | { op: 'eq' | 'ne' | 'contains' | 'starts' | 'ends'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'not'; expr: CalicoExpr }
  | { op: 'and' | 'or'; left: CalicoExpr; right: CalicoExpr };

/** Result of parsing: an expression, or an error (which then matches nothing). */
export interface CalicoSelector {
  expr?: CalicoExpr;
  text: string;
  error?: string;
}

const MAX_LENGTH = 4096;
const MAX_DEPTH = 64;

type Token = { t: 'str'; v: string } | { t: 'word'; v: string } | { t: 'sym'; v: string };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated string at ${i}`);
      out.push({ t: 'str', v: s.slice(i + 1, end) });
      i = end + 1;
    } else if (s.startsWith('&&', i) || s.startsWith('||', i) || s.startsWith('==', i) || s.startsWith('!=', i)) {
      out.push({ t: 'sym', v: s.slice(i, i + 2) });
      i += 2;
    } else if ('!(){},'.includes(c)) {
      out.push({ t: 'sym', v: c });
      i++;
    } else {
      // Label keys: [prefix/]name with letters, digits, '-', '_', '.', '/'.
      const m = /^[A-Za-z0-9_./-]+/.exec(s.slice(i));
      if (!m) throw new Error(`unexpected "${c}" at ${i}`);
      out.push({ t: 'word', v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/**
 * Parses a selector expression; the empty string means all().
 * @example parseCalicoSelector("app == 'web' && has(tier)").expr?.op // 'and'
 */
export function parseCalicoSelector(text: string): CalicoSelector {
  if (text.length > MAX_LENGTH) return { text: text.slice(0, 80), error: `selector longer than ${MAX_LENGTH} characters` };
  let toks: Token[];
  try {
    toks = tokenize(text);
  } catch (e) {
    return { text, error: `selector ${JSON.stringify(text)}: ${(e as Error).message}` };
  }
  if (toks.length === 0) return { text, expr: { op: 'all' } };
  let pos = 0;
  const peek = (): Token | undefined => toks[pos];
  const isSym = (v: string): boolean => peek()?.t === 'sym' && peek()!.v === v;
  const isWord = (v: string, at = pos): boolean => toks[at]?.t === 'word' && toks[at]!.v === v;
  const fail = (why: string): never => {
    throw new Error(why);
  };
  const expectSym = (v: string): void => {
    if (!isSym(v)) fail(`expected "${v}" at token ${pos}`);
    pos++;
  };
  const str = (): string => {
    const tk = peek();
    if (tk?.t !== 'str') return fail(`expected a quoted value at token ${pos}`);
    pos++;
    return tk.v;
  };
  const parseOr = (depth: number): CalicoExpr => {
    let left = parseAnd(depth);
    while (isSym('||')) {
      pos++;
      left = { op: 'or', left, right: parseAnd(depth) };
    }
    return left;
  };
  const parseAnd = (depth: number): CalicoExpr => {
    let left = parseUnary(depth);
    while (isSym('&&')) {
      pos++;
      left = { op: 'and', left, right: parseUnary(depth) };
    }
    return left;
  };
  const parseUnary = (depth: number): CalicoExpr => {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH}`);
    if (isSym('!')) {
      pos++;
      return { op: 'not', expr: parseUnary(depth + 1) };
    }
    if (isSym('(')) {
      pos++;
      const e = parseOr(depth + 1);
      expectSym(')');
      return e;
    }
    const tk = peek();
    if (tk?.t !== 'word') return fail(`expected a label key or function at token ${pos}`);
    pos++;
    if ((tk.v === 'all' || tk.v === 'global') && isSym('(')) {
      pos++;
      expectSym(')');
      return { op: tk.v };
    }
    if (tk.v === 'has' && isSym('(')) {
      pos++;
      const k = peek();
      if (k?.t !== 'word') fail('has() needs a label key');
      pos++;
      expectSym(')');
      return { op: 'has', key: k!.v };
    }
    const key = tk.v;
    if (isSym('==') || isSym('!=')) {
      const op = peek()!.v === '==' ? 'eq' : 'ne';
      pos++;
      return { op, key, value: str() };
    }
    const set = (): string[] => {
      expectSym('{');
      const values: string[] = [];
      while (!isSym('}')) {
        values.push(str());
        if (isSym(',')) pos++;
        else if (!isSym('}')) fail(`expected "," or "}" at token ${pos}`);
      }
      pos++;
      return values;
    };
    if (isWord('in')) {
      pos++;
      return { op: 'in', key, values: set() };
    }
    if (isWord('not') && isWord('in', pos + 1)) {
      pos += 2;
      return { op: 'notin', key, values: set() };
    }
    if (isWord('contains')) {
      pos++;
      return { op: 'contains', key, value: str() };
    }
    if ((isWord('starts') || isWord('ends')) && isWord('with', pos + 1)) {
      const op = peek()!.v === 'starts' ? 'starts' : 'ends';
      pos += 2;
      return { op, key, value: str() };
    }
    return fail(`expected an operator after "${key}"`);
  };
  try {
    const expr = parseOr(0);
    if (pos !== toks.length) fail(`unexpected token at ${pos}`);
    return { text, expr };
  } catch (e) {
    return { text, error: `selector ${JSON.stringify(text)}: ${(e as Error).message}` };
  }
}

/** Evaluates an expression against labels. `global()` is false for pods (it selects non-namespaced endpoints). */
export function calicoMatches(e: CalicoExpr, labels: Labels): boolean {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(labels, k);
  switch (e.op) {
    case 'all': return true;
    case 'global': return false;
    case 'has': return has(e.key);
    case 'eq': return has(e.key) && labels[e.key] === e.value;
    case 'ne': return !has(e.key) || labels[e.key] !== e.value;
    case 'contains': return has(e.key) && labels[e.key]!.includes(e.value);
    case 'starts': return has(e.key) && labels[e.key]!.startsWith(e.value);
    case 'ends': return has(e.key) && labels[e.key]!.endsWith(e.value);
    case 'in': return has(e.key) && e.values.includes(labels[e.key]!);
    case 'notin': return !has(e.key) || !e.values.includes(labels[e.key]!);
    case 'not': return !calicoMatches(e.expr, labels);
    case 'and': return calicoMatches(e.left, labels) && calicoMatches(e.right, labels);
    case 'or': return calicoMatches(e.left, labels) || calicoMatches(e.right, labels);
  }
}

/** True when the selector parsed and matches; an invalid selector matches nothing. */
export function calicoSelectorMatches(s: CalicoSelector, labels: Labels): boolean {
  return s.expr !== undefined && calicoMatches(s.expr, labels);
}
