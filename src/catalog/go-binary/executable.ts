/**
 * Just enough of the ELF, Mach-O and PE containers to find a named section and to map a virtual address to a
 * file offset. Used by the go-binary cataloger (build info) and the rust-binary cataloger (`.dep-v0`).
 *
 * Layout facts:
 * - ELF: https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.eheader.html (header, section header table) and
 *   ch5.pheader.html (program headers).
 * - Mach-O: <mach-o/loader.h> (mach_header(_64), segment_command(_64), section(_64)),
 *   https://github.com/apple-oss-distributions/xnu/blob/main/EXTERNAL_HEADERS/mach-o/loader.h
 * - PE: https://learn.microsoft.com/en-us/windows/win32/debug/pe-format (COFF header, optional header, section table).
 *
 * Threat: every offset and count comes from the file. Each table is bounds-checked against the file size and the
 * counts are capped, so a hostile header gives a typed error, never an out-of-range read or a huge loop.
 *
 * Reads go through a ByteSource in 4 KiB pages, so a large binary read with random access costs its header pages,
 * its tables and the one section wanted, not the whole file.
 */
import { bytesSource, type ByteSource } from '../types.js';
import { BinaryError } from './errors.js';

export type ExecutableFormat = 'elf' | 'macho' | 'pe';

export interface Section {
  name: string;
  /** Mach-O segment name (`__DATA`); empty for ELF and PE. */
  segment: string;
  /** Virtual address (PE: including the image base). */
  addr: number;
  /** File offset and size of the section's bytes; size 0 for sections without file data (.bss). */
  offset: number;
  size: number;
  /** ELF: SHF_WRITE; PE: IMAGE_SCN_MEM_WRITE; Mach-O: false. */
  writable: boolean;
}

/** A loaded range: virtual addresses [addr, addr+size) come from file bytes [offset, offset+size). */
export interface LoadRange {
  addr: number;
  offset: number;
  size: number;
  writable: boolean;
  /** Mach-O segment name; empty otherwise. */
  name: string;
}

export interface Executable {
  format: ExecutableFormat;
  /** Pointer size in bytes (4 or 8). */
  ptrSize: 4 | 8;
  littleEndian: boolean;
  sections: Section[];
  ranges: LoadRange[];
}

const MAX_TABLE_ENTRIES = 65_535;

function malformed(message: string): BinaryError {
  return new BinaryError('EXE_MALFORMED', message);
}

/** Cheap magic test on the first bytes: which container this is, if any. Fat Mach-O files are not recognised. */
export function detectExecutableFormat(head: Uint8Array): ExecutableFormat | undefined {
  if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'elf';
  if (head.length >= 4) {
    const be = ((head[0] as number) << 24 | (head[1] as number) << 16 | (head[2] as number) << 8 | (head[3] as number)) >>> 0;
    if (be === 0xfeedface || be === 0xfeedfacf || be === 0xcefaedfe || be === 0xcffaedfe) return 'macho';
  }
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) return 'pe';
  return undefined;
}

/** Bytes in memory or random access to a file. */
export type ExecutableInput = Uint8Array | ByteSource;

export function asByteSource(input: ExecutableInput): ByteSource {
  return input instanceof Uint8Array ? bytesSource(input) : input;
}

const parsed = new WeakMap<ExecutableInput, Executable>();

/** Largest ELF section name table read; real ones are a few hundred bytes. */
const MAX_NAME_TABLE = 1024 * 1024;

/** A NUL-terminated name at `at` in a name table; '' when `at` is outside it. */
function cname(table: Uint8Array, at: number): string {
  if (at >= table.length) return '';
  let end = at;
  while (end < table.length && table[end] !== 0) end++;
  return latin1.decode(table.subarray(at, end));
}

/**
 * Read the section and segment tables of an executable.
 * @throws BinaryError EXE_UNKNOWN_FORMAT or EXE_MALFORMED.
 */
export function readExecutable(input: ExecutableInput): Executable {
  // The go-binary and rust-binary catalogers read the same files: the walker hands both the same object, so the
  // tables are read once.
  const known = parsed.get(input);
  if (known) return known;
  const src = asByteSource(input);
  const format = detectExecutableFormat(src.read(0, Math.min(4, src.size)));
  let exe: Executable;
  if (format === 'elf') exe = readElf(src);
  else if (format === 'macho') exe = readMachO(src);
  else if (format === 'pe') exe = readPe(src);
  else throw new BinaryError('EXE_UNKNOWN_FORMAT', 'not an ELF, Mach-O or PE executable');
  parsed.set(input, exe);
  return exe;
}


// Reads are whole 16 KiB pages: the ELF header and program headers share the first; the section headers and their
// name table sit together at the end of the file, usually in one page; each read of a layer costs a system call.
const PAGE = 16 * 1024;
const latin1 = new TextDecoder('latin1');

/** An unsigned 64-bit field as a number; values past 2^53 become MAX_SAFE_INTEGER (an impossible offset, refused later). */
function u64(dv: DataView, at: number, le: boolean): number {
  const lo = dv.getUint32(le ? at : at + 4, le);
  const hi = dv.getUint32(le ? at + 4 : at, le);
  return hi >= 0x200000 ? Number.MAX_SAFE_INTEGER : hi * 0x1_0000_0000 + lo;
}

/** Fields of a table already read into memory, at offsets relative to the table. */
class Fields {
  private readonly dv: DataView;
  constructor(
    readonly bytes: Uint8Array,
    private readonly le: boolean,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(at: number): number {
    return this.dv.getUint16(at, this.le);
  }
  u32(at: number): number {
    return this.dv.getUint32(at, this.le);
  }
  u64(at: number): number {
    return u64(this.dv, at, this.le);
  }
}

/** A bounds-checked reader for one endianness, reading the file in cached pages. */
class Reader {
  private readonly pages = new Map<number, { bytes: Uint8Array; dv: DataView }>();
  constructor(
    private readonly src: ByteSource,
    readonly le: boolean,
  ) {}
  get size(): number {
    return this.src.size;
  }
  check(at: number, len: number, what: string): void {
    if (!Number.isSafeInteger(at) || at < 0 || len < 0 || at + len > this.src.size) throw malformed(`${what} lies outside the file`);
  }
  private page(p: number): { bytes: Uint8Array; dv: DataView } {
    let page = this.pages.get(p);
    if (!page) {
      const bytes = this.src.read(p * PAGE, Math.min(PAGE, this.src.size - p * PAGE));
      page = { bytes, dv: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      this.pages.set(p, page);
    }
    return page;
  }
  /** `len` bytes at `at` (already checked): a view of a cached page, or a direct read across pages. */
  private bytes(at: number, len: number): Uint8Array {
    const p = Math.floor(at / PAGE);
    const off = at - p * PAGE;
    if (off + len > PAGE) return this.src.read(at, len);
    return this.page(p).bytes.subarray(off, off + len);
  }
  /** The DataView holding [at, at + len) and the field's offset in it (in `this.at`), bounds-checked. */
  private view(at: number, len: number): DataView {
    this.check(at, len, 'field');
    const p = Math.floor(at / PAGE);
    const off = at - p * PAGE;
    if (off + len <= PAGE) {
      this.at = off;
      return this.page(p).dv;
    }
    const b = this.src.read(at, len);
    this.at = 0;
    return new DataView(b.buffer, b.byteOffset, len);
  }
  private at = 0;
  u16(at: number): number {
    return this.view(at, 2).getUint16(this.at, this.le);
  }
  u32(at: number): number {
    return this.view(at, 4).getUint32(this.at, this.le);
  }
  u64(at: number): number {
    return u64(this.view(at, 8), this.at, this.le);
  }
  /** A table read at once (program or section headers): fields are then read from it without further checks. */
  table(at: number, len: number, what: string): Fields {
    this.check(at, len, what);
    return new Fields(this.bytes(at, len), this.le);
  }
  cstr(at: number, max: number): string {
    if (!Number.isSafeInteger(at) || at < 0 || at >= this.src.size) return '';
    // Names are short; one page bounds the read whatever a hostile table claims.
    const b = this.bytes(at, Math.min(max, this.src.size - at, PAGE - (at % PAGE)));
    let end = 0;
    while (end < b.length && b[end] !== 0) end++;
    return latin1.decode(b.subarray(0, end));
  }
}

function readElf(src: ByteSource): Executable {
  if (src.size < 52) throw malformed('ELF header cut short');
  const head = src.read(0, 6);
  const cls = head[4];
  const data = head[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2)) throw malformed('bad ELF class or data encoding');
  const is64 = cls === 2;
  const r = new Reader(src, data === 1);
  const phoff = is64 ? r.u64(32) : r.u32(28);
  const shoff = is64 ? r.u64(40) : r.u32(32);
  const phentsize = r.u16(is64 ? 54 : 42);
  const phnum = r.u16(is64 ? 56 : 44);
  const shentsize = r.u16(is64 ? 58 : 46);
  const shnum = r.u16(is64 ? 60 : 48);
  const shstrndx = r.u16(is64 ? 62 : 50);

  const ranges: LoadRange[] = [];
  if (phnum > 0) {
    if (phentsize < (is64 ? 56 : 32)) throw malformed('ELF program header entries too small');
    const t = r.table(phoff, phnum * phentsize, 'ELF program header table');
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      if (t.u32(at) !== 1) continue; // PT_LOAD only
      const flags = is64 ? t.u32(at + 4) : t.u32(at + 24);
      const offset = is64 ? t.u64(at + 8) : t.u32(at + 4);
      const addr = is64 ? t.u64(at + 16) : t.u32(at + 8);
      const size = is64 ? t.u64(at + 32) : t.u32(at + 16);
      ranges.push({ addr, offset, size, writable: (flags & 2) !== 0, name: '' });
    }
  }

  const sections: Section[] = [];
  if (shnum > 0 && shoff > 0) {
    if (shentsize < (is64 ? 64 : 40)) throw malformed('ELF section header entries too small');
    const t = r.table(shoff, shnum * shentsize, 'ELF section header table');
    const field = (i: number, off64: number, off32: number, wide: boolean): number => {
      const at = i * shentsize + (is64 ? off64 : off32);
      return is64 && wide ? t.u64(at) : t.u32(at);
    };
    // The section name table, read once (names are short; a hostile size is capped, and names past it read as '').
    const strIdx = shstrndx < shnum ? shstrndx : -1;
    const strOffset = strIdx >= 0 ? field(strIdx, 24, 16, true) : 0;
    const strSize = strIdx >= 0 ? field(strIdx, 32, 20, true) : 0;
    const names = strIdx >= 0 && strOffset + strSize <= src.size ? r.table(strOffset, Math.min(strSize, MAX_NAME_TABLE), 'ELF section names').bytes : undefined;
    for (let i = 0; i < shnum; i++) {
      const nameOff = field(i, 0, 0, false);
      // SHT_NOBITS (8) has no file bytes, whatever its size says.
      const size = field(i, 4, 4, false) === 8 ? 0 : field(i, 32, 20, true);
      const flags = field(i, 8, 8, true);
      sections.push({ name: names ? cname(names, nameOff) : '', segment: '', addr: field(i, 16, 12, true), offset: field(i, 24, 16, true), size, writable: (flags & 1) !== 0 });
    }
  }
  return { format: 'elf', ptrSize: is64 ? 8 : 4, littleEndian: r.le, sections, ranges };
}

function readMachO(src: ByteSource): Executable {
  const magic = src.read(0, 4);
  const magicLe = new DataView(magic.buffer, magic.byteOffset, 4).getUint32(0, true);
  const le = magicLe === 0xfeedface || magicLe === 0xfeedfacf;
  const is64 = magicLe === 0xfeedfacf || magicLe === 0xcffaedfe;
  const r = new Reader(src, le);
  const ncmds = r.u32(16);
  const sizeofcmds = r.u32(20);
  const headerSize = is64 ? 32 : 28;
  r.check(headerSize, sizeofcmds, 'Mach-O load commands');
  if (ncmds > MAX_TABLE_ENTRIES) throw malformed('too many Mach-O load commands');
  const sections: Section[] = [];
  const ranges: LoadRange[] = [];
  let at = headerSize;
  const end = headerSize + sizeofcmds;
  for (let i = 0; i < ncmds; i++) {
    if (at + 8 > end) throw malformed('Mach-O load command cut short');
    const cmd = r.u32(at);
    const cmdsize = r.u32(at + 4);
    if (cmdsize < 8 || at + cmdsize > end) throw malformed('bad Mach-O load command size');
    if (cmd === 0x19 || cmd === 0x1) {
      const seg64 = cmd === 0x19;
      const segname = r.cstr(at + 8, 16);
      const vmaddr = seg64 ? r.u64(at + 24) : r.u32(at + 24);
      const fileoff = seg64 ? r.u64(at + 40) : r.u32(at + 32);
      const filesize = seg64 ? r.u64(at + 48) : r.u32(at + 36);
      const initprot = r.u32(at + (seg64 ? 60 : 44));
      const nsects = r.u32(at + (seg64 ? 64 : 48));
      ranges.push({ addr: vmaddr, offset: fileoff, size: filesize, writable: (initprot & 2) !== 0, name: segname });
      const secSize = seg64 ? 80 : 68;
      const first = at + (seg64 ? 72 : 56);
      if (first + nsects * secSize > at + cmdsize) throw malformed('Mach-O sections overrun their segment command');
      for (let s = 0; s < nsects; s++) {
        const sa = first + s * secSize;
        const type = r.u32(sa + (seg64 ? 64 : 56)) & 0xff;
        // S_ZEROFILL (1), S_GB_ZEROFILL (12), S_THREAD_LOCAL_ZEROFILL (18) have no file bytes.
        const zerofill = type === 1 || type === 12 || type === 18;
        sections.push({
          name: r.cstr(sa, 16),
          segment: r.cstr(sa + 16, 16),
          addr: seg64 ? r.u64(sa + 32) : r.u32(sa + 32),
          size: zerofill ? 0 : seg64 ? r.u64(sa + 40) : r.u32(sa + 36),
          offset: r.u32(sa + (seg64 ? 48 : 40)),
          writable: false,
        });
      }
    }
    at += cmdsize;
  }
  return { format: 'macho', ptrSize: is64 ? 8 : 4, littleEndian: le, sections, ranges };
}

function readPe(src: ByteSource): Executable {
  const r = new Reader(src, true);
  const peAt = r.u32(0x3c);
  r.check(peAt, 24, 'PE header');
  if (r.u32(peAt) !== 0x00004550) throw new BinaryError('EXE_UNKNOWN_FORMAT', 'MZ file without a PE header');
  const coff = peAt + 4;
  const nsections = r.u16(coff + 2);
  const optSize = r.u16(coff + 16);
  const opt = coff + 20;
  const magic = r.u16(opt);
  if (magic !== 0x10b && magic !== 0x20b) throw malformed('unknown PE optional header magic');
  const is64 = magic === 0x20b;
  const imageBase = is64 ? r.u64(opt + 24) : r.u32(opt + 28);
  const table = opt + optSize;
  r.check(table, nsections * 40, 'PE section table');
  const sections: Section[] = [];
  const ranges: LoadRange[] = [];
  for (let i = 0; i < nsections; i++) {
    const at = table + i * 40;
    const name = r.cstr(at, 8);
    const vsize = r.u32(at + 8);
    const vaddr = r.u32(at + 12);
    const rawSize = r.u32(at + 16);
    const rawPtr = r.u32(at + 20);
    const chars = r.u32(at + 36);
    const writable = (chars & 0x80000000) !== 0;
    const size = Math.min(vsize || rawSize, rawSize);
    sections.push({ name, segment: '', addr: imageBase + vaddr, offset: rawPtr, size, writable });
    ranges.push({ addr: imageBase + vaddr, offset: rawPtr, size, writable, name });
  }
  return { format: 'pe', ptrSize: is64 ? 8 : 4, littleEndian: true, sections, ranges };
}

/**
 * The file bytes of a section, bounds-checked.
 * @throws BinaryError EXE_MALFORMED when the section lies outside the file.
 */
export function sectionBytes(input: ExecutableInput, s: Section): Uint8Array {
  const src = asByteSource(input);
  if (!Number.isSafeInteger(s.offset) || !Number.isSafeInteger(s.size) || s.offset < 0 || s.size < 0 || s.offset + s.size > src.size) {
    throw malformed(`section ${s.name} lies outside the file`);
  }
  return src.read(s.offset, s.size);
}

/** Map a virtual address to a file offset through the load ranges; undefined when unmapped or outside the file. */
export function addrToOffset(exe: Executable, fileSize: number, addr: number, length: number): number | undefined {
  for (const rg of exe.ranges) {
    if (addr >= rg.addr && addr + length <= rg.addr + rg.size) {
      const off = rg.offset + (addr - rg.addr);
      if (off >= 0 && off + length <= fileSize) return off;
    }
  }
  return undefined;
}
