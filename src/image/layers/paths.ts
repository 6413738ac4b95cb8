/**
 * Path handling for layer entries. Entry names come from an attacker-controlled tar: they are normalised
 * inside the image root and never used on the host.
 */
import { ImageError } from '../errors.js';

/**
 * Normalise a tar entry name to an absolute path inside the image ("/usr/bin/env").
 * Leading "/" and "./" are accepted (absolute names are read as relative to the image root);
 * a ".." that would climb above the root is refused.
 * @throws ImageError PATH_TRAVERSAL
 * @example normalizeEntryPath('./usr//bin/../lib/') === '/usr/lib'
 */
export function normalizeEntryPath(name: string): string {
  return plainEntryPath(name) ?? normalizeSegments(name);
}

/**
 * The common case without splitting: a name whose segments are all ordinary (no empty, ".", ".." or NUL), with at
 * most a leading "./" or "/" and a trailing "/". Undefined for anything else, which takes the full path.
 */
function plainEntryPath(name: string): string | undefined {
  let start = 0;
  if (name.startsWith('./')) start = 2;
  else if (name.startsWith('/')) start = 1;
  let end = name.length;
  if (end > start && name.charCodeAt(end - 1) === 0x2f) end--;
  if (end <= start) return undefined;
  let seg = start;
  for (let i = start; i <= end; i++) {
    const c = i < end ? name.charCodeAt(i) : 0x2f;
    if (c === 0) return undefined;
    if (c !== 0x2f) continue;
    const len = i - seg;
    if (len === 0) return undefined;
    if (name.charCodeAt(seg) === 0x2e && (len === 1 || (len === 2 && name.charCodeAt(seg + 1) === 0x2e))) return undefined;
    seg = i + 1;
  }
  return start === 1 && end === name.length ? name : `/${name.slice(start, end)}`;
}

function normalizeSegments(name: string): string {
  const out: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw new ImageError('PATH_TRAVERSAL', `entry "${truncate(name)}" climbs above the image root`);
      out.pop();
      continue;
    }
    if (seg.includes('\0')) throw new ImageError('PATH_TRAVERSAL', `entry "${truncate(name)}" has a NUL byte`);
    out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** Parent directory of a normalised path ("/" for top-level entries). */
export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `path` is `dir` or lies below it. */
export function isUnder(path: string, dir: string): boolean {
  if (dir === '/') return true;
  return path === dir || path.startsWith(`${dir}/`);
}

function truncate(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
