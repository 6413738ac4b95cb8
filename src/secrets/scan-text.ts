/**
 * Scan one text (a file's content, an ENV entry, a history line) with every rule: keyword prefilter, rule regexes,
 * allow-list, overlap removal and the AWS id/secret pairing. Linear in the text's length for each rule that runs.
 */
import { isAllowedPath, isAllowedValue, isTestPath } from './allow-list.js';
import { redactSecret } from './redact.js';
import { secretRules } from './rules.js';
import type { RawMatch, ScanTextOptions, SecretFinding, SecretRule } from './types.js';

/** Bytes looked at for NUL to call a file binary (git and grep use the same idea). */
export const BINARY_SNIFF_BYTES = 8192;
/** Findings kept per text: a hostile file full of tokens must not turn into a million-line report. */
export const MAX_FINDINGS_PER_TEXT = 200;

/** A finding of the text scanner: a {@link SecretFinding} before the caller adds layer and source. */
export type TextFinding = Omit<SecretFinding, 'layer' | 'source' | 'deleted' | 'deletedInLayer'>;

/** True when the first 8 KiB hold a NUL byte: a binary (ELF, images, archives, compiled Python …). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  // indexOf on a typed array is a native scan, far faster than a JS loop.
  return bytes.subarray(0, n).indexOf(0) !== -1;
}

/**
 * Decode file bytes for scanning, one character per byte (latin1): offsets and line numbers stay those of the
 * bytes, and invalid UTF-8 can never throw. Every token format is ASCII, so nothing is lost for matching.
 * Buffer's latin1 decoding copies bytes straight into a one-byte string; TextDecoder('latin1') is windows-1252
 * through ICU and several times slower, which matters at hundreds of MB per image.
 */
export function decodeForScan(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** 1-based line of an offset, from a sorted array of line-start offsets. */
function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function lineStarts(text: string): number[] {
  const out = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    out.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return out;
}

interface Hit extends RawMatch {
  rule: SecretRule;
}

/**
 * Every rule keyword in one case-insensitive alternation, longest first. One pass over the text finds which
 * keywords occur: far cheaper than one substring search per keyword, since most keywords (token prefixes) occur
 * in no file at all and each separate search would read the whole text.
 */
const KEYWORDS = [...new Set(secretRules.flatMap((r) => r.keywords.map((k) => k.toLowerCase())))].sort((a, b) => b.length - a.length);
// Matched against the lower-cased text: a case-sensitive alternation is about twice as fast in V8 as an 'i' one.
const KEYWORD_RE = new RegExp(KEYWORDS.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

/** The keywords present in a text. Keywords that are prefixes of others (`pass`, `password`) are both recorded. */
function keywordsIn(original: string): Set<string> {
  const text = original.toLowerCase();
  const found = new Set<string>();
  KEYWORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEYWORD_RE.exec(text)) !== null) {
    // Go on from the next character, not the match end: keywords may overlap ("npm_authtoken").
    KEYWORD_RE.lastIndex = m.index + 1;
    const k = m[0];
    if (!found.has(k)) {
      found.add(k);
      // A longer keyword matched here also contains the shorter ones it starts with or holds.
      for (const other of KEYWORDS) if (other.length < k.length && k.includes(other)) found.add(other);
      if (found.size === KEYWORDS.length) break;
    }
  }
  return found;
}

/** Rules that may match this text: not switched off, right path, and one of their keywords is present. */
function candidateRules(text: string, path: string, disabled: ReadonlySet<string>): SecretRule[] {
  const present = keywordsIn(text);
  if (present.size === 0) return [];
  return secretRules.filter((r) => !disabled.has(r.id) && (!r.appliesTo || r.appliesTo(path)) && r.keywords.some((k) => present.has(k.toLowerCase())));
}

/**
 * Scan a text for secrets.
 * @example scanText('TOKEN=ghp_' + 'a1B2'.repeat(9), { path: '/app/.env' })[0]?.ruleId // 'DD-SEC-006'
 */
export function scanText(text: string, options: ScanTextOptions = {}): TextFinding[] {
  const path = options.path ?? '<text>';
  const allow = options.allowList;
  const defaults = !options.noDefaultAllowList;
  if (isAllowedPath(path, allow)) return [];
  const disabled = new Set((allow?.rules ?? []).map((r) => r.toUpperCase()));
  const rules = candidateRules(text, path, disabled);
  if (rules.length === 0) return [];
  const inTests = defaults && !allow?.includeTestPaths && isTestPath(path);

  const hits: Hit[] = [];
  for (const rule of rules) {
    if (rule.generic && inTests) continue;
    for (const m of rule.scan(text, path)) {
      if (isAllowedValue(m.value, allow, defaults)) continue;
      hits.push({ ...m, rule });
    }
  }
  if (hits.length === 0) return [];

  // Overlaps: rules are ordered most specific first, so the first hit covering a span wins (a GitHub token inside
  // a `TOKEN=…` line is reported once, as a GitHub token).
  const order = new Map(secretRules.map((r, i) => [r.id, i]));
  hits.sort((a, b) => order.get(a.rule.id)! - order.get(b.rule.id)! || a.start - b.start);
  const kept: Hit[] = [];
  for (const h of hits) {
    if (kept.some((k) => h.start < k.end && k.start < h.end)) continue;
    kept.push(h);
  }
  kept.sort((a, b) => a.start - b.start);

  const starts = lineStarts(text);
  const ids = kept.filter((h) => h.rule.id === 'DD-SEC-001');
  const hasAwsSecret = kept.some((h) => h.rule.id === 'DD-SEC-002');
  const out: TextFinding[] = [];
  for (const h of kept) {
    // A key ID next to its secret is one credential: report the pair once, on the secret's line.
    if (h.rule.id === 'DD-SEC-001' && hasAwsSecret) continue;
    const line = lineOf(starts, h.start);
    let title = h.title ?? h.rule.title;
    let message = `${title} (${h.value.length} characters)`;
    if (h.rule.id === 'DD-SEC-002' && ids.length) {
      const idLines = [...new Set(ids.map((i) => lineOf(starts, i.start)))];
      title = 'AWS access key pair';
      message = `AWS secret access key with its access key ID (${redactSecret(ids[0]!.value)}) on line ${idLines.join(', ')}: a working credential pair`;
    }
    if (h.note) message += `. ${h.note}`;
    out.push({
      ruleId: h.rule.id,
      title,
      severity: h.severity ?? h.rule.severity,
      path,
      line,
      match: redactSecret(h.value),
      message,
      advice: h.rule.advice,
    });
    if (out.length >= MAX_FINDINGS_PER_TEXT) break;
  }
  return out;
}

/**
 * Scan file bytes: binaries (a NUL in the first 8 KiB) give nothing, text goes to {@link scanText}.
 */
export function scanBytes(bytes: Uint8Array, options: ScanTextOptions = {}): TextFinding[] {
  if (looksBinary(bytes)) return [];
  return scanText(decodeForScan(bytes), options);
}
