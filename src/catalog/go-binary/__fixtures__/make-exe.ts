/**
 * Test-only writers for minimal ELF, Mach-O and PE files holding given sections, and for Go build info blobs in
 * both layouts. Only the fields Drydock reads are filled in. Layouts: see ../executable.ts and ../buildinfo.ts.
 */

export interface TestSection {
  name: string;
  /** Build the bytes once the section's virtual address is known (pointer-layout build info needs it). */
  data: Uint8Array | ((addr: number) => Uint8Array);
}

const BASE = 0x400000;

function bytesFor(s: TestSection, addr: number): Uint8Array {
  return typeof s.data === 'function' ? s.data(addr) : s.data;
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** ELF with one writable PT_LOAD per section (vaddr = BASE + file offset), plus a .shstrtab. */
export function makeElf(sections: TestSection[], opts: { is64?: boolean; bigEndian?: boolean } = {}): Uint8Array {
  const is64 = opts.is64 ?? true;
  const le = !opts.bigEndian;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const phoff = ehsize;
  let cursor = align(phoff + phentsize * sections.length, 16);
  const placed = sections.map((s) => {
    const offset = cursor;
    const data = bytesFor(s, BASE + offset);
    cursor = align(offset + data.length, 16);
    return { name: s.name, offset, data };
  });
  const names = ['', ...sections.map((s) => s.name), '.shstrtab'];
  const strtab = new TextEncoder().encode(names.join('\0') + '\0');
  const nameOffsets: number[] = [];
  let o = 0;
  for (const n of names) {
    nameOffsets.push(o);
    o += n.length + 1;
  }
  const strOff = cursor;
  cursor = align(strOff + strtab.length, 16);
  const shoff = cursor;
  const shnum = sections.length + 2;
  const buf = new Uint8Array(shoff + shnum * shentsize);
  const dv = new DataView(buf.buffer);
  buf.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1]);
  const w16 = (at: number, v: number) => dv.setUint16(at, v, le);
  const w32 = (at: number, v: number) => dv.setUint32(at, v, le);
  const wN = (at: number, v: number) => (is64 ? dv.setBigUint64(at, BigInt(v), le) : dv.setUint32(at, v, le));
  w16(16, 2); // ET_EXEC
  if (is64) {
    wN(32, phoff);
    wN(40, shoff);
    w16(52, ehsize);
    w16(54, phentsize);
    w16(56, sections.length);
    w16(58, shentsize);
    w16(60, shnum);
    w16(62, shnum - 1);
  } else {
    w32(28, phoff);
    w32(32, shoff);
    w16(40, ehsize);
    w16(42, phentsize);
    w16(44, sections.length);
    w16(46, shentsize);
    w16(48, shnum);
    w16(50, shnum - 1);
  }
  placed.forEach((p, i) => {
    buf.set(p.data, p.offset);
    const ph = phoff + i * phentsize;
    w32(ph, 1);
    if (is64) {
      w32(ph + 4, 6); // PF_R | PF_W
      wN(ph + 8, p.offset);
      wN(ph + 16, BASE + p.offset);
      wN(ph + 32, p.data.length);
      wN(ph + 40, p.data.length);
    } else {
      w32(ph + 4, p.offset);
      w32(ph + 8, BASE + p.offset);
      w32(ph + 16, p.data.length);
      w32(ph + 20, p.data.length);
      w32(ph + 24, 6);
    }
    const sh = shoff + (i + 1) * shentsize;
    w32(sh, nameOffsets[i + 1] as number);
    w32(sh + 4, 1); // SHT_PROGBITS
    if (is64) {
      wN(sh + 8, 3); // SHF_WRITE | SHF_ALLOC
      wN(sh + 16, BASE + p.offset);
      wN(sh + 24, p.offset);
      wN(sh + 32, p.data.length);
    } else {
      w32(sh + 8, 3);
      w32(sh + 12, BASE + p.offset);
      w32(sh + 16, p.offset);
      w32(sh + 20, p.data.length);
    }
  });
  buf.set(strtab, strOff);
  const sh = shoff + (shnum - 1) * shentsize;
  w32(sh, nameOffsets[names.length - 1] as number);
  w32(sh + 4, 3); // SHT_STRTAB
  if (is64) {
    wN(sh + 24, strOff);
    wN(sh + 32, strtab.length);
  } else {
    w32(sh + 16, strOff);
    w32(sh + 20, strtab.length);
  }
  return buf;
}

/** 64-bit little-endian Mach-O with one __DATA segment holding the sections. */
export function makeMachO(sections: TestSection[]): Uint8Array {
  const header = 32;
  const cmdsize = 72 + 80 * sections.length;
  let cursor = align(header + cmdsize, 16);
  const segOff = cursor;
  const placed = sections.map((s) => {
    const offset = cursor;
    const data = bytesFor(s, BASE + offset);
    cursor = align(offset + data.length, 16);
    return { name: s.name, offset, data };
  });
  const buf = new Uint8Array(cursor);
  const dv = new DataView(buf.buffer);
  const enc = new TextEncoder();
  dv.setUint32(0, 0xfeedfacf, true);
  dv.setUint32(16, 1, true);
  dv.setUint32(20, cmdsize, true);
  dv.setUint32(header, 0x19, true);
  dv.setUint32(header + 4, cmdsize, true);
  buf.set(enc.encode('__DATA'), header + 8);
  dv.setBigUint64(header + 24, BigInt(BASE + segOff), true);
  dv.setBigUint64(header + 32, BigInt(cursor - segOff), true);
  dv.setBigUint64(header + 40, BigInt(segOff), true);
  dv.setBigUint64(header + 48, BigInt(cursor - segOff), true);
  dv.setUint32(header + 60, 3, true);
  dv.setUint32(header + 64, sections.length, true);
  placed.forEach((p, i) => {
    const sa = header + 72 + i * 80;
    buf.set(enc.encode(p.name.slice(0, 16)), sa);
    buf.set(enc.encode('__DATA'), sa + 16);
    dv.setBigUint64(sa + 32, BigInt(BASE + p.offset), true);
    dv.setBigUint64(sa + 40, BigInt(p.data.length), true);
    dv.setUint32(sa + 48, p.offset, true);
    buf.set(p.data, p.offset);
  });
  return buf;
}

/** PE32+ with the given sections (names ≤ 8 bytes), image base BASE. */
export function makePe(sections: TestSection[]): Uint8Array {
  const peAt = 0x80;
  const optSize = 240;
  const table = peAt + 24 + optSize;
  let cursor = align(table + 40 * sections.length, 0x200);
  const placed = sections.map((s, i) => {
    const offset = cursor;
    const rva = 0x1000 * (i + 1);
    const data = bytesFor(s, BASE + rva);
    cursor = align(offset + data.length, 0x200);
    return { name: s.name, offset, rva, data };
  });
  const buf = new Uint8Array(cursor);
  const dv = new DataView(buf.buffer);
  buf.set([0x4d, 0x5a]);
  dv.setUint32(0x3c, peAt, true);
  dv.setUint32(peAt, 0x00004550, true);
  dv.setUint16(peAt + 4 + 2, sections.length, true);
  dv.setUint16(peAt + 4 + 16, optSize, true);
  dv.setUint16(peAt + 24, 0x20b, true);
  dv.setBigUint64(peAt + 24 + 24, BigInt(BASE), true);
  placed.forEach((p, i) => {
    const at = table + i * 40;
    buf.set(new TextEncoder().encode(p.name.slice(0, 8)), at);
    dv.setUint32(at + 8, p.data.length, true);
    dv.setUint32(at + 12, p.rva, true);
    dv.setUint32(at + 16, align(p.data.length, 0x200), true);
    dv.setUint32(at + 20, p.offset, true);
    dv.setUint32(at + 36, 0xc0000040, true);
    buf.set(p.data, p.offset);
  });
  return buf;
}

function uvarint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

const MAGIC = [0xff, ...new TextEncoder().encode(' Go buildinf:')];
/** The 16-byte sentinels cmd/go wraps module info in (any 16 bytes do: the reader only strips them). */
const SENTINEL = new Uint8Array(16).fill(0x30);

function wrapModInfo(mod: string): Uint8Array {
  const m = new TextEncoder().encode(mod);
  const out = new Uint8Array(m.length + 32);
  out.set(SENTINEL, 0);
  out.set(m, 16);
  out.set(SENTINEL, 16 + m.length);
  return out;
}

/** Go ≥ 1.18 inline build info. */
export function goBuildInfoInline(goVersion: string, modInfo: string): Uint8Array {
  const v = new TextEncoder().encode(goVersion);
  const m = wrapModInfo(modInfo);
  const header = new Uint8Array(32);
  header.set(MAGIC);
  header[14] = 8;
  header[15] = 2;
  return new Uint8Array([...header, ...uvarint(v.length), ...v, ...uvarint(m.length), ...m]);
}

/** Go < 1.18 pointer build info: header, two string headers, then the bytes, all in one section at `addr`. */
export function goBuildInfoPointer(goVersion: string, modInfo: string, ptrSize: 4 | 8, bigEndian = false): (addr: number) => Uint8Array {
  return (addr) => {
    const v = new TextEncoder().encode(goVersion);
    const m = wrapModInfo(modInfo);
    const hdrs = 32;
    const vData = hdrs + 4 * ptrSize;
    const mData = vData + v.length;
    const buf = new Uint8Array(mData + m.length);
    const dv = new DataView(buf.buffer);
    const put = (at: number, val: number) => (ptrSize === 8 ? dv.setBigUint64(at, BigInt(val), !bigEndian) : dv.setUint32(at, val, !bigEndian));
    buf.set(MAGIC);
    buf[14] = ptrSize;
    buf[15] = bigEndian ? 1 : 0;
    put(16, addr + hdrs);
    put(16 + ptrSize, addr + hdrs + 2 * ptrSize);
    put(hdrs, addr + vData);
    put(hdrs + ptrSize, v.length);
    put(hdrs + 2 * ptrSize, addr + mData);
    put(hdrs + 3 * ptrSize, m.length);
    buf.set(v, vData);
    buf.set(m, mData);
    return buf;
  };
}
