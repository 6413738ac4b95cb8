/**
 * Maven artifact versions, ordered as Maven's ComparableVersion orders them (Maven 3.9 / 4: qualifiers
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, then unknown qualifiers
 * alphabetically; `a1`/`b1`/`m1` short forms; `X-1` read as the combination `X1`), and Maven version ranges.
 * Spec: https://maven.apache.org/pom.html#version-order-specification and
 * https://maven.apache.org/enforcer/enforcer-rules/versionRanges.html
 */
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import type { Comparison } from '../types.js';

export const id = 'maven';
export const displayName = 'Maven (ComparableVersion)';
export const specs = [
  'https://maven.apache.org/pom.html#version-order-specification',
  'https://maven.apache.org/enforcer/enforcer-rules/versionRanges.html',
] as const;

/** A number (digits without leading zeros), a qualifier, a qualifier+number combination, or a sub-list after '-'. */
type Item =
  | { kind: 'num'; digits: string }
  | { kind: 'str'; value: string }
  | { kind: 'combo'; str: { kind: 'str'; value: string }; num: Item }
  | { kind: 'list'; items: Item[] };

export interface MavenVersion {
  raw: string;
  items: Item & { kind: 'list' };
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_QUALIFIERS = ['ga', 'final', 'release'];
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function fail(input: string, reason: string): never {
  throw new VersionError('INVALID_VERSION', id, input, reason);
}

function cmpStr(a: string, b: string): Comparison {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sortable key for a qualifier: known ones by rank, unknown ones after them, alphabetically. */
function qualifierKey(q: string): string {
  if (RELEASE_QUALIFIERS.includes(q)) return RELEASE_INDEX;
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function makeString(value: string, followedByDigit: boolean): { kind: 'str'; value: string } {
  let v = value;
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  if (v === 'cr') v = 'rc';
  return { kind: 'str', value: v };
}

function makeNumber(input: string, digits: string): Item {
  if (!/^[0-9]+$/.test(digits)) fail(input, `non-ASCII digits ${JSON.stringify(digits)} in a number`);
  return { kind: 'num', digits: digits.replace(/^0+/, '') || '0' };
}

const UNICODE_DIGIT = /^\p{Nd}$/u;

function makeItem(input: string, combination: boolean, digit: boolean, buf: string): Item {
  if (combination) {
    const s = buf.replace(/-/g, '');
    let index = 0;
    for (let i = 0; i < s.length; i++) {
      if (UNICODE_DIGIT.test(s[i]!)) {
        index = i;
        break;
      }
    }
    return { kind: 'combo', str: makeString(s.slice(0, index), true), num: makeNumber(input, s.slice(index)) };
  }
  if (digit) return makeNumber(input, buf);
  return makeString(buf, false);
}

function isNull(item: Item): boolean {
  switch (item.kind) {
    case 'num': return item.digits === '0';
    case 'str': return item.value === '';
    case 'combo': return false;
    case 'list': return item.items.length === 0;
  }
}

function normalize(list: Item & { kind: 'list' }): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    if (!isNull(items[i]!)) continue;
    const next = items[i + 1];
    if (i === items.length - 1 || next?.kind === 'str') {
      items.splice(i, 1);
    } else if (next?.kind === 'list') {
      const first = next.items[0];
      if (first?.kind === 'combo' || first?.kind === 'str') items.splice(i, 1);
    }
  }
  if (items.length === 1 && items[0]!.kind === 'list') {
    // Removing a zero prefix must not leave an extra level of nesting.
    list.items = [...items[0]!.items];
  }
}

/**
 * Parse a Maven version the way ComparableVersion tokenises it. Maven accepts any string; Drydock rejects the empty
 * string, whitespace and control characters, which only ever come from corrupt metadata.
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example compareMavenVersions(parseMavenVersion('1.0-SNAPSHOT'), parseMavenVersion('1.0')) // -1
 */
export function parseMavenVersion(input: string): MavenVersion {
  if (input === '') fail(input, 'empty version');
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/u.test(input)) fail(input, 'whitespace or control character');
  const version = input.toLowerCase();
  const root: Item & { kind: 'list' } = { kind: 'list', items: [] };
  let list = root;
  const stack: (Item & { kind: 'list' })[] = [root];
  let isDigit = false;
  let isCombination = false;
  let start = 0;
  const push = (): void => {
    const sub: Item & { kind: 'list' } = { kind: 'list', items: [] };
    list.items.push(sub);
    list = sub;
    stack.push(sub);
  };
  for (let i = 0; i < version.length; i++) {
    let c = version[i]!;
    const code = version.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < version.length) {
      c = version.slice(i, i + 2);
      i++;
    }
    if (c === '.') {
      list.items.push(i === start ? { kind: 'num', digits: '0' } : makeItem(input, isCombination, isDigit, version.slice(start, i)));
      isCombination = false;
      start = i + 1;
    } else if (c === '-') {
      if (i === start) {
        list.items.push({ kind: 'num', digits: '0' });
      } else {
        // "X-1" is read as "X1" (a combination).
        if (!isDigit && i !== version.length - 1 && UNICODE_DIGIT.test(version[i + 1]!)) {
          isCombination = true;
          continue;
        }
        list.items.push(makeItem(input, isCombination, isDigit, version.slice(start, i)));
      }
      start = i + 1;
      if (list.items.length > 0) push();
      isCombination = false;
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        isCombination = true;
        if (list.items.length > 0) push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(makeItem(input, isCombination, true, version.slice(start, i)));
        start = i;
        push();
        isCombination = false;
      }
      isDigit = false;
    }
  }
  if (version.length > start) {
    // "1.0.0.X1" < "1.0.0-X2": a trailing ".X" qualifier is read as "-X".
    if (!isDigit && list.items.length > 0) push();
    list.items.push(makeItem(input, isCombination, isDigit, version.slice(start)));
  }
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i]!);
  return { raw: input, items: root };
}

function compareNum(a: string, b: string): Comparison {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return cmpStr(a, b);
}

/** Compare an item with another, or with "nothing" (`undefined`: the end of the shorter list). */
function compareItem(a: Item, b: Item | undefined): Comparison {
  switch (a.kind) {
    case 'num':
      if (b === undefined) return a.digits === '0' ? 0 : 1;
      return b.kind === 'num' ? compareNum(a.digits, b.digits) : 1;
    case 'str':
      if (b === undefined) return cmpStr(qualifierKey(a.value), RELEASE_INDEX);
      switch (b.kind) {
        case 'num': return -1;
        case 'str': return cmpStr(qualifierKey(a.value), qualifierKey(b.value));
        case 'combo': {
          const r = compareItem(a, b.str);
          if (r !== 0) return r;
          return compareItem(a, undefined) === 0 ? neg(compareItem(b.num, undefined)) : -1;
        }
        case 'list': return neg(compareItem(b, a));
      }
      break;
    case 'combo':
      if (b === undefined) {
        const r = compareItem(a.str, undefined);
        return r === 0 ? compareItem(a.num, undefined) : r;
      }
      switch (b.kind) {
        case 'num': return -1;
        case 'str': {
          const r = compareItem(a.str, b);
          if (r !== 0) return r;
          return compareItem(a.str, undefined) === 0 ? compareItem(a.num, undefined) : 1;
        }
        case 'list': return neg(compareItem(b, a));
        case 'combo': return compareItem(a.str, b.str) || compareItem(a.num, b.num);
      }
      break;
    case 'list':
      if (b === undefined) {
        for (const item of a.items) {
          const r = compareItem(item, undefined);
          if (r !== 0) return r;
        }
        return 0;
      }
      switch (b.kind) {
        case 'num': return -1;
        case 'str':
        case 'combo': {
          let r = a.items.length === 0 ? neg(compareItem(b, undefined)) : compareItem(a.items[0]!, b);
          for (let i = 1; r === 0 && i < a.items.length; i++) r = compareItem(a.items[i]!, undefined);
          return r;
        }
        case 'list': {
          const n = Math.max(a.items.length, b.items.length);
          for (let i = 0; i < n; i++) {
            const l = a.items[i];
            const r = b.items[i];
            const c = l === undefined ? (r === undefined ? 0 : neg(compareItem(r, undefined))) : compareItem(l, r);
            if (c !== 0) return c;
          }
          return 0;
        }
      }
  }
  return 0;
}

function neg(c: Comparison): Comparison {
  return (c === 0 ? 0 : -c) as Comparison;
}

export function compareMavenVersions(a: MavenVersion, b: MavenVersion): Comparison {
  return compareItem(a.items, b.items);
}

function itemToString(item: Item): string {
  switch (item.kind) {
    case 'num': return item.digits;
    case 'str': return item.value;
    case 'combo': return item.str.value + itemToString(item.num);
    case 'list': {
      let out = '';
      for (const child of item.items) {
        if (out !== '') out += child.kind === 'list' ? '-' : '.';
        out += itemToString(child);
      }
      return out;
    }
  }
}

/** ComparableVersion.getCanonical(): the normalised form, equal for versions that compare equal. */
export function canonicalMavenVersion(v: MavenVersion): string {
  return itemToString(v.items);
}

/** One interval of a Maven range: `lower`/`upper` undefined means unbounded. */
export interface MavenRestriction {
  lower?: MavenVersion;
  lowerInclusive: boolean;
  upper?: MavenVersion;
  upperInclusive: boolean;
}

export interface MavenRange {
  restrictions: MavenRestriction[];
}

function badRange(input: string, reason: string): never {
  throw new VersionError('INVALID_RANGE', id, input, reason);
}

/**
 * Parse a Maven version range: `[1.0,2.0)`, `(,1.5]`, `[1.0]`, `[1.5,)`, unions `[1,2),[3,4)`. A bare version
 * (`1.0`, Maven's "soft requirement") is read as exactly that version: Drydock matches installed versions, and a
 * soft requirement only says which version Maven prefers.
 * @throws {VersionError} INVALID_RANGE naming the input.
 */
export function parseMavenRange(input: string): MavenRange {
  const s = input.replace(/\s+/g, '');
  if (s === '') badRange(input, 'empty range');
  const version = (text: string): MavenVersion => {
    try {
      return parseMavenVersion(text);
    } catch (err) {
      throw new VersionError('INVALID_RANGE', id, input, `bad version ${JSON.stringify(text)}`, { cause: err });
    }
  };
  if (s[0] !== '[' && s[0] !== '(') {
    if (/[[\](),]/.test(s)) badRange(input, 'brackets or commas outside a bracketed range');
    const v = version(s);
    return { restrictions: [{ lower: v, lowerInclusive: true, upper: v, upperInclusive: true }] };
  }
  const restrictions: MavenRestriction[] = [];
  let rest = s;
  while (rest !== '') {
    const m = /^([[(])([^[\]()]*)([\])])(?:,(?=[[(])|$)/.exec(rest);
    if (!m) badRange(input, `expected "[" or "(" … "]" or ")" at ${JSON.stringify(rest.slice(0, 40))}`);
    rest = rest.slice(m[0].length);
    const lowerInclusive = m[1] === '[';
    const upperInclusive = m[3] === ']';
    const body = m[2]!;
    const parts = body.split(',');
    let r: MavenRestriction;
    if (parts.length === 1) {
      if (!lowerInclusive || !upperInclusive || body === '') badRange(input, `a single version must be written [x] (got ${m[0]})`);
      const v = version(body);
      r = { lower: v, lowerInclusive, upper: v, upperInclusive };
    } else if (parts.length === 2) {
      r = {
        lowerInclusive,
        upperInclusive,
        ...(parts[0] ? { lower: version(parts[0]) } : {}),
        ...(parts[1] ? { upper: version(parts[1]) } : {}),
      };
      if (r.lower && r.upper) {
        const c = compareMavenVersions(r.lower, r.upper);
        if (c > 0 || (c === 0 && !(lowerInclusive && upperInclusive))) badRange(input, `lower bound above upper bound in ${m[0]}`);
      }
    } else {
      badRange(input, `more than two bounds in ${m[0]}`);
    }
    restrictions.push(r);
  }
  return { restrictions };
}

function inRestriction(v: MavenVersion, r: MavenRestriction): boolean {
  if (r.lower) {
    const c = compareMavenVersions(v, r.lower);
    if (c < 0 || (c === 0 && !r.lowerInclusive)) return false;
  }
  if (r.upper) {
    const c = compareMavenVersions(v, r.upper);
    if (c > 0 || (c === 0 && !r.upperInclusive)) return false;
  }
  return true;
}

/** The Maven scheme: ComparableVersion order, Maven range syntax (a bare version means exactly that version). */
export const scheme = defineScheme<MavenVersion, MavenRange>({
  id,
  displayName,
  specs,
  parse: parseMavenVersion,
  compare: compareMavenVersions,
  parseRange: parseMavenRange,
  matches: (v, r) => r.restrictions.some((x) => inRestriction(v, x)),
});
