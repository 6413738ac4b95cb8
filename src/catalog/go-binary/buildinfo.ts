/**
 * Go build information: the `\xff Go buildinf:` blob the linker writes into every Go binary, and the module
 * text (`go version -m`) inside it.
 *
 * Format facts (Go's src/debug/buildinfo/buildinfo.go and src/runtime/debug/mod.go, described, not copied):
 * - A 32-byte header, 16-byte aligned, in the data segment (ELF section `.go.buildinfo`, Mach-O section
 *   `__go_buildinfo`, PE `.data`): 14 bytes of magic, then the pointer size (byte 14) and flags (byte 15:
 *   bit 0 big-endian, bit 1 "strings inline").
 * - Go ≥ 1.18 (inline): after the header, two strings, each a uvarint length then the bytes: the Go version, then
 *   the module info.
 * - Go < 1.18 (pointers): at bytes 16 and 16+ptrSize, the addresses of two Go string headers (data pointer,
 *   length), for the Go version and the module info. Addresses are virtual: map them through the segments.
 * - Module info may be wrapped in 16-byte sentinels (detected by a newline 17 bytes from the end); lines are
 *   tab-separated: `path P`, `mod P V S`, `dep P V S`, `=> P V S` (replaces the previous mod/dep), `build K=V`.
 */
import { BinaryError } from './errors.js';
import { addrToOffset, asByteSource, readExecutable, sectionBytes } from './executable.js';
import type { Executable, ExecutableInput } from './executable.js';
import type { ByteSource } from '../types.js';

const MAGIC = new Uint8Array([0xff, ...new TextEncoder().encode(' Go buildinf:')]);
const HEADER_SIZE = 32;
/** Build info strings are small; anything larger is corrupt or hostile. */
const MAX_STRING = 16 * 1024 * 1024;
/**
 * How much of a fallback region (a writable segment, PE `.data`) is searched: the first 64 KiB, as Go's own reader
 * (debug/buildinfo since Go 1.18) does, because the linker puts the blob near the start of the data segment. This
 * also bounds what is read of non-Go executables, which have no `.go.buildinfo` and are most executables in an image.
 */
const FALLBACK_SEARCH = 64 * 1024;

export interface RawBuildInfo {
  /** e.g. `go1.19.8`. */
  goVersion: string;
  /** The module text, sentinels removed. */
  modInfo: string;
  /** Which layout the blob used. */
  layout: 'inline' | 'pointer';
}

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  /** The module this one replaces (the `mod`/`dep` line a `=>` line followed). */
  replaces?: { path: string; version: string; sum?: string };
}

export interface GoBuildInfo {
  goVersion: string;
  /** The main package path (`path` line). */
  path?: string;
  /** The main module (`mod` line), with any replacement applied. Absent for GOPATH builds. */
  main?: GoModule;
  deps: GoModule[];
  /** `build` lines, in order. */
  settings: Record<string, string>;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  // Buffer#indexOf is a native search over the same memory (no copy).
  return Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(needle, from);
}

/** Find a 16-byte aligned magic header in `region` (alignment is relative to the region's start). */
function findHeader(region: Uint8Array): number {
  let at = indexOf(region, MAGIC, 0);
  while (at >= 0) {
    if (at % 16 === 0 && at + HEADER_SIZE <= region.length) return at;
    at = indexOf(region, MAGIC, at + 1);
  }
  return -1;
}

/** Read an unsigned LEB128 varint; refuses more than 10 bytes and values beyond 2^53. */
export function readUvarint(b: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const byte = b[at + i];
    if (byte === undefined) throw new BinaryError('GO_BUILDINFO_MALFORMED', 'build info varint cut short');
    value += (byte & 0x7f) * scale;
    if (!Number.isSafeInteger(value)) throw new BinaryError('GO_BUILDINFO_MALFORMED', 'build info varint too large');
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
    scale *= 128;
  }
  throw new BinaryError('GO_BUILDINFO_MALFORMED', 'build info varint longer than 10 bytes');
}

const latin1 = new TextDecoder('utf-8');

function readInlineString(b: Uint8Array, at: number): { text: string; next: number } {
  const { value: len, next } = readUvarint(b, at);
  if (len > MAX_STRING || next + len > b.length) throw new BinaryError('GO_BUILDINFO_MALFORMED', `build info string of ${len} bytes runs past the end`);
  return { text: latin1.decode(b.subarray(next, next + len)), next: next + len };
}

function readPointer(b: Uint8Array, at: number, ptrSize: number, bigEndian: boolean): number {
  if (at + ptrSize > b.length) throw new BinaryError('GO_BUILDINFO_MALFORMED', 'build info pointer cut short');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (ptrSize === 4) return dv.getUint32(at, !bigEndian);
  const v = dv.getBigUint64(at, !bigEndian);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
}

/** Read a Go string header (data pointer, length) at a virtual address, then its bytes. */
function readPointerString(exe: Executable, src: ByteSource, addr: number, ptrSize: number, bigEndian: boolean): string {
  const hdr = addr >= 0 ? addrToOffset(exe, src.size, addr, 2 * ptrSize) : undefined;
  if (hdr === undefined) throw new BinaryError('GO_BUILDINFO_MALFORMED', `build info string header at 0x${addr.toString(16)} is not in the file`);
  const header = src.read(hdr, 2 * ptrSize);
  const data = readPointer(header, 0, ptrSize, bigEndian);
  const len = readPointer(header, ptrSize, ptrSize, bigEndian);
  if (len < 0 || len > MAX_STRING) throw new BinaryError('GO_BUILDINFO_MALFORMED', 'build info string length out of range');
  if (len === 0) return '';
  const off = data >= 0 ? addrToOffset(exe, src.size, data, len) : undefined;
  if (off === undefined) throw new BinaryError('GO_BUILDINFO_MALFORMED', `build info string at 0x${data.toString(16)} is not in the file`);
  return latin1.decode(src.read(off, len));
}

/** Strip the 16-byte sentinels cmd/go wraps module info in (present when a newline sits 17 bytes from the end). */
function stripSentinels(mod: string): string {
  if (mod.length >= 33 && mod[mod.length - 17] === '\n') return mod.slice(16, mod.length - 16);
  return mod;
}

/** The data regions to search for the header, best first, as Go's own reader prefers them; read lazily. */
function* candidateRegions(exe: Executable, src: ByteSource): Generator<Uint8Array> {
  const named = exe.sections.find((s) => s.name === '.go.buildinfo' || s.name === '__go_buildinfo');
  if (named) yield sectionBytes(src, named);
  const head = (offset: number, size: number): Uint8Array => src.read(offset, Math.min(size, FALLBACK_SEARCH));
  if (exe.format === 'pe') {
    const data = exe.sections.find((s) => s.name === '.data');
    // The whole section must lie in the file (sectionBytes' check); only its head is searched.
    if (data) yield sectionBytes(src, { ...data, size: data.offset + data.size <= src.size ? Math.min(data.size, FALLBACK_SEARCH) : data.size });
  }
  // An ELF whose section names are readable but has no `.go.buildinfo` is not a Go binary: the Go linker has written
  // that section since build info began (Go 1.13). Searching its data segment would only cost reads; the search is
  // for executables whose section table was stripped (sstrip, some packers).
  if (exe.format === 'elf' && exe.sections.some((s) => s.name !== '')) return;
  for (const rg of exe.ranges) {
    if (!(rg.writable || rg.name === '__DATA')) continue;
    if (rg.offset >= 0 && rg.size > 0 && rg.offset + rg.size <= src.size) yield head(rg.offset, rg.size);
  }
}

/**
 * Find and decode the build info blob of a Go executable (ELF, Mach-O or PE).
 * @throws BinaryError EXE_UNKNOWN_FORMAT, EXE_MALFORMED, GO_NO_BUILDINFO or GO_BUILDINFO_MALFORMED.
 * @example readRawBuildInfo(bytes).goVersion // 'go1.19.8'
 */
export function readRawBuildInfo(input: ExecutableInput): RawBuildInfo {
  const raw = findRawBuildInfo(input);
  if (!raw) throw new BinaryError('GO_NO_BUILDINFO', 'no Go build information');
  return raw;
}

/**
 * As readRawBuildInfo, but undefined for an executable without build info (most of them: not Go), which is not
 * worth an exception (their stack traces cost more than the search).
 */
export function findRawBuildInfo(input: ExecutableInput): RawBuildInfo | undefined {
  const src = asByteSource(input);
  const exe = readExecutable(src);
  let region: Uint8Array | undefined;
  let at = -1;
  for (const r of candidateRegions(exe, src)) {
    at = findHeader(r);
    if (at >= 0) {
      region = r;
      break;
    }
  }
  if (!region || at < 0) return undefined;
  const ptrSize = region[at + 14] as number;
  const flags = region[at + 15] as number;
  const bigEndian = (flags & 1) !== 0;
  if (flags & 2) {
    const v = readInlineString(region, at + HEADER_SIZE);
    const m = readInlineString(region, v.next);
    return { goVersion: v.text, modInfo: stripSentinels(m.text), layout: 'inline' };
  }
  if (ptrSize !== 4 && ptrSize !== 8) throw new BinaryError('GO_BUILDINFO_MALFORMED', `build info pointer size ${ptrSize}`);
  const vAddr = readPointer(region, at + 16, ptrSize, bigEndian);
  const mAddr = readPointer(region, at + 16 + ptrSize, ptrSize, bigEndian);
  const goVersion = readPointerString(exe, src, vAddr, ptrSize, bigEndian);
  const modInfo = readPointerString(exe, src, mAddr, ptrSize, bigEndian);
  return { goVersion, modInfo: stripSentinels(modInfo), layout: 'pointer' };
}

/** Undo Go's strconv.Quote for build setting keys/values that needed quoting; raw text when it is not JSON-compatible. */
function unquote(s: string): string {
  if (s.length < 2 || !s.startsWith('"') || !s.endsWith('"')) return s;
  try {
    const v: unknown = JSON.parse(s.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
    return typeof v === 'string' ? v : s;
  } catch {
    return s;
  }
}

/** Split a build line `K=V`, where K or V may be Go-quoted. */
function splitSetting(s: string): [string, string] | undefined {
  let key: string;
  let rest: string;
  if (s.startsWith('"')) {
    // A quoted key ends at the first unescaped quote.
    let i = 1;
    while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
    key = unquote(s.slice(0, i + 1));
    rest = s.slice(i + 1);
    if (!rest.startsWith('=')) return undefined;
    rest = rest.slice(1);
  } else {
    const eq = s.indexOf('=');
    if (eq <= 0) return undefined;
    key = s.slice(0, eq);
    rest = s.slice(eq + 1);
  }
  return [key, unquote(rest)];
}

/**
 * Parse the module text of a build info blob (the lines `go version -m` prints).
 * Replacement lines (`=>`) replace the module before them: the replacement is what was built.
 * @example parseModInfo('path\tx\nmod\tx\t(devel)\t\n', 'go1.21.0').main?.version // '(devel)'
 */
export function parseModInfo(modInfo: string, goVersion: string): GoBuildInfo {
  const info: GoBuildInfo = { goVersion, deps: [], settings: {} };
  let last: GoModule | undefined;
  for (const line of modInfo.split('\n')) {
    const f = line.split('\t');
    const kind = f[0];
    const mod = (): GoModule => {
      const m: GoModule = { path: f[1] ?? '', version: f[2] ?? '' };
      if (f[3]) m.sum = f[3];
      return m;
    };
    if (kind === 'path' && f[1]) info.path = f[1];
    else if (kind === 'mod' && f[1]) info.main = last = mod();
    else if (kind === 'dep' && f[1]) {
      last = mod();
      info.deps.push(last);
    } else if (kind === '=>' && f[1] && last) {
      const r = mod();
      const replaces: GoModule['replaces'] = { path: last.path, version: last.version };
      if (last.sum) replaces.sum = last.sum;
      last.path = r.path;
      last.version = r.version;
      if (r.sum) last.sum = r.sum;
      else delete last.sum;
      last.replaces = replaces;
      last = undefined;
    } else if (kind === 'build' && f.length >= 2) {
      const kv = splitSetting(f.slice(1).join('\t'));
      if (kv) info.settings[kv[0]] = kv[1];
    }
  }
  return info;
}

/**
 * Read a Go binary's build information.
 * @throws BinaryError as readRawBuildInfo.
 */
export function readGoBuildInfo(input: ExecutableInput): GoBuildInfo & { layout: RawBuildInfo['layout'] } {
  const raw = readRawBuildInfo(input);
  return { ...parseModInfo(raw.modInfo, raw.goVersion), layout: raw.layout };
}

/** As readGoBuildInfo, but undefined for an executable without build info. */
export function findGoBuildInfo(input: ExecutableInput): (GoBuildInfo & { layout: RawBuildInfo['layout'] }) | undefined {
  const raw = findRawBuildInfo(input);
  return raw && { ...parseModInfo(raw.modInfo, raw.goVersion), layout: raw.layout };
}
