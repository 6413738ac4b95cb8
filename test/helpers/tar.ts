/**
 * A tiny tar writer for tests: builds ustar archives (with pax headers for long names) from entry lists, so tests
 * can craft exactly the layers they need, hostile ones included.
 */
export interface TestEntry {
  name: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'fifo';
  body?: string | Uint8Array;
  mode?: number;
  linkname?: string;
  /** Write the name with a pax `path` record (for names over 100 bytes, or on purpose). */
  pax?: Record<string, string>;
  /** Corrupt the header checksum. */
  badChecksum?: boolean;
}

const enc = new TextEncoder();

function octal(n: number, len: number): string {
  return `${n.toString(8).padStart(len - 1, '0')}\0`;
}

function header(name: string, size: number, flag: string, mode: number, linkname: string, badChecksum = false): Uint8Array {
  const b = new Uint8Array(512);
  const put = (s: string, off: number, len: number): void => { b.set(enc.encode(s).subarray(0, len), off); };
  put(name, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put('        ', 148, 8);
  put(flag, 156, 1);
  put(linkname, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const c of b) sum += c;
  if (badChecksum) sum += 1;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return b;
}

function pad(n: number): Uint8Array {
  return new Uint8Array((512 - (n % 512)) % 512);
}

function paxBody(rec: Record<string, string>): Uint8Array {
  let out = '';
  for (const [k, v] of Object.entries(rec)) {
    const line = ` ${k}=${v}\n`;
    let len = line.length + 1;
    while (`${len}${line}`.length !== len) len = `${len}${line}`.length;
    out += `${len}${line}`;
  }
  return enc.encode(out);
}

const FLAGS = { file: '0', hardlink: '1', symlink: '2', char: '3', dir: '5', fifo: '6' } as const;

/** Build a tar archive; `end` false leaves out the two zero blocks. */
export function makeTar(entries: TestEntry[], end = true): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const type = e.type ?? 'file';
    const body = typeof e.body === 'string' ? enc.encode(e.body) : (e.body ?? new Uint8Array(0));
    const pax = { ...(e.pax ?? {}) };
    let name = e.name;
    if (enc.encode(name).length > 100) {
      pax.path = name;
      name = name.slice(0, 99);
    }
    if (Object.keys(pax).length) {
      const pb = paxBody(pax);
      parts.push(header('PaxHeader', pb.length, 'x', 0o644, ''), pb, pad(pb.length));
    }
    const size = type === 'file' ? body.length : 0;
    parts.push(header(name, size, FLAGS[type], e.mode ?? (type === 'dir' ? 0o755 : 0o644), e.linkname ?? '', e.badChecksum));
    if (size) parts.push(body, pad(size));
  }
  if (end) parts.push(new Uint8Array(1024));
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Feed bytes as an async iterable in chunks of `size` (to exercise chunk boundaries). */
export async function* chunked(bytes: Uint8Array, size = 7000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
