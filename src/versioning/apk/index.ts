/**
 * Alpine apk versions, ordered as apk-tools orders them (Gentoo-style):
 * `digits{.digits}[letter]{_suffix[digits]}[~hash][-rN]`, where suffix is one of alpha, beta, pre, rc (before the
 * release) or cvs, svn, git, hg, p (after it). Spec: https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver and
 * apk-tools src/version.c (https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c).
 * Unlike apk-tools, which falls back to some ordering for invalid versions, Drydock rejects them.
 */
import { defineScheme } from '../define-scheme.js';
import { VersionError } from '../errors.js';
import { meetsBasicOp, parseOpRange, type OpTerm } from '../op-range.js';
import type { Comparison } from '../types.js';

export const id = 'apk';
export const displayName = 'Alpine (apk-tools)';
export const specs = [
  'https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver',
  'https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c',
] as const;

/** Token kinds in apk-tools' order: at the first differing kind, the version further along is the smaller one. */
const INITIAL = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const HASH = 5;
const REVISION = 6;
const END = 7;

interface Token {
  kind: number;
  /** Digits, letter or hash as written; for a suffix, its rank as a string of one char (see SUFFIX_RANK). */
  text: string;
  /** Suffix rank: negative for pre-release suffixes. */
  rank: number;
}

export interface ApkVersion {
  raw: string;
  tokens: readonly Token[];
}

/** Pre-release suffixes sort before the bare version, post-release ones after it. */
const SUFFIX_RANK: Record<string, number> = { alpha: -4, beta: -3, pre: -2, rc: -1, cvs: 1, svn: 2, git: 3, hg: 4, p: 5 };

const VERSION_RE = /^([0-9]+)((?:\.[0-9]+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*)(?:~([0-9a-f]+))?(?:-r([0-9]+))?$/;

/**
 * Parse an apk version into comparison tokens.
 * @throws {VersionError} INVALID_VERSION naming the input.
 * @example parseApkVersion('1.2.3_rc1-r0')
 */
export function parseApkVersion(input: string): ApkVersion {
  const m = VERSION_RE.exec(input);
  if (!m) {
    throw new VersionError('INVALID_VERSION', id, input, 'not digits{.digits}[letter]{_suffix[N]}[~hash][-rN] (suffixes: alpha beta pre rc cvs svn git hg p)');
  }
  const tokens: Token[] = [{ kind: INITIAL, text: m[1]!, rank: 0 }];
  if (m[2]) for (const d of m[2].slice(1).split('.')) tokens.push({ kind: DIGIT, text: d, rank: 0 });
  if (m[3]) tokens.push({ kind: LETTER, text: m[3], rank: 0 });
  if (m[4]) {
    for (const s of m[4].slice(1).split('_')) {
      const sm = /^([a-z]+)([0-9]*)$/.exec(s)!;
      tokens.push({ kind: SUFFIX, text: sm[1]!, rank: SUFFIX_RANK[sm[1]!]! });
      if (sm[2]) tokens.push({ kind: SUFFIX_NO, text: sm[2], rank: 0 });
    }
  }
  if (m[5] !== undefined) tokens.push({ kind: HASH, text: m[5], rank: 0 });
  if (m[6] !== undefined) tokens.push({ kind: REVISION, text: m[6], rank: 0 });
  return { raw: input, tokens };
}

/** Compare digit strings as numbers of any length. */
function compareNumeric(a: string, b: string): Comparison {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x === y ? 0 : x < y ? -1 : 1;
}

function compareText(a: string, b: string): Comparison {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareToken(a: Token, b: Token): Comparison {
  switch (a.kind) {
    case DIGIT:
      // apk-tools: a component after a dot with a leading zero compares as a string (1.02 < 1.1), like a decimal fraction.
      if (a.text.startsWith('0') || b.text.startsWith('0')) return compareText(a.text, b.text);
      return compareNumeric(a.text, b.text);
    case LETTER:
    case HASH:
      return compareText(a.text, b.text);
    case SUFFIX:
      return a.rank === b.rank ? 0 : a.rank < b.rank ? -1 : 1;
    default:
      return compareNumeric(a.text, b.text);
  }
}

const END_TOKEN: Token = { kind: END, text: '', rank: 0 };

function compareTokens(a: ApkVersion, b: ApkVersion, fuzzy: boolean): Comparison {
  for (let i = 0; ; i++) {
    const ta = a.tokens[i] ?? END_TOKEN;
    const tb = b.tokens[i] ?? END_TOKEN;
    // Fuzzy match (`~`): b is a prefix pattern; once it ends, everything matched.
    if (fuzzy && tb.kind === END) return 0;
    if (ta.kind === tb.kind) {
      if (ta.kind === END) return 0;
      const c = compareToken(ta, tb);
      if (c !== 0) return c;
      continue;
    }
    // Same so far, different kinds next: a pre-release suffix makes a version older; otherwise the version that
    // goes on to a later kind of token (or ends) is the smaller one.
    if (ta.kind === SUFFIX && ta.rank < 0) return -1;
    if (tb.kind === SUFFIX && tb.rank < 0) return 1;
    return ta.kind > tb.kind ? -1 : 1;
  }
}

/** Compare two parsed apk versions. */
export function compareApkVersions(a: ApkVersion, b: ApkVersion): Comparison {
  return compareTokens(a, b, false);
}

/**
 * apk's fuzzy comparison: like `compareApkVersions`, but a version that starts with all of `pattern`'s components
 * is equal to it (`3.6.9 ~ 3.6`).
 */
export function compareApkFuzzy(version: ApkVersion, pattern: ApkVersion): Comparison {
  return compareTokens(version, pattern, true);
}

type ApkOp = '~' | '<~' | '>~';

function matchTerm(v: ApkVersion, t: OpTerm<ApkVersion, ApkOp | '<' | '<=' | '=' | '>=' | '>' | '!='>): boolean {
  switch (t.op) {
    case '~': return compareApkFuzzy(v, t.version) === 0;
    case '<~': return compareApkFuzzy(v, t.version) <= 0;
    case '>~': return compareApkFuzzy(v, t.version) >= 0;
    default: return meetsBasicOp(t.op, compareApkVersions(v, t.version));
  }
}

/**
 * The apk scheme. Ranges: comma-separated `<op> <version>` terms that must all hold; besides < <= = >= > != the
 * apk fuzzy operators `~` (prefix match), `<~` and `>~` are accepted.
 */
export const scheme = defineScheme({
  id,
  displayName,
  specs,
  parse: parseApkVersion,
  compare: compareApkVersions,
  parseRange: (range: string) => parseOpRange<ApkVersion, ApkOp>(id, range, parseApkVersion, ['~', '<~', '>~']),
  matches: (v: ApkVersion, terms: OpTerm<ApkVersion, ApkOp | '<' | '<=' | '=' | '>=' | '>' | '!='>[]) => terms.every((t) => matchTerm(v, t)),
});
